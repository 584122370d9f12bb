import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { TaskStatus, WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { storedLightsHold } from '../tasks/task-lights';
import { ruleLightSql } from '../tasks/task-query';

/** 跟踪分析's counts of a plan's live tasks: by chapter, and by lead unit and status. */

/** A number of tasks: how many, how many 已完成, by light, and their reported percent summed. */
export interface TaskTally {
  count: number;
  done: number;
  green: number;
  yellow: number;
  red: number;
  grey: number;
  none: number;
  percentSum: number;
}

/** What 跟踪分析 adds up about a plan's live tasks: tallies by chapter, and by lead unit and status. */
export interface PlanTaskCounts {
  byChapter: (TaskTally & { chapterId: number })[];
  /** Unassigned tasks under a null lead unit. */
  byLeadAndStatus: (TaskTally & { leadUnitId: number | null; status: TaskStatus })[];
}

/**
 * A plan's live tasks tallied in SQL, in two grouped queries of a few hundred groups each: by chapter (through the
 * measure and section), and by lead unit and status (in the order of the tasks_by_plan_lead index: no sorting). With
 * the stored light dates each light is a comparison of dates (task-lights.ts); the tallies are sums, not one group
 * per light (a plan of 10,000 tasks had 4,900 groups of chapter × unit × status × light: 17 ms of 53, bench/).
 */
export async function countPlanTasks(db: Kysely<Database>, planId: number, today: string, thresholds: WarningThresholds): Promise<PlanTaskCounts> {
  const lights = await lightSums(db, planId, today, thresholds);
  const tallies = [
    sql<number>`count(*)`.as('n'),
    countWhere(sql`tasks.status = '已完成'`).as('done'),
    lights.red.as('red'),
    lights.yellowOrRed.as('yellow_or_red'),
    lights.grey.as('grey'),
    lights.none.as('none'),
    sql<number>`sum(tasks.percent)`.as('percent_sum'),
  ];
  const live = db.selectFrom('tasks').where('tasks.plan_id', '=', planId).where('tasks.retired_at', 'is', null);
  const [chapters, leads] = await Promise.all([
    live
      .innerJoin('measures as m', 'm.id', 'tasks.measure_id')
      .innerJoin('sections as s', 's.id', 'm.section_id')
      .select(['s.chapter_id', ...tallies])
      .groupBy('s.chapter_id')
      .execute(),
    live.select(['tasks.lead_unit_id', 'tasks.status', ...tallies]).groupBy(['tasks.lead_unit_id', 'tasks.status']).execute(),
  ]);
  return {
    byChapter: chapters.map((row) => ({ chapterId: row.chapter_id, ...tallyOf(row) })),
    byLeadAndStatus: leads.map((row) => ({ leadUnitId: row.lead_unit_id, status: row.status as TaskStatus, ...tallyOf(row) })),
  };
}

interface TallyRow {
  n: number;
  done: number | null;
  red: number | null;
  yellow_or_red: number | null;
  grey: number | null;
  none: number | null;
  percent_sum: number | null;
}

function tallyOf(row: TallyRow): TaskTally {
  const count = Number(row.n);
  const red = Number(row.red ?? 0);
  const yellowOrRed = Number(row.yellow_or_red ?? 0);
  const grey = Number(row.grey ?? 0);
  const none = Number(row.none ?? 0);
  return { count, done: Number(row.done ?? 0), green: count - yellowOrRed - grey - none, yellow: yellowOrRed - red, red, grey, none, percentSum: Number(row.percent_sum ?? 0) };
}

/**
 * Per-group sums of tasks red, yellow or red, grey and without a light. From the stored light dates when they hold
 * for these thresholds: red from its first red day on, yellow or red from its first yellow day on, grey and none
 * fixed (rules/task-light-dates.ts); else the rule per task.
 */
async function lightSums(db: Kysely<Database>, planId: number, today: string, thresholds: WarningThresholds) {
  if (await storedLightsHold(db, thresholds)) {
    return {
      red: countWhere(sql`tasks.light_red_from <= ${today}`),
      yellowOrRed: countWhere(sql`tasks.light_yellow_from <= ${today}`),
      grey: countWhere(sql`tasks.light_base = 'grey'`),
      none: countWhere(sql`tasks.light_base = 'none'`),
    };
  }
  const plan = await db.selectFrom('plans').select(['period_start', 'period_end']).where('id', '=', planId).executeTakeFirstOrThrow();
  const light = ruleLightSql(today, thresholds, { first: `${plan.period_start}-01-01`, last: `${plan.period_end}-12-31` });
  return {
    red: countWhere(sql`${light} = 'red'`),
    yellowOrRed: countWhere(sql`${light} IN ('yellow', 'red')`),
    grey: countWhere(sql`${light} = 'grey'`),
    none: countWhere(sql`${light} = 'none'`),
  };
}

/** How many rows of the group meet `condition` (a CASE, not a sum of booleans: PostgreSQL has no sum(boolean)). */
function countWhere(condition: RawBuilder<unknown>) {
  return sql<number>`sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
}

