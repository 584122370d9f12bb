import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { countOf, countWhere, type Weight } from '../db/weighted-sums';
import type { Database } from '../db/database.types';
import { storedLightConditions } from '../rules/task-light-dates';

/**
 * plan_cooperator_status_tallies (migration 0028): a plan's live tasks each unit cooperates on, by status, with their
 * stored lights on the plan's tally day — what 我的任务's 配合任务 tab counts. The triggers keep the table equal to
 * this query while the plan's tallies hold; dashboard/plan-tallies.ts counts it again with the plan's other tallies
 * when they do not (rebuildPlanTallies).
 */
export function cooperatorStatusCounts(db: Kysely<Database>, planId: number, today: string) {
  return cooperatorStatusSums(db.selectFrom('tasks').where('tasks.plan_id', '=', planId).where('tasks.retired_at', 'is', null), today);
}

/** The task rows a count reads: a plan's live tasks (a recount), or some of them by id (writeTasksMovingTallies). */
export type TaskRows = SelectQueryBuilder<Database, 'tasks', object>;

/** cooperatorStatusCounts over `rows`, each counted `weight` times (once: undefined). */
export function cooperatorStatusSums(rows: TaskRows, today: string, weight?: Weight) {
  const { red, yellowOrRed } = storedLightConditions(today);
  const sums = {
    n: countOf(weight),
    grey: countWhere(sql`tasks.light_base = 'grey'`, weight),
    unlit: countWhere(sql`tasks.light_base = 'none'`, weight),
    yellowOrRed: countWhere(yellowOrRed, weight),
    red: countWhere(red, weight),
  };
  return rows
    .innerJoin('task_cooperators as tc', 'tc.task_id', 'tasks.id')
    .select(['tasks.plan_id', 'tc.unit_id', 'tasks.status', sums.n.as('n'), sums.grey.as('grey'), sums.unlit.as('unlit'), sums.yellowOrRed.as('yellow_or_red'), sums.red.as('red')])
    .groupBy(['tasks.plan_id', 'tc.unit_id', 'tasks.status']);
}

/** Replaces the plan's rows with a fresh count for `today`, inside the caller's transaction (the plan's rebuild). */
export async function recountCooperatorStatusTallies(trx: Kysely<Database>, planId: number, today: string): Promise<void> {
  await trx.deleteFrom('plan_cooperator_status_tallies').where('plan_id', '=', planId).execute();
  await trx
    .insertInto('plan_cooperator_status_tallies')
    .columns(['plan_id', 'unit_id', 'status', 'n', 'grey', 'unlit', 'yellow_or_red', 'red'])
    .expression(cooperatorStatusCounts(trx, planId, today))
    .execute();
}
