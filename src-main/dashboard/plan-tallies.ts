import { SqliteAdapter, sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { TaskStatus, WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { idList, notAnIndexKey } from '../db/sql-forms';
import { countOf, countWhere, sumOf, type Weight } from '../db/weighted-sums';
import { slicesOf, yieldToEventLoop } from '../db/slices';
import { noticeOverdueSql } from '../rules/notice-overdue';
import { reportLateSql } from '../rules/report-date';
import { storedLightConditions, storedLightTurnsBetween } from '../rules/task-light-dates';
import { cooperatorStatusSums, recountCooperatorStatusTallies, type TaskRows } from '../tasks/task-cooperator-tallies';
import { storedLightsHold } from '../tasks/task-lights';
import { ruleLightSql } from '../tasks/task-query';

/**
 * 跟踪分析's counts of a plan: its live tasks by chapter and by lead unit and status (with their lights on a day), the
 * tasks each unit cooperates on, the rows of its open rounds per unit, its unsolved problems.
 *
 * Kept in tally tables (migration 0022) as the data changes, so a dashboard reads a few hundred rows however many
 * tasks, reports and problems a plan has. The grouped queries below are what each table holds: a plan's tallies are
 * rebuilt from them when they are not known to hold (after a write the triggers cannot follow), moved on from the day
 * they were kept for by the tasks whose light turns in between (the first call of a day), and read from them directly
 * when the stored light dates were worked out for other thresholds. The triggers keep the tables equal to these queries through every write; plan-tallies.test.ts holds
 * them so after each kind of write, on both engines.
 */

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

export interface PlanTallies {
  byChapter: (TaskTally & { chapterId: number })[];
  /** Unassigned tasks under a null lead unit. */
  byLead: (TaskTally & { leadUnitId: number | null })[];
  byStatus: (TaskTally & { status: TaskStatus })[];
  /** Live tasks each unit cooperates on. */
  cooperating: { unitId: number; count: number }[];
  /** The rows of the plan's rounds not closed, per unit. */
  openRounds: { roundId: number; unitId: number; expected: number; reported: number; late: number }[];
  /** Problems open or in progress. */
  problems: { open: number; openMajor: number };
  /** 督办 notices not 办结, and those of them 逾期, by level. */
  notices: { level: string; open: number; overdue: number }[];
}

/** The plan's tallies on `today`: from the tally tables (rebuilt first when they do not hold for the day). */
export async function planTallies(db: Kysely<Database>, planId: number, today: string, thresholds: WarningThresholds): Promise<PlanTallies> {
  // The tables hold the stored lights; for other thresholds each task's light is worked out by the rule instead.
  if (!(await storedLightsHold(db, thresholds))) return countLive(db, planId, today, thresholds);
  await holdPlanTallies(db, today, planId);
  const [chapters, [byLead, byStatus], cooperating, rounds, problems, notices] = await Promise.all([
    db.selectFrom('plan_chapter_tallies').selectAll().where('plan_id', '=', planId).where('n', '>', 0).execute(),
    leadRollUps(db, db.selectFrom('plan_lead_tallies').selectAll().where('plan_id', '=', planId)),
    db.selectFrom('plan_cooperator_tallies').select(['unit_id', 'n']).where('plan_id', '=', planId).where('n', '>', 0).execute(),
    db
      .selectFrom('round_unit_tallies as t')
      .innerJoin('rounds', 'rounds.id', 't.round_id')
      .select(['t.round_id', 't.unit_id', 't.expected', 't.reported', 't.late'])
      .where('rounds.plan_id', '=', planId)
      .where('rounds.state', '!=', 'closed')
      .where('t.expected', '>', 0)
      .execute(),
    db.selectFrom('plan_problem_tallies').select(['open', 'open_major']).where('plan_id', '=', planId).executeTakeFirst(),
    db.selectFrom('plan_notice_tallies').select(['level', 'open', 'overdue']).where('plan_id', '=', planId).where('open', '>', 0).execute(),
  ]);
  return tallies(chapters, byLead, byStatus, cooperating, rounds, problems ?? { open: 0, open_major: 0 }, notices);
}

/**
 * Makes the tallies of one plan (or of every plan) hold for `today`, counting again those that do not: kept for another
 * day (lights move with the date), or forgotten after a write the triggers cannot follow. The one place that decides
 * whether a plan's tallies hold; 跟踪分析 and the task lists' counts both call it. Returns the plans' ids.
 */
export async function holdPlanTallies(db: Kysely<Database>, today: string, planId?: number): Promise<number[]> {
  let plans = db.selectFrom('plans').leftJoin('plan_tally_days as d', 'd.plan_id', 'plans.id').select(['plans.id', 'd.as_of']);
  if (planId !== undefined) plans = plans.where('plans.id', '=', planId);
  const all = await plans.execute();
  // Forgotten (no day): counted afresh, each plan in a transaction of its own (a large plan's count lets the loop run).
  for (const plan of all) if (plan.as_of === null) await rebuildPlanTallies(db, plan.id, today);
  // Kept for another day: moved on to this one, every such plan in one transaction — one commit for 我的任务's
  // morning, not one per plan the unit has tasks in.
  const kept = all.filter((plan): plan is { id: number; as_of: string } => plan.as_of !== null && plan.as_of !== today);
  if (kept.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const plan of kept) await advancePlanTallies(trx, plan.id, plan.as_of, today);
    });
  }
  return all.map((plan) => plan.id);
}

/**
 * Moves a plan's tallies, held for day `from`, on to `today`, inside the caller's write transaction. Of what they hold only the
 * lights and 督办 notices' 逾期 depend on the day; everything else the triggers kept stays true. A task's light turns
 * only on its stored yellow and red days, so only the tasks with such a day between the two change (a few on a normal
 * morning): they are counted by chapter, by lead unit and status and by cooperating unit and status, and the tallies
 * move by them; the notices (a few dozen rows) are counted again. The first call of a day used to count
 * every live task of the plan again, four grouped counts through its chapters (~250 ms for a 40,000-task plan, bench/).
 */
async function advancePlanTallies(trx: Kysely<Database>, planId: number, from: string, today: string): Promise<void> {
  // Found in one pass over the plan's live tasks; the counts read them by key. Taken out as they were counted on `from`
  // and put back as they count on `today` (the batch's move, writeTasksMovingTallies): only their lights differ, so
  // only the lit counts move, up or down (the clock of the tests, or a corrected system date, can go back).
  const turning = await liveTasks(trx, planId).select('tasks.id').where(storedLightTurnsBetween(from, today)).execute();
  if (turning.length > 0) {
    const ids = idList(turning.map((row) => row.id));
    const atOnce = async () => {};
    await addToTallies(trx, ids, planId, from, sql.lit(-1), atOnce);
    await addToTallies(trx, ids, planId, today, undefined, atOnce);
  }
  await trx.deleteFrom('plan_notice_tallies').where('plan_id', '=', planId).execute();
  await trx.insertInto('plan_notice_tallies').columns(['plan_id', 'level', 'open', 'overdue']).expression(noticeCounts(trx, planId, today)).execute();
  await trx.updateTable('plan_tally_days').set({ as_of: today }).where('plan_id', '=', planId).execute();
}

/**
 * Replaces the plan's tallies with a fresh count for `today`, in one write transaction: the triggers change them only
 * inside write transactions too, so none is lost between the count and the insert. The event loop runs between its
 * grouped counts (db/slices.ts: safe inside the transaction): a 40,000-task plan's count took ~0.5 s, the first call
 * of a day in one block, and 我的任务 counts every plan the unit has tasks in.
 */
export async function rebuildPlanTallies(db: Kysely<Database>, planId: number, today: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const lights = storedLights(today);
    await trx.deleteFrom('plan_chapter_tallies').where('plan_id', '=', planId).execute();
    await trx.deleteFrom('plan_lead_tallies').where('plan_id', '=', planId).execute();
    await trx.deleteFrom('plan_cooperator_tallies').where('plan_id', '=', planId).execute();
    await trx.deleteFrom('round_unit_tallies').where('round_id', 'in', trx.selectFrom('rounds').select('id').where('plan_id', '=', planId)).execute();
    await trx.deleteFrom('plan_problem_tallies').where('plan_id', '=', planId).execute();
    await trx.deleteFrom('plan_notice_tallies').where('plan_id', '=', planId).execute();
    await yieldToEventLoop();
    await trx
      .insertInto('plan_chapter_tallies')
      .columns(['plan_id', 'chapter_id', 'n', 'done', 'percent_sum', 'grey', 'unlit', 'yellow_or_red', 'red'])
      .expression(chapterCounts(liveTasks(trx, planId), lights))
      .execute();
    await yieldToEventLoop();
    await trx
      .insertInto('plan_lead_tallies')
      .columns(['plan_id', 'lead_unit_id', 'status', 'n', 'percent_sum', 'grey', 'unlit', 'yellow_or_red', 'red'])
      .expression(leadCounts(liveTasks(trx, planId), lights))
      .execute();
    await yieldToEventLoop();
    await trx.insertInto('plan_cooperator_tallies').columns(['plan_id', 'unit_id', 'n']).expression(cooperatorCounts(trx, planId)).execute();
    await yieldToEventLoop();
    // 我的任务's 配合任务 counts (migration 0028) hold on the same day as the rest.
    await recountCooperatorStatusTallies(trx, planId, today);
    await yieldToEventLoop();
    await trx.insertInto('round_unit_tallies').columns(['round_id', 'unit_id', 'expected', 'reported', 'late']).expression(openRoundCounts(trx, planId)).execute();
    await yieldToEventLoop();
    const problems = await problemCounts(trx, planId);
    await trx.insertInto('plan_problem_tallies').values({ plan_id: planId, open: problems.open, open_major: problems.open_major }).execute();
    await trx.insertInto('plan_notice_tallies').columns(['plan_id', 'level', 'open', 'overdue']).expression(noticeCounts(trx, planId, today)).execute();
    await trx
      .insertInto('plan_tally_days')
      .values({ plan_id: planId, as_of: today })
      .onConflict((oc) => oc.column('plan_id').doUpdateSet({ as_of: today }))
      .execute();
  });
}

/**
 * Runs `write`, which sets the counted columns of many tasks (`taskIds`: a batch of reports sets their status, percent
 * and light dates, a slice of tasks per UPDATE), and moves the held tallies of their plans by a few grouped statements
 * instead of by the row triggers once per task and table (~8.5 µs a task, ~85 ms of a 10,000-row template import,
 * bench data). The tasks are counted as the rebuild counts them (chapterCounts, leadCounts, cooperatorStatusSums) over
 * their ids: before the write taken out of each tally, after it put back in, a few thousand tasks per statement (one
 * statement per slice and table cost as much in building and compiling as the triggers it saved). The triggers count a
 * task only while its plan's day is held (0031 on SQLite, the statement triggers' join on PostgreSQL), so the plans'
 * days are set aside for the write and put back after, inside the caller's transaction: no one sees them missing, and
 * if anything between fails the transaction leaves nothing behind. Not for a write that moves tasks to another plan or
 * retires them: plan_cooperator_tallies follows those, and is not counted here.
 *
 * SQLite only: PostgreSQL's tally triggers are statement triggers (migrations/postgres/0022, 0032) that already count a
 * statement's tasks grouped, once; there the write runs as it is (taking the tasks out and back by these statements as
 * well cost a 10,000-row import's apply ~0.4 s, bench data).
 */
export async function writeTasksMovingTallies(trx: Kysely<Database>, taskIds: readonly number[], write: () => Promise<unknown>): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof SqliteAdapter)) {
    await write();
    return;
  }
  const slices = slicesOf(taskIds, TALLY_SLICE);
  // The loop runs before each statement; a batch of one slice (a few reports) does not give it away while it holds the
  // write lock.
  const between = slices.length > 1 ? yieldToEventLoop : async () => {};
  await between();
  const held = await trx
    .deleteFrom('plan_tally_days')
    .where('plan_id', 'in', trx.selectFrom('tasks').select('tasks.plan_id').where('tasks.id', 'in', idList(taskIds)))
    .returning(['plan_id', 'as_of'])
    .execute();
  const addAll = async (weight: Weight) => {
    for (const day of held) for (const slice of slices) await addToTallies(trx, idList(slice), day.plan_id, day.as_of, weight, between);
  };
  await addAll(sql.lit(-1));
  await write();
  await addAll(undefined);
  if (held.length > 0) await trx.insertInto('plan_tally_days').values(held).execute();
}

/** Tasks per statement of writeTasksMovingTallies: ~5–15 ms each (bench data), the event loop free between them. */
const TALLY_SLICE = 2000;

/** Adds the plan's live tasks among `ids`, counted for `asOf`, to its task tallies, each task `weight` times (once: undefined). */
async function addToTallies(
  trx: Kysely<Database>,
  ids: RawBuilder<number>,
  planId: number,
  asOf: string,
  weight: Weight,
  between: () => Promise<void>,
): Promise<void> {
  // Reached by their ids; the plan is not the way in (notAnIndexKey): SQLite would read every task of the plan through
  // its index and look each up among the ids.
  const rows: TaskRows = trx.selectFrom('tasks').where('tasks.id', 'in', ids).where(notAnIndexKey(sql.ref<number>('tasks.plan_id')), '=', planId).where('tasks.retired_at', 'is', null);
  const lights = storedLights(asOf);
  const added = (table: string, columns: readonly string[]) =>
    Object.fromEntries(columns.map((column) => [column, sql<number>`${sql.ref(`${table}.${column}`)} + ${sql.ref(`excluded.${column}`)}`]));
  const sums = ['n', 'grey', 'unlit', 'yellow_or_red', 'red'] as const;
  await between();
  await trx
    .insertInto('plan_chapter_tallies')
    .columns(['plan_id', 'chapter_id', 'n', 'done', 'percent_sum', 'grey', 'unlit', 'yellow_or_red', 'red'])
    .expression(chapterCounts(rows, lights, weight))
    .onConflict((oc) => oc.columns(['plan_id', 'chapter_id']).doUpdateSet(added('plan_chapter_tallies', [...sums, 'done', 'percent_sum'])))
    .execute();
  await between();
  await trx
    .insertInto('plan_lead_tallies')
    .columns(['plan_id', 'lead_unit_id', 'status', 'n', 'percent_sum', 'grey', 'unlit', 'yellow_or_red', 'red'])
    .expression(leadCounts(rows, lights, weight))
    .onConflict((oc) => oc.columns(['plan_id', 'lead_unit_id', 'status']).doUpdateSet(added('plan_lead_tallies', [...sums, 'percent_sum'])))
    .execute();
  await between();
  await trx
    .insertInto('plan_cooperator_status_tallies')
    .columns(['plan_id', 'unit_id', 'status', 'n', 'grey', 'unlit', 'yellow_or_red', 'red'])
    .expression(cooperatorStatusSums(rows, asOf, weight))
    .onConflict((oc) => oc.columns(['plan_id', 'unit_id', 'status']).doUpdateSet(added('plan_cooperator_status_tallies', sums)))
    .execute();
}

/** The same counts straight from the rows, with each task's light by the rule for `thresholds`. */
async function countLive(db: Kysely<Database>, planId: number, today: string, thresholds: WarningThresholds): Promise<PlanTallies> {
  const plan = await db.selectFrom('plans').select(['period_start', 'period_end']).where('id', '=', planId).executeTakeFirstOrThrow();
  const light = ruleLightSql(today, thresholds, { first: `${plan.period_start}-01-01`, last: `${plan.period_end}-12-31` });
  return countFromRows(db, planId, today, {
    grey: sql`${light} = 'grey'`,
    unlit: sql`${light} = 'none'`,
    yellowOrRed: sql`${light} IN ('yellow', 'red')`,
    red: sql`${light} = 'red'`,
  });
}

/** What a rebuild would store now: the tests compare the kept tallies with it after each write. */
export function countStoredLightsFromRows(db: Kysely<Database>, planId: number, today: string): Promise<PlanTallies> {
  return countFromRows(db, planId, today, storedLights(today));
}

async function countFromRows(db: Kysely<Database>, planId: number, today: string, lights: Lights): Promise<PlanTallies> {
  const [chapters, [byLead, byStatus], cooperating, rounds, problems, notices] = await Promise.all([
    chapterCounts(liveTasks(db, planId), lights).execute(),
    leadRollUps(db, leadCounts(liveTasks(db, planId), lights)),
    cooperatorCounts(db, planId).execute(),
    openRoundCounts(db, planId).execute(),
    problemCounts(db, planId),
    noticeCounts(db, planId, today).execute(),
  ]);
  return tallies(chapters, byLead, byStatus, cooperating, rounds, problems, notices);
}

/** Each light as a condition on a task row. */
interface Lights {
  grey: RawBuilder<unknown>;
  unlit: RawBuilder<unknown>;
  yellowOrRed: RawBuilder<unknown>;
  red: RawBuilder<unknown>;
}

/**
 * From the stored light dates (rules/task-light-dates.ts): yellow or red from its first yellow day on, red from its
 * first red day on, grey and none fixed — the comparisons the triggers make against plan_tally_days.as_of.
 */
function storedLights(today: string): Lights {
  return { grey: sql`tasks.light_base = 'grey'`, unlit: sql`tasks.light_base = 'none'`, ...storedLightConditions(today) };
}

/** The sums each task tally holds, over rows that count once (a count), or `weight` times each. */
function taskSums(lights: Lights, weight: Weight) {
  return {
    n: countOf(weight),
    percentSum: sumOf(sql`tasks.percent`, weight),
    grey: countWhere(lights.grey, weight),
    unlit: countWhere(lights.unlit, weight),
    yellowOrRed: countWhere(lights.yellowOrRed, weight),
    red: countWhere(lights.red, weight),
  };
}

const liveTasks = (db: Kysely<Database>, planId: number) => db.selectFrom('tasks').where('tasks.plan_id', '=', planId).where('tasks.retired_at', 'is', null);

/** plan_chapter_tallies: by chapter, through the measure and section. */
function chapterCounts(rows: TaskRows, lights: Lights, weight?: Weight) {
  const sums = taskSums(lights, weight);
  const done = countWhere(sql`tasks.status = '已完成'`, weight);
  return rows
    .innerJoin('measures as m', 'm.id', 'tasks.measure_id')
    .innerJoin('sections as s', 's.id', 'm.section_id')
    .select([
      'tasks.plan_id',
      's.chapter_id',
      sums.n.as('n'),
      done.as('done'),
      sums.percentSum.as('percent_sum'),
      sums.grey.as('grey'),
      sums.unlit.as('unlit'),
      sums.yellowOrRed.as('yellow_or_red'),
      sums.red.as('red'),
    ])
    .groupBy(['tasks.plan_id', 's.chapter_id']);
}

/** plan_lead_tallies: by lead unit (0 for 未分配) and status. */
function leadCounts(rows: TaskRows, lights: Lights, weight?: Weight) {
  const sums = taskSums(lights, weight);
  const lead = sql<number>`coalesce(tasks.lead_unit_id, 0)`;
  return rows
    .select([
      'tasks.plan_id',
      lead.as('lead_unit_id'),
      'tasks.status',
      sums.n.as('n'),
      sums.percentSum.as('percent_sum'),
      sums.grey.as('grey'),
      sums.unlit.as('unlit'),
      sums.yellowOrRed.as('yellow_or_red'),
      sums.red.as('red'),
    ])
    .groupBy(['tasks.plan_id', lead, 'tasks.status']);
}

/** A plan_lead_tallies row. */
interface LeadTallyRow extends TallyRow {
  lead_unit_id: number;
  status: string;
}

/**
 * The lead tallies summed by lead unit and by status, in SQL: what the dashboard shows of them (per unit; the totals
 * by status and light) is ~150 and 5 rows, where the tallies are ~650.
 */
function leadRollUps(db: Kysely<Database>, rows: Expression<LeadTallyRow>) {
  const sums = [
    sql<number>`sum(t.n)`.as('n'),
    sql<number>`sum(CASE WHEN t.status = '已完成' THEN t.n ELSE 0 END)`.as('done'),
    sql<number>`sum(t.percent_sum)`.as('percent_sum'),
    sql<number>`sum(t.grey)`.as('grey'),
    sql<number>`sum(t.unlit)`.as('unlit'),
    sql<number>`sum(t.yellow_or_red)`.as('yellow_or_red'),
    sql<number>`sum(t.red)`.as('red'),
  ];
  const from = () => db.selectFrom(sql<LeadTallyRow>`(${rows})`.as('t'));
  return Promise.all([
    from().select([sql<number>`t.lead_unit_id`.as('lead_unit_id'), ...sums]).groupBy(sql`t.lead_unit_id`).having(sql`sum(t.n)`, '>', 0).execute(),
    from().select([sql<string>`t.status`.as('status'), ...sums]).groupBy(sql`t.status`).having(sql`sum(t.n)`, '>', 0).execute(),
  ]);
}

/** plan_cooperator_tallies: live tasks per cooperating unit. */
function cooperatorCounts(db: Kysely<Database>, planId: number) {
  return db
    .selectFrom('task_cooperators as tc')
    .innerJoin('tasks', 'tasks.id', 'tc.task_id')
    .select(['tasks.plan_id', 'tc.unit_id', sql<number>`count(*)`.as('n')])
    .where('tasks.plan_id', '=', planId)
    .where('tasks.retired_at', 'is', null)
    .groupBy(['tasks.plan_id', 'tc.unit_id']);
}

/** round_unit_tallies: each open round's rows per unit — owed, reported, reported late (the rule: rules/report-date.ts). */
function openRoundCounts(db: Kysely<Database>, planId: number) {
  return db
    .selectFrom('round_tasks')
    .innerJoin('rounds', 'rounds.id', 'round_tasks.round_id')
    .select([
      'round_tasks.round_id',
      'round_tasks.unit_id',
      sql<number>`count(*)`.as('expected'),
      sql<number>`count(round_tasks.report_id)`.as('reported'),
      sql<number>`coalesce(sum(${reportLateSql(sql.ref('round_tasks.report_date'), sql.ref('rounds.due_date'))}), 0)`.as('late'),
    ])
    .where('rounds.plan_id', '=', planId)
    .where('rounds.state', '!=', 'closed')
    .groupBy(['round_tasks.round_id', 'round_tasks.unit_id']);
}

/** plan_problem_tallies: the unsolved ones, as a range of the (plan_id, state, is_major) index. */
async function problemCounts(db: Kysely<Database>, planId: number) {
  const row = await db
    .selectFrom('problems')
    .select([sql<number>`count(*)`.as('open'), sql<number>`coalesce(sum(is_major), 0)`.as('open_major')])
    .where('plan_id', '=', planId)
    .where('state', 'in', ['open', 'in_progress'])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), open_major: Number(row.open_major) };
}

/** plan_notice_tallies: notices not 办结 by level, and how many are 逾期 by the one rule (rules/notice-overdue.ts). */
function noticeCounts(db: Kysely<Database>, planId: number, today: string) {
  return db
    .selectFrom('supervision_notices as n')
    .select(['n.plan_id', 'n.level', sql<number>`count(*)`.as('open'), sql<number>`coalesce(sum(${noticeOverdueSql('n', today)}), 0)`.as('overdue')])
    .where('n.plan_id', '=', planId)
    .where('n.state', '!=', 'closed')
    .groupBy(['n.plan_id', 'n.level']);
}

interface TallyRow {
  n: number;
  percent_sum: number | null;
  grey: number | null;
  unlit: number | null;
  yellow_or_red: number | null;
  red: number | null;
}

function tallyOf(row: TallyRow, done: number): TaskTally {
  const count = Number(row.n);
  const red = Number(row.red ?? 0);
  const yellowOrRed = Number(row.yellow_or_red ?? 0);
  const grey = Number(row.grey ?? 0);
  const none = Number(row.unlit ?? 0);
  return { count, done, green: count - yellowOrRed - grey - none, yellow: yellowOrRed - red, red, grey, none, percentSum: Number(row.percent_sum ?? 0) };
}

function tallies(
  chapters: (TallyRow & { chapter_id: number; done: number | null })[],
  byLead: (TallyRow & { lead_unit_id: number; done: number | null })[],
  byStatus: (TallyRow & { status: string; done: number | null })[],
  cooperating: { unit_id: number; n: number }[],
  rounds: { round_id: number; unit_id: number; expected: number; reported: number; late: number }[],
  problems: { open: number; open_major: number },
  notices: { level: string; open: number; overdue: number }[],
): PlanTallies {
  return {
    byChapter: chapters.map((row) => ({ chapterId: row.chapter_id, ...tallyOf(row, Number(row.done ?? 0)) })),
    byLead: byLead.map((row) => ({ leadUnitId: Number(row.lead_unit_id) === 0 ? null : Number(row.lead_unit_id), ...tallyOf(row, Number(row.done ?? 0)) })),
    byStatus: byStatus.map((row) => ({ status: row.status as TaskStatus, ...tallyOf(row, Number(row.done ?? 0)) })),
    cooperating: cooperating.map((row) => ({ unitId: row.unit_id, count: Number(row.n) })),
    openRounds: rounds.map((row) => ({
      roundId: row.round_id,
      unitId: row.unit_id,
      expected: Number(row.expected),
      reported: Number(row.reported),
      late: Number(row.late),
    })),
    problems: { open: Number(problems.open), openMajor: Number(problems.open_major) },
    notices: notices.map((row) => ({ level: row.level, open: Number(row.open), overdue: Number(row.overdue) })),
  };
}
