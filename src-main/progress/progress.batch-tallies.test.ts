import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskStatus } from '../api/tasks.types';
import { countStoredLightsFromRows, planTallies, type PlanTallies } from '../dashboard/plan-tallies';
import { SLICE_ROWS } from '../db/slices';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { assignTasks } from '../tasks/task-assign.service';
import { cooperatorStatusCounts } from '../tasks/task-cooperator-tallies';
import { testEngine } from '../db/test-helper';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { statementsRun } from '../testing/statements-run';
import { recordReports, submitReport, type ReportEntry } from './progress.service';

/**
 * A batch of reports (the template import) sets its tasks' status, percent and light dates many tasks per statement,
 * and moves 跟踪分析's and 我的任务's kept tallies by a few grouped statements instead of the row triggers
 * (dashboard/plan-tallies.ts writeTasksMovingTallies). The tallies must end as a fresh count finds them: not left
 * behind (the grouped move missing), not moved twice (the row triggers firing as well). A single report still moves
 * them by its row triggers. On both engines; on PostgreSQL the tally triggers are statement triggers, which count a
 * statement's tasks grouped already, and the batch leaves the counting to them.
 */

let t: SeededDatabase;
/** The tallies' day: the tasks below are then partly through their span, so percents decide their lights. */
const TODAY = '2026-06-15';
const STATUSES: TaskStatus[] = ['序时推进', '滞后', '超序时进度', '已完成', '暂缓', '未启动'];

let taskIds: number[];
let units: number[];

beforeEach(async () => {
  t = await createSeededDatabase();
  // Two statements' worth of tasks: a full slice (bound rows on SQLite) and a remainder (JSON).
  taskIds = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).where('retired_at', 'is', null).orderBy('id').limit(SLICE_ROWS + 40).execute()).map(
    (row) => row.id,
  );
  units = (await t.db.selectFrom('units').select('id').where('kind', '!=', 'office').orderBy('seq').limit(6).execute()).map((row) => row.id);
  // Four lead units, every third task with two cooperating units, deadlines passed, near and far; every seventh task
  // left unassigned (no light).
  for (const [group, deadline] of ['2026-03-31', '2026-06-25', '2026-12-31'].entries()) {
    for (const lead of [0, 1, 2, 3]) {
      const ids = taskIds.filter((_, i) => i % 3 === group && i % 4 === lead && i % 7 !== 0);
      const cooperating = ids.filter((_, i) => i % 3 === 0);
      const plain = ids.filter((_, i) => i % 3 !== 0);
      const assign = (some: number[], cooperatorUnitIds: number[]) =>
        some.length === 0 ? undefined : assignTasks(t.db, t.office, { taskIds: some, leadUnitId: units[lead]!, cooperatorUnitIds, startDate: '2026-01-01', deadline });
      await assign(cooperating, [units[4]!, units[5]!]);
      await assign(plain, []);
    }
  }
});
afterEach(() => t.dispose());

/** Order-free form, for comparing. */
function canonical(tallies: PlanTallies) {
  const by = <T>(rows: T[], key: (row: T) => string) => Object.fromEntries(rows.map((row) => [key(row), row]));
  return {
    byChapter: by(tallies.byChapter, (row) => String(row.chapterId)),
    byLead: by(tallies.byLead, (row) => String(row.leadUnitId)),
    byStatus: by(tallies.byStatus, (row) => row.status),
    cooperating: by(tallies.cooperating, (row) => String(row.unitId)),
  };
}

/** What is kept now, read without a rebuild (the plan's day still held): the dashboard's and 我的任务's. */
async function kept() {
  const day = await t.db.selectFrom('plan_tally_days').select('as_of').where('plan_id', '=', t.planId).executeTakeFirst();
  expect(day?.as_of).toBe(TODAY);
  const cooperating = await t.db.selectFrom('plan_cooperator_status_tallies').selectAll().where('plan_id', '=', t.planId).where('n', '!=', 0).execute();
  return {
    plan: canonical(await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS)),
    cooperating: Object.fromEntries(cooperating.map((row) => [`${row.unit_id}/${row.status}`, [row.n, row.grey, row.unlit, row.yellow_or_red, row.red].map(Number)])),
  };
}

/** A fresh count of the rows, as a rebuild would keep it. */
async function counted() {
  const cooperating = await cooperatorStatusCounts(t.db, t.planId, TODAY).execute();
  return {
    plan: canonical(await countStoredLightsFromRows(t.db, t.planId, TODAY)),
    cooperating: Object.fromEntries(cooperating.map((row) => [`${row.unit_id}/${row.status}`, [row.n, row.grey, row.unlit, row.yellow_or_red, row.red].map(Number)])),
  };
}

/** A report per task, and a second one for every fifth (the task takes the last), statuses and percents spread. */
function reports(seed: number): ReportEntry[] {
  const entry = (taskId: number, i: number): ReportEntry => {
    const status = STATUSES[(i + seed) % STATUSES.length]!;
    const percent = status === '已完成' ? 100 : status === '未启动' ? 0 : (i * 37 + seed * 11) % 100;
    return { actor: t.office, input: { taskId, status, percent, progress: `第 ${i} 项已推进。`, problems: '', nextSteps: '', coordination: '' } };
  };
  return [...taskIds.map(entry), ...taskIds.filter((_, i) => i % 5 === 0).map((taskId, i) => entry(taskId, i + 3))];
}

const record = (entries: ReportEntry[]) => t.db.transaction().execute((trx) => recordReports(trx, entries, { source: 'import', sourceRef: '填报模板.xlsx' }));

describe('a batch of reports and the kept tallies', () => {
  it('moves them as a fresh count finds them, by status, percent, light, lead unit and cooperating unit, batch after batch', async () => {
    // Held for the day: the first read counts them.
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    let before = await kept();
    for (const seed of [1, 2, 5]) {
      await record(reports(seed));
      const after = await kept();
      expect(after, `batch ${seed}`).toEqual(await counted());
      expect(after, `batch ${seed} moved them`).not.toEqual(before);
      before = after;
    }
    // The batches did reach every light and the cooperating units' counts.
    const byStatus = Object.values(before.plan.byStatus);
    for (const light of ['green', 'yellow', 'red', 'grey', 'none'] as const) expect(byStatus.reduce((sum, row) => sum + row[light], 0), light).toBeGreaterThan(0);
    expect(Object.keys(before.cooperating).length).toBeGreaterThan(3);
  });

  it('leaves a plan whose tallies are not held without them, to be counted afresh on its next read', async () => {
    await t.db.deleteFrom('plan_tally_days').execute();
    await record(reports(1));
    expect(await t.db.selectFrom('plan_tally_days').selectAll().execute()).toEqual([]);
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    expect(await kept()).toEqual(await counted());
  });

  it(`counts a batch's tasks ${testEngine() === 'postgres' ? 'by the statement triggers alone' : 'by grouped statements, the row triggers set aside'}`, async () => {
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    const { statements } = await statementsRun(t.db, () => record(reports(2)));
    // Setting the plans' days aside and putting them back is what the grouped move does around the tasks' updates.
    const setAside = statements.filter((text) => /^delete from "plan_tally_days"|^insert into "plan_tally_days"/u.test(text));
    expect(setAside).toHaveLength(testEngine() === 'postgres' ? 0 : 2);
    expect(await kept()).toEqual(await counted());
  });

  it('still moves them by a single report from the form', async () => {
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    const taskId = taskIds[1]!;
    const lead = await t.db.selectFrom('tasks').select('lead_unit_id').where('id', '=', taskId).executeTakeFirstOrThrow();
    const lateBefore = (await kept()).plan.byStatus['滞后']?.count ?? 0;
    await submitReport(t.db, t.files, t.office, { taskId, status: '滞后', percent: 5, progress: '受用地影响推进缓慢。', problems: '', nextSteps: '', coordination: '', attachments: [] });
    const after = await kept();
    expect(lead.lead_unit_id).not.toBeNull();
    expect(after.plan.byStatus['滞后']?.count).toBe(lateBefore + 1);
    expect(after).toEqual(await counted());
  });
});
