import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor as AccountActor } from '../api/access';
import type { TodoList } from '../api/todo.types';
import { decideExtension, requestExtension } from '../extensions/extensions.service';
import { listProblems, setProblemMajor } from '../problems/problems.service';
import { submitReport, type ReportInput } from '../progress/progress.service';
import { sendRoundReminders } from '../reminders/round-reminders.service';
import { openRound } from '../rounds/rounds.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { advanceNotice, issueNotice } from '../notices/notices.service';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { createAccount } from '../accounts/accounts.service';
import { approveReview, listReviews, submitOrHoldReport } from '../progress/report-review.service';
import { listTodo } from './todo.service';

let t: SeededDatabase;
const at = (date: string) => new Date(`${date}T02:00:00Z`);

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

beforeEach(async () => {
  t = await createSeededDatabase();
  await assignTasks(t.db, t.office, {
    taskIds: [await t.taskId('6.3.1.1'), await t.taskId('6.3.1.2')],
    leadUnitId: await t.unitId('大同市'),
    startDate: '2026-01-01',
    deadline: '2027-12-31',
    milestones: [{ year: 2026, title: '完成可研批复', dueDate: '2026-12-20' }],
  });
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('4.1.1.1')], leadUnitId: await t.unitId('省商务厅'), startDate: '2026-01-01', deadline: '2026-12-31' });
});
afterEach(() => t.dispose());

const todo = (actor: Pick<AccountActor, 'role' | 'unitId'> | null, today: string) => listTodo(t.db, actor, today, DEFAULT_WARNING_THRESHOLDS);
const kinds = (list: TodoList) => list.items.map((item) => item.kind);

async function openQuarter() {
  return openRound(t.db, t.office, {
    planId: t.planId,
    name: '2026年第四季度调度',
    periodStart: '2026-10-01',
    periodEnd: '2026-12-31',
    dueDate: '2026-12-10',
    unitIds: [await t.unitId('大同市'), await t.unitId('省商务厅')],
  });
}

describe('待办: each person sees what is theirs to do', () => {
  it("a unit sees its round to report on, its notice to 签收, its milestone and task falling due; another unit sees none of them", async () => {
    const datong = await t.actorFor('大同市');
    const round = await openQuarter();
    const notice = await issueNotice(
      t.db,
      t.office,
      { taskIds: [await t.taskId('6.3.1.1')], unitId: datong.unitId, level: '黄', reason: '进展滞后', requirement: '书面反馈', replyDue: '2026-12-20' },
      '2026-12-01',
    );
    const list = await todo(datong, '2026-12-01');
    expect(list.items.find((i) => i.kind === 'roundReport')).toMatchObject({
      title: '2026年第四季度调度：尚有 2 项任务未报送',
      due: '2026-12-10',
      overdue: false,
      target: { kind: 'round', roundId: round.id },
    });
    expect(list.items.find((i) => i.kind === 'noticeSign')).toMatchObject({ due: '2026-12-20', target: { kind: 'notice', noticeId: notice.id } });
    // Two tasks, one milestone each, due within the 30-day window of the yellow light.
    expect(list.counts.milestoneDue).toBe(2);
    // 2027-12-31 is far: no task of 大同市 falls due; 省商务厅's task (2026-12-31) is not 大同市's.
    expect(list.counts.taskDue).toBeUndefined();
    expect(list.byArea).toEqual({ rounds: 1, supervision: 1, tasks: 2 });

    const commerce = await todo(await t.actorFor('省商务厅'), '2026-12-01');
    expect(kinds(commerce).sort()).toEqual(['roundReport', 'taskDue']);
    expect(commerce.items.find((i) => i.kind === 'taskDue')!.target).toEqual({ kind: 'task', taskId: await t.taskId('4.1.1.1') });

    // Signing moves the notice to 待反馈; reporting removes the round; past the due date things turn overdue.
    await advanceNotice(t.db, datong, notice.id, { kind: 'sign' }, at('2026-12-02'));
    for (const code of ['6.3.1.1', '6.3.1.2']) await submitReport(t.db, t.files, datong, report(await t.taskId(code)));
    const later = await todo(datong, '2026-12-21');
    expect(kinds(later)).not.toContain('roundReport');
    expect(later.items.find((i) => i.kind === 'noticeReply')).toMatchObject({ overdue: true });
    expect(later.items.filter((i) => i.kind === 'milestoneDue').every((i) => i.overdue)).toBe(true);
  });

  it('the office sees replies to review, units 未报 past the due date, 延期 requests and open major problems; the leader and nobody see nothing', async () => {
    const datong = await t.actorFor('大同市');
    const round = await openQuarter();
    await submitReport(t.db, t.files, await t.actorFor('省商务厅'), report(await t.taskId('4.1.1.1'), { problems: '用地指标不足' }));
    const notice = await issueNotice(
      t.db,
      t.office,
      { taskIds: [await t.taskId('6.3.1.1')], unitId: datong.unitId, level: '蓝', reason: '请说明进展', requirement: '书面反馈', replyDue: '2026-12-20' },
      '2026-12-01',
    );
    await advanceNotice(t.db, datong, notice.id, { kind: 'sign' }, at('2026-12-02'));
    await advanceNotice(t.db, datong, notice.id, { kind: 'reply', content: '已开工。' }, at('2026-12-03'));
    await requestExtension(t.db, await t.actorFor('省商务厅'), { taskId: await t.taskId('4.1.1.1'), requestedDate: '2027-06-30', reason: '用地未落实' }, at('2026-12-04'));
    const [problem] = await listProblems(t.db, {});
    await setProblemMajor(t.db, t.office, { id: problem!.id, major: true, note: '报省政府协调' });

    // Before the due date nobody is 逾期 yet.
    expect(kinds(await todo(t.office, '2026-12-10'))).not.toContain('roundMissing');
    const list = await todo(t.office, '2026-12-11');
    expect(list.counts).toEqual({ noticeReview: 1, roundMissing: 1, extensionPending: 1, majorProblem: 1 });
    expect(list.items.find((i) => i.kind === 'roundMissing')).toMatchObject({
      title: '2026年第四季度调度：大同市逾期未报 2 项',
      overdue: true,
      target: { kind: 'round', roundId: round.id, unitId: datong.unitId },
    });
    expect(list.items[0]!.kind).toBe('roundMissing');

    expect((await todo({ role: 'leader', unitId: 0 }, '2026-12-11')).total).toBe(0);
    expect((await todo(null, '2026-12-11')).total).toBe(0);
  });

  it("a unit sees the office's 催办 while it still owes, a notice sent back, and the answer to its 延期 request for 30 days", async () => {
    const datong = await t.actorFor('大同市');
    const round = await openQuarter();
    await sendRoundReminders(t.db, t.office, { roundId: round.id, message: '请于明日前报送' }, at('2026-12-11'));
    expect((await todo(datong, '2026-12-11')).items.find((i) => i.kind === 'reminder')).toMatchObject({
      title: '办公室催办：2026年第四季度调度',
      detail: expect.stringContaining('2 项未报：请于明日前报送'),
      target: { kind: 'round', roundId: round.id },
    });

    const notice = await issueNotice(
      t.db,
      t.office,
      { taskIds: [await t.taskId('6.3.1.1')], unitId: datong.unitId, level: '黄', reason: '进展滞后', requirement: '书面反馈', replyDue: '2026-12-20' },
      '2026-12-11',
    );
    await advanceNotice(t.db, datong, notice.id, { kind: 'sign' }, at('2026-12-11'));
    await advanceNotice(t.db, datong, notice.id, { kind: 'reply', content: '在推进。' }, at('2026-12-12'));
    await advanceNotice(t.db, t.office, notice.id, { kind: 'review', accept: false, comment: '请补充数据' }, at('2026-12-13'));

    const { id } = await requestExtension(t.db, datong, { taskId: await t.taskId('6.3.1.1'), requestedDate: '2028-06-30', reason: '资金' }, at('2026-12-12'));
    await decideExtension(t.db, t.office, { id, approve: true, approvedDate: '2028-03-31', comment: '' }, at('2026-12-13'));

    const list = await todo(datong, '2026-12-14');
    expect(list.items.find((i) => i.kind === 'noticeReturned')!.target).toEqual({ kind: 'notice', noticeId: notice.id });
    expect(list.items.find((i) => i.kind === 'extensionDecided')).toMatchObject({
      title: '任务 6.3.1.1 的延期申请已批准',
      detail: '完成时限调整为 2028-03-31（申请 2028-06-30）',
    });
    for (const code of ['6.3.1.1', '6.3.1.2']) await submitReport(t.db, t.files, datong, report(await t.taskId(code)));
    const reported = await todo(datong, '2027-01-20');
    expect(kinds(reported)).not.toContain('reminder');
    expect(kinds(reported)).not.toContain('extensionDecided');
  });

  it("a unit's 单位审核人 has each report waiting for it in 待办 and in the menu's count, the same rows as 本单位填报审核; approved, it leaves", async () => {
    const datong = await t.actorFor('大同市');
    const account = async (login: string, role: 'unit' | 'reviewer') => (await createAccount(t.db, at('2026-12-01'), { login, name: login, role, unitId: datong.unitId })).account.id;
    const filler: AccountActor = { ...datong, unitName: '大同市', person: '赵六', label: '大同市（赵六）', accountId: await account('zhaoliu', 'unit') };
    const reviewer: AccountActor = { ...datong, role: 'reviewer', unitName: '大同市', person: '钱七', label: '大同市（钱七）', accountId: await account('qianqi', 'reviewer') };
    const before = await todo(reviewer, '2026-12-05');
    expect(kinds(before)).not.toContain('reportReview');

    for (const code of ['6.3.1.1', '6.3.1.2']) {
      await submitOrHoldReport(t.db, t.files, filler, report(await t.taskId(code)), '2026-12-05', at('2026-12-05'));
    }
    const waiting = await todo(reviewer, '2026-12-05');
    const pending = await listReviews(t.db, reviewer, 'pending');
    expect(waiting.counts.reportReview).toBe(2);
    expect(waiting.total).toBe(before.total + 2);
    expect(waiting.items.filter((i) => i.kind === 'reportReview').map((i) => i.target)).toEqual(
      pending.map((review) => ({ kind: 'review', reviewId: review.id, taskId: review.taskId })),
    );
    expect(waiting.items.find((i) => i.kind === 'reportReview')!.title).toMatch(/^任务 6\.3\.1\.\d 的填报待审核$/u);
    // Approved on 待办 itself: not counted in another area of the menu.
    expect(waiting.byArea).toEqual(before.byArea);
    // The filler waits for it, and is not asked to review.
    expect(kinds(await todo(filler, '2026-12-05'))).not.toContain('reportReview');

    await approveReview(t.db, t.files, reviewer, pending[0]!.id, '2026-12-06', at('2026-12-06'));
    const after = await todo(reviewer, '2026-12-06');
    expect(after.counts.reportReview).toBe(1);
  });
});
