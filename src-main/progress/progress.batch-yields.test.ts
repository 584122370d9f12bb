import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLICE_ROWS } from '../db/slices';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { recordReports, submitReport, type ReportEntry } from './progress.service';

/**
 * A large batch (a 10,000-row Excel import) is written in one transaction, yet the app keeps answering while it is:
 * the event loop runs between its statements, and a call that arrives meanwhile waits for the transaction to end
 * instead of writing inside it.
 */

let t: SeededDatabase;
let tasks: number[];
let entries: ReportEntry[];

beforeEach(async () => {
  t = await createSeededDatabase();
  const commerce = await t.unitId('省商务厅');
  tasks = await Promise.all(['4.1.1.1', '4.1.1.2', '4.1.2.1'].map((code) => t.taskId(code)));
  await assignTasks(t.db, t.office, { taskIds: tasks, leadUnitId: commerce, deadline: '2027-12-31' });
  const lead = await t.actorFor('省商务厅');
  entries = Array.from({ length: 5_000 }, (_, i) => ({
    actor: lead,
    input: { taskId: tasks[i % 3]!, status: '序时推进', percent: i % 100, progress: `第 ${i} 次`, problems: '', nextSteps: '', coordination: '' },
  }));
});
afterEach(async () => {
  await t.dispose();
});

describe('recordReports: a large batch keeps the app answering', () => {
  it('lets the event loop run between its chunks of a few hundred reports', async () => {
    // How many of the batch's reports each turn of the loop finds already written (the same connection sees its own
    // transaction): written at once, a turn sees none or all of them; in chunks, some turns see part of the batch.
    const count = () => (t.sqlite.prepare('SELECT count(*) AS n FROM progress_reports').get() as { n: number }).n;
    const before = count();
    const seen = new Set<number>();
    let done = false;
    const sample = () => {
      if (done) return;
      seen.add(count() - before);
      setImmediate(sample);
    };
    setImmediate(sample);
    await t.db.transaction().execute((trx) => recordReports(trx, entries, { source: 'import', sourceRef: '省商务厅填报表.xlsx' }));
    done = true;
    const partial = [...seen].filter((n) => n > 0 && n < entries.length).sort((x, y) => x - y);
    expect(partial.length).toBeGreaterThan(3);
    expect(partial.every((n) => n % SLICE_ROWS === 0)).toBe(true);
  });

  it('lets the event loop run within each chunk too, between its reports and its tasks', async () => {
    // Turns of the loop while the batch is written: one between chunks and one inside each, so no turn waits for a whole
    // chunk's statements (reports, round rows, problems, tasks with their triggers, history) in one go.
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    await t.db.transaction().execute((trx) => recordReports(trx, entries, { source: 'import', sourceRef: '省商务厅填报表.xlsx' }));
    done = true;
    const chunks = Math.ceil(entries.length / SLICE_ROWS);
    expect(turns).toBeGreaterThanOrEqual(2 * chunks - 1);
  });

  it('holds a report submitted meanwhile until the batch is committed, after all of it', async () => {
    let batchDone = false;
    let arrivedDuringBatch = false;
    const other = new Promise<number>((resolve, reject) => {
      setImmediate(() => {
        arrivedDuringBatch = !batchDone;
        submitReport(t.db, t.files, t.office, { taskId: tasks[0]!, status: '滞后', percent: 5, progress: '办公室补录。', problems: '', nextSteps: '', coordination: '', attachments: [] }, { source: 'manual' }).then(
          (result) => resolve(result.reportId),
          reject,
        );
      });
    });
    const batch = t.db
      .transaction()
      .execute((trx) => recordReports(trx, entries, { source: 'import', sourceRef: '省商务厅填报表.xlsx' }))
      .finally(() => {
        batchDone = true;
      });
    const [{ reportIds }, otherId] = await Promise.all([batch, other]);
    expect(arrivedDuringBatch).toBe(true);
    // The batch's reports are consecutive, the other call's comes after them, and the task ends at that report.
    expect(reportIds).toEqual(Array.from({ length: entries.length }, (_, i) => reportIds[0]! + i));
    expect(otherId).toBe(reportIds.at(-1)! + 1);
    const task = await t.db.selectFrom('tasks').select(['status', 'percent']).where('id', '=', tasks[0]!).executeTakeFirstOrThrow();
    expect(task).toEqual({ status: '滞后', percent: 5 });
  });
});
