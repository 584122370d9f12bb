import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { listProblems, setProblemMajor, updateProblem } from '../problems/problems.service';
import { submitReport, type ReportInput } from '../progress/progress.service';
import { advanceNotice, issueNotice, listNotices, noticeDetail } from '../notices/notices.service';
import { assignTasks } from '../tasks/task-assign.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { closeRound, openRound, roundDetail } from './rounds.service';

let t: SeededDatabase;
const units = ['省商务厅', '省能源局', '大同市'] as const;
const tasksOf: Record<(typeof units)[number], string[]> = {
  省商务厅: ['4.1.1.1', '4.1.1.2'],
  省能源局: ['3.1.1.1'],
  大同市: ['6.3.1.1', '6.3.1.2'],
};

beforeEach(async () => {
  t = await createSeededDatabase();
  for (const unit of units) {
    await assignTasks(t.db, t.office, { taskIds: await Promise.all(tasksOf[unit].map((c) => t.taskId(c))), leadUnitId: await t.unitId(unit), deadline: '2027-12-31' });
  }
});
afterEach(() => t.dispose());

const report = (taskId: number, overrides: Partial<ReportInput> = {}): ReportInput => ({
  taskId,
  status: '序时推进',
  percent: 80,
  progress: '按计划推进。',
  problems: '',
  nextSteps: '',
  coordination: '',
  attachments: [],
  ...overrides,
});

async function openQuarter() {
  return openRound(t.db, t.office, {
    planId: t.planId,
    name: '2026年第四季度调度',
    periodStart: '2026-10-01',
    periodEnd: '2026-12-31',
    dueDate: '2026-12-10',
    unitIds: await Promise.all(units.map((u) => t.unitId(u))),
  });
}

describe('调度: a reporting round', () => {
  it('fixes what each unit owes, counts reports, and shows 未报 then 逾期 for the unit that does not report', async () => {
    const round = await openQuarter();
    expect(round.expected).toBe(5);
    for (const code of tasksOf['省商务厅']) await submitReport(t.db, t.files, await t.actorFor('省商务厅'), report(await t.taskId(code)));
    await submitReport(t.db, t.files, await t.actorFor('省能源局'), report(await t.taskId('3.1.1.1'), { percent: 60 }));

    const before = await roundDetail(t.db, round.id, '2026-12-01', DEFAULT_WARNING_THRESHOLDS);
    expect(before.units.map((u) => [u.unitName, u.status, `${u.reported}/${u.expected}`])).toEqual([
      ['省商务厅', '已报', '2/2'],
      ['省能源局', '已报', '1/1'],
      ['大同市', '未报', '0/2'],
    ]);
    expect(before.reported).toBe(3);
    const after = await roundDetail(t.db, round.id, '2026-12-11', DEFAULT_WARNING_THRESHOLDS);
    expect(after.units.find((u) => u.unitName === '大同市')!.status).toBe('逾期');
    expect(after.overdueUnits).toBe(1);
  });

  it('freezes on closing: later reports and edits do not change what it shows, and it takes no more reports', async () => {
    const round = await openQuarter();
    const energyTask = await t.taskId('3.1.1.1');
    await submitReport(t.db, t.files, await t.actorFor('省能源局'), report(energyTask, { percent: 60 }));
    await closeRound(t.db, t.office, round.id, '2026-12-11', DEFAULT_WARNING_THRESHOLDS);
    const frozen = await roundDetail(t.db, round.id, '2026-12-11', DEFAULT_WARNING_THRESHOLDS);
    expect(frozen.frozen).toBe(true);

    // A report after closing is not counted for the round and the task moves on; the round does not.
    await submitReport(t.db, t.files, await t.actorFor('省能源局'), report(energyTask, { percent: 90 }));
    await t.db.updateTable('tasks').set({ text: '改写后的任务' }).where('id', '=', energyTask).execute();
    const later = await roundDetail(t.db, round.id, '2027-03-01', DEFAULT_WARNING_THRESHOLDS);
    expect(later).toEqual({ ...frozen });
    expect(later.tasks.find((row) => row.taskId === energyTask)).toMatchObject({ percent: 60, reported: true });
    await expect(closeRound(t.db, t.office, round.id, '2027-03-01', DEFAULT_WARNING_THRESHOLDS)).rejects.toThrow(/已于/);
  });

  it('refuses a duplicate name and a round with nothing to report', async () => {
    await openQuarter();
    await expect(openQuarter()).rejects.toThrow(/已有名为/);
    await expect(
      openRound(t.db, t.office, { planId: t.planId, name: '空调度', periodStart: '2026-01-01', periodEnd: '2026-03-31', dueDate: '2026-04-10', unitIds: [await t.unitId('运城市')] }),
    ).rejects.toThrow(/没有牵头的未完成任务/);
  });
});

describe('督办: a notice through its whole life', () => {
  it('goes 交办 → 签收 → 反馈 → 退回 → 反馈 → 办结, recording every step, and stands out while overdue', async () => {
    const datong = await t.actorFor('大同市');
    const notice = await issueNotice(
      t.db,
      t.office,
      { taskIds: [await t.taskId('6.3.1.1')], unitId: datong.unitId, level: '黄', reason: '本季度未报送进展', requirement: '5个工作日内书面反馈', replyDue: '2026-12-20' },
      '2026-12-11',
    );
    expect(notice.number).toBe('督办〔2026〕1号');
    expect((await listNotices(t.db, { overdueOnly: true }, '2026-12-21')).map((n) => n.number)).toEqual(['督办〔2026〕1号']);

    await expect(advanceNotice(t.db, datong, notice.id, { kind: 'reply', content: '…' })).rejects.toThrow(/请先签收/);
    await expect(advanceNotice(t.db, await t.actorFor('省商务厅'), notice.id, { kind: 'sign' })).rejects.toThrow(/不是发给/);
    await advanceNotice(t.db, datong, notice.id, { kind: 'sign' });
    await advanceNotice(t.db, datong, notice.id, { kind: 'reply', content: '已补报进展。' });
    await expect(advanceNotice(t.db, t.office, notice.id, { kind: 'review', accept: false, comment: '' })).rejects.toThrow(/退回理由/);
    await advanceNotice(t.db, t.office, notice.id, { kind: 'review', accept: false, comment: '反馈过于笼统，请补充具体进度' });
    await advanceNotice(t.db, datong, notice.id, { kind: 'reply', content: '已完成招标，12 月底开工。' });
    expect(await advanceNotice(t.db, t.office, notice.id, { kind: 'review', accept: true, comment: '同意办结' })).toBe('closed');

    const detail = await noticeDetail(t.db, notice.id, '2026-12-21');
    expect(detail.steps.map((s) => s.action)).toEqual(['交办', '签收', '反馈', '退回', '反馈', '办结']);
    expect(detail.steps[1]!.actor).toBe('大同市（经办人）');
    expect(detail).toMatchObject({ state: 'closed', sendBacks: 1, overdue: false });
    await expect(advanceNotice(t.db, t.office, notice.id, { kind: 'review', accept: true, comment: '' })).rejects.toBeInstanceOf(AppError);
  });

  it('numbers notices per year', async () => {
    const unitId = await t.unitId('大同市');
    const taskId = await t.taskId('6.3.1.1');
    const issue = (today: string) =>
      issueNotice(t.db, t.office, { taskIds: [taskId], unitId, level: '蓝', reason: 'r', requirement: 'q', replyDue: `${today.slice(0, 4)}-12-31` }, today);
    expect((await issue('2026-01-05')).number).toBe('督办〔2026〕1号');
    expect((await issue('2026-02-05')).number).toBe('督办〔2026〕2号');
    expect((await issue('2027-01-05')).number).toBe('督办〔2027〕1号');
  });
});

describe('problems and the 重大问题清单', () => {
  it('tracks problems raised in reports and keeps a major one on the list until solved', async () => {
    const commerce = await t.actorFor('省商务厅');
    await submitReport(t.db, t.files, commerce, report(await t.taskId('4.1.1.1'), { problems: '用地指标不足。', coordination: '请省自然资源厅协调用地。' }));
    const raised = await listProblems(t.db, { planId: t.planId });
    expect(raised.map((p) => [p.kind, p.text, p.ownerUnitName, p.state])).toEqual([
      ['需协调事项', '请省自然资源厅协调用地。', '省商务厅', 'open'],
      ['存在问题', '用地指标不足。', '省商务厅', 'open'],
    ]);
    const land = raised[1]!;
    await expect(setProblemMajor(t.db, commerce, { id: land.id, major: true, note: '' })).rejects.toThrow(/只有领导小组办公室/);
    await setProblemMajor(t.db, t.office, { id: land.id, major: true, note: '报省政府协调' });
    expect((await listProblems(t.db, { majorOpenOnly: true })).map((p) => [p.text, p.concernedUnits])).toEqual([['用地指标不足。', ['省商务厅']]]);

    await expect(updateProblem(t.db, commerce, { id: land.id, state: 'solved' })).rejects.toThrow(/写明解决情况/);
    await updateProblem(t.db, commerce, { id: land.id, state: 'solved', resolution: '省政府专题会议已调剂用地指标。' });
    expect(await listProblems(t.db, { majorOpenOnly: true })).toEqual([]);
  });
});
