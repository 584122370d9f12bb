import { sql, type Kysely } from 'kysely';
import type { TaskLight } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { holdPlanTallies } from '../dashboard/plan-tallies';
import type { TaskFilter } from './task-query';

/**
 * A task list's counts by status and light from 跟踪分析's kept tallies (plan_lead_tallies, migration 0022: a plan's
 * live tasks by lead unit and status, with their stored lights on the plan's tally day; and their cooperating side,
 * plan_cooperator_status_tallies, 0028), where the filter asks for nothing the tallies do not hold: a plan's tasks, or
 * a unit's lead or cooperating tasks (in one plan or all: 我的任务), with or without a status filter. A few hundred tally rows, however many tasks: counting the rows grew with the data
 * (a status page of a 40,000-task plan counted 31,706 index entries, issue 21).
 *
 * The tallies hold the lights of their plan's day; a plan whose tallies do not hold for `today` is counted again first
 * by their owner (dashboard/plan-tallies.ts), as 跟踪分析 does on the first call of a day.
 * Returns null where the tallies cannot answer: the caller counts the rows.
 */
export async function talliedCounts(db: Kysely<Database>, filter: TaskFilter, today: string): Promise<{ status: string; light: TaskLight; n: number }[] | null> {
  const byPlan = filter.unitId === undefined && filter.planId !== undefined;
  const byUnit = filter.unitId !== undefined && (filter.unitRole === 'lead' || filter.unitRole === 'cooperating');
  if (filter.includeRetired || filter.ids !== undefined || filter.search?.trim() || !(byPlan || byUnit)) return null;
  // A rebuild is a transaction of its own, which Kysely cannot open inside another.
  if (db.isTransaction) return null;
  const planIds = await holdPlanTallies(db, today, filter.planId);
  if (planIds.length === 0) return [];

  // By plan (the tallies' key), also for a unit's tasks over all plans: each plan's rows of the unit by key.
  const statuses = filter.statuses && filter.statuses.length > 0 ? filter.statuses : null;
  const sums = [
    sql<string>`t.status`.as('status'),
    sql<number>`sum(t.n)`.as('n'),
    sql<number>`sum(t.grey)`.as('grey'),
    sql<number>`sum(t.unlit)`.as('unlit'),
    sql<number>`sum(t.yellow_or_red)`.as('yellow_or_red'),
    sql<number>`sum(t.red)`.as('red'),
  ] as const;
  let rows;
  if (filter.unitRole === 'cooperating') {
    let tallies = db.selectFrom('plan_cooperator_status_tallies as t').where('t.plan_id', 'in', planIds).where('t.unit_id', '=', filter.unitId!);
    if (statuses) tallies = tallies.where('t.status', 'in', statuses);
    rows = await tallies.select(sums).groupBy('t.status').execute();
  } else {
    let tallies = db.selectFrom('plan_lead_tallies as t').where('t.plan_id', 'in', planIds);
    if (filter.unitId !== undefined) tallies = tallies.where('t.lead_unit_id', '=', filter.unitId);
    if (statuses) tallies = tallies.where('t.status', 'in', statuses);
    rows = await tallies.select(sums).groupBy('t.status').execute();
  }
  // The tallies count grey and unlit tasks (whose lights never turn) apart from those yellow or red on the day; the
  // rest are green (rules/task-light-dates.ts: a base light is none, grey or green).
  return rows.flatMap((row) => {
    const [n, grey, none, lit, red] = [row.n, row.grey, row.unlit, row.yellow_or_red, row.red].map(Number) as [number, number, number, number, number];
    return [
      { status: row.status, light: 'red' as const, n: red },
      { status: row.status, light: 'yellow' as const, n: lit - red },
      { status: row.status, light: 'grey' as const, n: grey },
      { status: row.status, light: 'none' as const, n: none },
      { status: row.status, light: 'green' as const, n: n - lit - grey - none },
    ];
  });
}
