import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.types';
import { storedLightConditions } from '../rules/task-light-dates';

/**
 * plan_cooperator_status_tallies (migration 0028): a plan's live tasks each unit cooperates on, by status, with their
 * stored lights on the plan's tally day — what 我的任务's 配合任务 tab counts. The triggers keep the table equal to
 * this query while the plan's tallies hold; dashboard/plan-tallies.ts counts it again with the plan's other tallies
 * when they do not (rebuildPlanTallies).
 */
export function cooperatorStatusCounts(db: Kysely<Database>, planId: number, today: string) {
  const { red, yellowOrRed } = storedLightConditions(today);
  const countWhere = (condition: RawBuilder<unknown>) => sql<number>`sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  return db
    .selectFrom('task_cooperators as tc')
    .innerJoin('tasks', 'tasks.id', 'tc.task_id')
    .select([
      'tasks.plan_id',
      'tc.unit_id',
      'tasks.status',
      sql<number>`count(*)`.as('n'),
      countWhere(sql`tasks.light_base = 'grey'`).as('grey'),
      countWhere(sql`tasks.light_base = 'none'`).as('unlit'),
      countWhere(yellowOrRed).as('yellow_or_red'),
      countWhere(red).as('red'),
    ])
    .where('tasks.plan_id', '=', planId)
    .where('tasks.retired_at', 'is', null)
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
