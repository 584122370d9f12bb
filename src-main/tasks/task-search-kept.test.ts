import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { listTasks } from './task-query';
import { updateTask } from './task-edit.service';

/**
 * The searched text is kept apart from the task on both engines (SQLite's FTS5 table; PostgreSQL's task_fts,
 * migrations/postgres/0034): a task is found by its words from the moment it is added, by its new words and no longer by
 * its old ones once its text is edited, and not at all once it is deleted.
 */

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(() => t.dispose());

const found = async (search: string) => (await listTasks(t.db, { planId: t.planId, search, limit: 500, includeRetired: true }, '2025-06-30', DEFAULT_WARNING_THRESHOLDS)).rows.map((row) => row.id);

describe('task search after the task’s text changes', () => {
  it('finds added tasks, follows an edited text and forgets deleted tasks', async () => {
    const [first, second] = await t.db.selectFrom('tasks').select(['id', 'measure_id', 'seq']).where('plan_id', '=', t.planId).orderBy('id').limit(2).execute();
    expect(await found('量子通信走廊')).toEqual([]);

    await updateTask(t.db, t.office, { id: first!.id, text: '建设量子通信走廊骨干网络' });
    expect(await found('量子通信走廊')).toEqual([first!.id]);
    expect(await found('骨干网络')).toEqual([first!.id]);

    await updateTask(t.db, t.office, { id: first!.id, text: '建设星地一体化骨干网络' });
    expect(await found('量子通信走廊')).toEqual([]);
    expect(await found('星地一体化')).toEqual([first!.id]);

    // A report's update of the task (status, percent) leaves its text found as it was.
    await t.db.updateTable('tasks').set({ status: '滞后', percent: 12 }).where('id', '=', first!.id).execute();
    expect(await found('星地一体化')).toEqual([first!.id]);

    const { id: added } = await t.db
      .insertInto('tasks')
      .values({ plan_id: t.planId, measure_id: second!.measure_id, seq: 999, code: '9.9.9.9', text: '推进量子通信走廊二期' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await found('量子通信走廊')).toEqual([added]);

    await t.db.deleteFrom('tasks').where('id', '=', added).execute();
    expect(await found('量子通信走廊')).toEqual([]);
  });
});
