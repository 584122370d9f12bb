import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.types';
import { openRound } from '../../rounds/rounds.service';
import { assignTasks } from '../../tasks/task-assign.service';
import type { SeededDatabase } from '../../testing/seeded-database';

/** Test helpers for the 填报模板 round trip: a unit with a round and a database fingerprint (filling in: template-edit.ts). */

export { copySheet, editTemplate, loadWorkbook, locate, type RowEdit, type TemplateLocator } from './template-edit';

export const UNIT = '省商务厅';
export const CODES = ['4.1.1.1', '4.1.1.2', '4.1.1.3', '4.1.2.1'];

export interface RoundFixture {
  unitId: number;
  roundId: number;
  taskIds: Map<string, number>;
}

/** 省商务厅 leads four tasks (太原市 cooperates); a round asks it to report on them. */
export async function seedUnitRound(t: SeededDatabase, roundName = '2025年第一季度调度'): Promise<RoundFixture> {
  const unitId = await t.unitId(UNIT);
  const taskIds = new Map<string, number>();
  for (const code of CODES) taskIds.set(code, await t.taskId(code));
  await assignTasks(t.db, t.office, {
    taskIds: [...taskIds.values()],
    leadUnitId: unitId,
    cooperatorUnitIds: [await t.unitId('太原市')],
    deadline: '2026-12-31',
  });
  const { id } = await openRound(t.db, t.office, {
    planId: t.planId,
    name: roundName,
    periodStart: '2025-01-01',
    periodEnd: '2025-03-31',
    dueDate: '2025-04-10',
    unitIds: [unitId],
  });
  return { unitId, roundId: id, taskIds };
}

/**
 * Everything an import could write, as plain data: equal before and after means nothing was written. Read through the
 * query builder (either engine); each table's rows in a fixed order of their own content.
 */
export async function fingerprint(db: Kysely<Database>): Promise<unknown> {
  const tables = ['progress_reports', 'problems', 'task_events', 'round_tasks', 'tasks', 'attachments', 'milestones'];
  const read = async (table: string) => (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)).rows.map((row) => JSON.stringify(row)).sort();
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await read(table)])));
}
