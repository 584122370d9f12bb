import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as slices from '../db/slices';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { recordReports, submitReport } from './progress.service';

/**
 * A report from the form is one task: its checks run without giving the event loop away. Inside the transaction each
 * turn given away would hold the write lock and the single connection while every other officer's call waited for
 * them (the shared server under load). A large batch still lets the loop run between its slices.
 */
vi.mock('../db/slices', async (importOriginal) => {
  const real = await importOriginal<typeof slices>();
  return { ...real, yieldToEventLoop: vi.fn(real.yieldToEventLoop) };
});

let t: SeededDatabase;
let taskId: number;
beforeEach(async () => {
  t = await createSeededDatabase();
  taskId = await t.taskId('4.1.1.1');
  await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('省商务厅'), deadline: '2027-12-31' });
  vi.mocked(slices.yieldToEventLoop).mockClear();
});
afterEach(() => t.dispose());

const content = { status: '序时推进' as const, percent: 60, progress: '已对接项目 12 个。', problems: '', nextSteps: '', coordination: '' };

describe('a single report', () => {
  it('is checked and written without yielding the event loop (before or inside its transaction)', async () => {
    const lead = await t.actorFor('省商务厅');
    const { reportId } = await submitReport(t.db, t.files, lead, { taskId, ...content, attachments: [] });
    expect(reportId).toBeGreaterThan(0);
    expect(vi.mocked(slices.yieldToEventLoop)).not.toHaveBeenCalled();
  });

  it('a batch larger than a slice still yields between its slices', async () => {
    const lead = await t.actorFor('省商务厅');
    const others = await t.db.selectFrom('tasks').select('id').where('id', '!=', taskId).orderBy('id').limit(slices.SLICE_ROWS).execute();
    await assignTasks(t.db, t.office, { taskIds: others.map((row) => row.id), leadUnitId: lead.unitId, deadline: '2027-12-31' });
    const entries = [taskId, ...others.map((row) => row.id)].map((id) => ({ actor: lead, input: { taskId: id, ...content } }));
    await t.db.transaction().execute((trx) => recordReports(trx, entries, { source: 'import', sourceRef: '省商务厅填报表.xlsx' }));
    expect(vi.mocked(slices.yieldToEventLoop).mock.calls.length).toBeGreaterThan(0);
  });
});
