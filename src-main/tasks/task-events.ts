import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.types';
import { chunkRows } from '../db/bound-rows';

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

/** Many events in one statement, in order (a batch of progress reports records one per report). */
export async function recordTaskEvents(
  trx: Kysely<Database> | Transaction<Database>,
  events: readonly { taskId: number; kind: string; summary: string; actor: { unitId: number; label: string } }[],
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => ({ task_id: event.taskId, kind: event.kind, summary: event.summary, actor: event.actor.label, unit_id: event.actor.unitId }));
  const columns = ['task_id', 'kind', 'summary', 'actor', 'unit_id'] as const;
  await trx.insertInto('task_events').columns(columns).expression(chunkRows(trx, rows, columns)).execute();
}
