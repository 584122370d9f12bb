import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../api/access';
import type { Caller } from '../api/handler.types';
import type { ReportReviewRow, SubmitResult } from '../api/reviews.types';
import type { RoundDetail } from '../api/rounds.types';
import type { TodoList } from '../api/todo.types';
import { createAccount } from '../accounts/accounts.service';
import { logIn } from '../accounts/sessions';
import { openAppContext, type AppContext } from '../core/app-context';

/**
 * 单位审核人 on the shared server: a filler's report waits for its unit's reviewer before the office sees it as 已报;
 * a unit without a reviewer reports as before. The clock and today are the test's.
 */

let dir: string;
let context: AppContext;
const now = new Date('2024-06-30T02:00:00Z');
const callers = {} as Record<'office' | 'fillerA' | 'reviewerA' | 'fillerB' | 'reviewerB', Caller>;
let tasks: { a: number; b: number };
let roundId: number;

async function call<T>(channel: string, input: unknown, caller: Caller): Promise<T> {
  const result = await context.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const report = (taskId: number, progress: string, attachments: { name: string; contentBase64: string }[] = []) => ({
  taskId,
  status: '序时推进',
  percent: 30,
  progress,
  problems: '',
  nextSteps: '',
  coordination: '',
  attachments,
});
const returnedItems = (todo: TodoList) =>
  todo.items.filter((item) => item.kind === 'reportReturned').map(({ title, detail, target }) => ({ title, detail, target }));
const reportsOn = async (taskId: number) => context.database.db.selectFrom('progress_reports').select(['id', 'reporter']).where('task_id', '=', taskId).execute();
const unitRow = async (unitName: string) => (await call<RoundDetail>('rounds.get', { id: roundId }, callers.office)).units.find((row) => row.unitName === unitName)!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-review-'));
  context = await openAppContext({ dataDir: dir, mode: 'browser', version: 'test', shared: true, today: () => '2024-06-30', now: () => now });
  const db = context.database.db;
  const units = await db.selectFrom('units').select(['id', 'name']).execute();
  const a = units.find((u) => u.name === '大同市')!.id;
  const b = units.find((u) => u.name === '朔州市')!.id;
  const sessionOf = async (login: string, role: Role, unitId: number | null): Promise<Caller> => {
    const issued = await createAccount(db, now, { login, name: login, role, unitId });
    await db.updateTable('accounts').set({ must_change_password: 0 }).where('login', '=', login).execute();
    return { kind: 'session', token: (await logIn(context.sessions(), login, issued.initialPassword, '127.0.0.1')).token, address: '127.0.0.1' };
  };
  callers.office = await sessionOf('office1', 'office', null);
  callers.fillerA = await sessionOf('fillera', 'unit', a);
  callers.fillerB = await sessionOf('fillerb', 'unit', b);
  const rows = await db.selectFrom('tasks').select('id').orderBy('id').limit(2).execute();
  tasks = { a: rows[0]!.id, b: rows[1]!.id };
  await call('tasks.assign', { taskIds: [tasks.a], leadUnitId: a }, callers.office);
  await call('tasks.assign', { taskIds: [tasks.b], leadUnitId: b }, callers.office);
  roundId = (await call<{ id: number }>('rounds.open', { planId: 1, name: '2024年第二季度调度', periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-07-05', unitIds: [a, b] }, callers.office)).id;
  // Unit A gets a reviewer; unit B's reviewer comes later (see the last test).
  callers.reviewerA = await sessionOf('reviewera', 'reviewer', a);
});

afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a unit with a 单位审核人', () => {
  it('a filler’s report waits for the reviewer: nothing recorded, the office still sees the unit 未报', async () => {
    const result = await call<SubmitResult>('progress.submit', report(tasks.a, '第一稿'), callers.fillerA);
    expect(result).toMatchObject({ reportId: null, reviewId: expect.any(Number) });
    expect(await reportsOn(tasks.a)).toEqual([]);
    expect(await unitRow('大同市')).toMatchObject({ reported: 0, status: '未报' });
    const mine = await call<ReportReviewRow[]>('reviews.list', {}, callers.fillerA);
    expect(mine).toMatchObject([{ state: 'pending', progress: '第一稿', taskId: tasks.a }]);
    expect(await call<ReportReviewRow[]>('reviews.list', {}, callers.office)).toEqual([]);
    expect(await call<ReportReviewRow[]>('reviews.list', {}, callers.fillerB)).toEqual([]);
  });

  it('only the unit’s own reviewer may decide: the filler and another unit are refused', async () => {
    const [pending] = await call<ReportReviewRow[]>('reviews.list', { state: 'pending' }, callers.reviewerA);
    expect(await context.dispatch('reviews.approve', { id: pending!.id }, callers.fillerA)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('审核人') } });
    expect(await context.dispatch('reviews.approve', { id: pending!.id }, callers.office)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('退回 with a reason: the filler sees why; still nothing recorded', async () => {
    const [pending] = await call<ReportReviewRow[]>('reviews.list', { state: 'pending' }, callers.reviewerA);
    await call('reviews.return', { id: pending!.id, reason: '请补充项目开工情况' }, callers.reviewerA);
    expect(await call<ReportReviewRow[]>('reviews.list', {}, callers.fillerA)).toMatchObject([{ state: 'returned', returnReason: '请补充项目开工情况', reviewedBy: '大同市（reviewera）' }]);
    expect(await reportsOn(tasks.a)).toEqual([]);
    expect(await context.dispatch('reviews.approve', { id: pending!.id }, callers.reviewerA)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // The filler's 待办 says so, with the reason, and opens the task to submit again; the reviewer's has nothing left.
    expect(returnedItems(await call<TodoList>('todo.list', {}, callers.fillerA))).toEqual([
      { title: expect.stringContaining('的填报被退回'), detail: '大同市（reviewera） 退回：请补充项目开工情况', target: { kind: 'task', taskId: tasks.a } },
    ]);
    expect((await call<TodoList>('todo.list', {}, callers.reviewerA)).counts).not.toHaveProperty('reportReview');
  });

  it('审核通过: the corrected report is recorded with its file, naming filler and reviewer, and the office sees 已报', async () => {
    const file = { name: '开工证明.pdf', contentBase64: Buffer.from('%PDF-1.4\n%%EOF').toString('base64') };
    const { reviewId } = await call<SubmitResult>('progress.submit', report(tasks.a, '第二稿：已开工', [file]), callers.fillerA);
    // Submitted again: the returned one leaves the filler's 待办; the reviewer has the new one to decide.
    expect(returnedItems(await call<TodoList>('todo.list', {}, callers.fillerA))).toEqual([]);
    expect((await call<TodoList>('todo.list', {}, callers.reviewerA)).counts.reportReview).toBe(1);
    const { reportId } = await call<{ reportId: number }>('reviews.approve', { id: reviewId! }, callers.reviewerA);
    expect(await reportsOn(tasks.a)).toEqual([{ id: reportId, reporter: '大同市（fillera，审核：reviewera）' }]);
    const files = await context.database.db.selectFrom('attachments').select('original_name').where('report_id', '=', reportId).execute();
    expect(files).toEqual([{ original_name: '开工证明.pdf' }]);
    expect(await unitRow('大同市')).toMatchObject({ reported: 1, status: '已报' });
    expect(await call<ReportReviewRow[]>('reviews.list', { state: 'approved' }, callers.fillerA)).toMatchObject([{ id: reviewId, reportId }]);
    expect(await context.dispatch('reviews.approve', { id: reviewId! }, callers.reviewerA)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('a unit without a reviewer, and the reviewer’s own reports', () => {
  it('are recorded at once, as before', async () => {
    const first = await call<SubmitResult>('progress.submit', report(tasks.b, '朔州进展'), callers.fillerB);
    expect(first.reportId).toEqual(expect.any(Number));
    expect(await unitRow('朔州市')).toMatchObject({ reported: 1 });
    const own = await call<SubmitResult>('progress.submit', report(tasks.a, '审核人自己填报'), callers.reviewerA);
    expect(own.reportId).toEqual(expect.any(Number));
  });
});
