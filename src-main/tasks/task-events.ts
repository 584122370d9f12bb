import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.types';

/** Appends to a task's history (一事一记、全程留痕). Always inside the transaction of the change it records. */
export async function recordTaskEvent(
  trx: Kysely<Database> | Transaction<Database>,
  event: { taskId: number; kind: string; summary: string; actor: { unitId: number; label: string } },
): Promise<void> {
  await trx
    .insertInto('task_events')
    .values({ task_id: event.taskId, kind: event.kind, summary: event.summary, actor: event.actor.label, unit_id: event.actor.unitId })
    .execute();
}
