import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { computeAssessment } from '../assessment/assessment.service';
import { DEFAULT_ASSESSMENT_SCHEME } from '../assessment/assessment-scheme';
import { submitReport } from '../progress/progress.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { assignTasks } from '../tasks/task-assign.service';
import { buildReport } from '../reports/report.service';
import { listTasks } from '../tasks/task-query';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { decideExtension, listExtensions, originalDeadlines, requestExtension, taskDeadlines } from './extensions.service';

let t: SeededDatabase;
let taskId: number;
const TODAY = '2026-12-15';
const at = (date: string) => new Date(`${date}T02:00:00Z`);

beforeEach(async () => {
  t = await createSeededDatabase();
  taskId = await t.taskId('6.3.1.1');
  await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('大同市'), startDate: '2026-01-01', deadline: '2026-12-31' });
  // Half done with a fortnight left: far behind 序时进度.
  await submitReport(t.db, t.files, await t.actorFor('大同市'), {
    taskId,
    status: '序时推进',
    percent: 50,
    progress: '完成前期工作。',
    problems: '',
    nextSteps: '',
    coordination: '',
    attachments: [],
  });
});
afterEach(() => t.dispose());

async function lightOf(today = TODAY) {
  const list = await listTasks(t.db, { planId: t.planId, unitId: await t.unitId('大同市'), unitRole: 'lead' }, today, DEFAULT_WARNING_THRESHOLDS);
  return list.rows.find((row) => row.id === taskId)!;
}

async function taskScore(year: number) {
  const result = await computeAssessment(t.db, { planId: t.planId, year, scheme: DEFAULT_ASSESSMENT_SCHEME, today: TODAY, thresholds: DEFAULT_WARNING_THRESHOLDS, units: [await t.unitId('大同市')] });
  return result.units[0]!.categories.taskCompletion;
}

describe('延期申请: the approved deadline is the one the rules use', () => {
  it('an approved 延期 turns the red light green, lowers 序时进度 and restores the 考核 task score', async () => {
    const before = await lightOf();
    expect(before.light).toBe('red');
    expect(before.scheduleProgress).toBe(96);
    const scoreBefore = await taskScore(2026);

    const unit = await t.actorFor('大同市');
    const { id } = await requestExtension(t.db, unit, { taskId, requestedDate: '2027-12-31', reason: '征地手续延后' }, at(TODAY));
    // Asking changes nothing until the office decides.
    expect((await lightOf()).light).toBe('red');

    expect(await decideExtension(t.db, t.office, { id, approve: true, comment: '同意' }, at(TODAY))).toBe('approved');
    const after = await lightOf();
    expect(after.deadline).toBe('2027-12-31');
    expect(after.light).toBe('green');
    expect(after.scheduleProgress).toBe(48);
    // Out of 2026's scope (完成时限 in 2026 only) once moved to 2027: the category is no longer dragged down by it.
    expect(await taskScore(2026)).toBeGreaterThan(scoreBefore);

    expect(await taskDeadlines(t.db, taskId)).toEqual({ taskId, original: '2026-12-31', adjusted: '2027-12-31', extended: true });

    // The 单位进展情况表 prints both dates in its 完成时限 column.
    const { workbook } = await buildReport(t.db, { report: 'unitProgress', planId: t.planId, unitId: await t.unitId('大同市') }, { today: TODAY, thresholds: DEFAULT_WARNING_THRESHOLDS });
    const sheet = workbook.sheets[0]!;
    if (sheet.kind !== 'table') throw new Error('进展情况表应为表格');
    const column = sheet.spec.columns.findIndex((c) => c.header === '完成时限');
    const row = sheet.spec.rows.find((cells) => cells.includes('6.3.1.1'))!;
    expect(row[column]).toBe('调整后 2027-12-31\n原定 2026-12-31');
  });

  it('the office may approve another date; a refusal leaves the deadline and needs a reason; the history keeps every request', async () => {
    const unit = await t.actorFor('大同市');
    const first = await requestExtension(t.db, unit, { taskId, requestedDate: '2027-12-31', reason: '资金未到位' }, at('2026-12-01'));
    await expect(decideExtension(t.db, t.office, { id: first.id, approve: false, comment: '' }, at('2026-12-02'))).rejects.toThrow('请写明理由');
    await decideExtension(t.db, t.office, { id: first.id, approve: false, comment: '请加快推进' }, at('2026-12-02'));
    expect((await lightOf()).deadline).toBe('2026-12-31');

    const second = await requestExtension(t.db, unit, { taskId, requestedDate: '2027-12-31', reason: '资金未到位，已协调' }, at('2026-12-03'));
    await expect(requestExtension(t.db, unit, { taskId, requestedDate: '2027-06-30', reason: '再次' }, at('2026-12-03'))).rejects.toThrow('待审批');
    await decideExtension(t.db, t.office, { id: second.id, approve: true, approvedDate: '2027-06-30', comment: '延至年中' }, at('2026-12-04'));
    expect((await lightOf()).deadline).toBe('2027-06-30');

    const third = await requestExtension(t.db, unit, { taskId, requestedDate: '2027-12-31', reason: '仍需半年' }, at('2026-12-05'));
    await decideExtension(t.db, t.office, { id: third.id, approve: true, comment: '' }, at('2026-12-06'));
    // 原定时限 stays the first deadline, however many times it moved.
    expect((await originalDeadlines(t.db, [taskId])).get(taskId)).toBe('2026-12-31');

    const history = await listExtensions(t.db, t.office, { taskId });
    expect(history.map((e) => [e.state, e.oldDeadline, e.requestedDate, e.approvedDate])).toEqual([
      ['approved', '2027-06-30', '2027-12-31', '2027-12-31'],
      ['approved', '2026-12-31', '2027-12-31', '2027-06-30'],
      ['refused', '2026-12-31', '2027-12-31', null],
    ]);
  });

  it('only the lead unit asks, only for a later date, and another unit sees none of it', async () => {
    await expect(requestExtension(t.db, await t.actorFor('太原市'), { taskId, requestedDate: '2027-12-31', reason: '理由' }, at(TODAY))).rejects.toThrow('不是任务 6.3.1.1 的牵头单位');
    await expect(requestExtension(t.db, t.office, { taskId, requestedDate: '2027-12-31', reason: '理由' }, at(TODAY))).rejects.toBeInstanceOf(AppError);
    await expect(requestExtension(t.db, await t.actorFor('大同市'), { taskId, requestedDate: '2026-11-30', reason: '理由' }, at(TODAY))).rejects.toThrow('应晚于现在的完成时限（2026-12-31）');
    const { id } = await requestExtension(t.db, await t.actorFor('大同市'), { taskId, requestedDate: '2027-03-31', reason: '理由' }, at(TODAY));
    await expect(decideExtension(t.db, await t.actorFor('大同市'), { id, approve: true, comment: '' }, at(TODAY))).rejects.toThrow('只有领导小组办公室');
    expect(await listExtensions(t.db, await t.actorFor('太原市'), {})).toEqual([]);
    expect(await listExtensions(t.db, await t.actorFor('大同市'), {})).toHaveLength(1);
  });
});
