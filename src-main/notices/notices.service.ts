import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../api/errors';
import type { NoticeDetail, NoticeLevel, NoticeRow, NoticeState, NoticeStep } from '../api/notices.types';
import type { Database } from '../db/database.types';
import { recordTaskEvent } from '../tasks/task-events';
import { loadLiveTasks, requireActiveUnits, requireOffice, type Actor } from '../tasks/task-rules';
import { chinaDateOf } from '../rules/report-date';
import { isNoticeOverdue } from '../rules/notice-overdue';
import type { SavedUpload } from '../files/stored-attachments';
import { recordReplyFiles, replyFilesOf } from './notice-files';
import { escalatedLevel } from '../rules/notice-escalation';
import { getEscalationRule } from '../escalation/escalation.service';

/**
 * 督办: a notice to a unit on lagging tasks. 交办 → 签收 → 反馈 → 审核: the office accepts (办结) or sends it back
 * (退回) with a reason, and the unit answers again. Every step is recorded with who and when.
 */

export interface IssueNoticeInput {
  taskIds: number[];
  unitId: number;
  level: NoticeLevel;
  reason: string;
  requirement: string;
  replyDue: string;
}

export async function issueNotice(
  db: Kysely<Database>,
  actor: Actor,
  input: IssueNoticeInput,
  today: string,
  now: Date = new Date(),
): Promise<{ id: number; number: string }> {
  checkIssue(actor, input.replyDue, today);
  return db.transaction().execute((trx) => issueNoticeIn(trx, actor, input, today, now));
}

/** Before any notice is issued (one, or one to each of several units): the office issues it, replies are due ahead. */
export function checkIssue(actor: Actor, replyDue: string, today: string): void {
  requireOffice(actor, '发起督办');
  if (replyDue < today) throw new AppError('INVALID_INPUT', `反馈期限（${replyDue}）早于今天（${today}）。`);
}

/**
 * One notice, numbered next in its year, inside a transaction the caller holds (督办 to several units issues one
 * each in one transaction: notice-batch.ts). The caller has checked the office and the reply date.
 */
export async function issueNoticeIn(trx: Transaction<Database>, actor: Actor, input: IssueNoticeInput, today: string, now: Date): Promise<{ id: number; number: string }> {
  const tasks = await loadLiveTasks(trx, input.taskIds);
  const plans = new Set(tasks.map((t) => t.planId));
  if (plans.size > 1) throw new AppError('INVALID_INPUT', '一份督办单只能针对同一规划的任务。');
  await requireActiveUnits(trx, [input.unitId]);
  const year = Number(today.slice(0, 4));
  const { max } = await trx.selectFrom('supervision_notices').select((eb) => eb.fn.max<number>('seq').as('max')).where('year', '=', year).executeTakeFirstOrThrow();
  const seq = (max ?? 0) + 1;
  const number = `督办〔${year}〕${seq}号`;
  const { id } = await trx
    .insertInto('supervision_notices')
    .values({
      plan_id: tasks[0]!.planId,
      year,
      seq,
      number,
      unit_id: input.unitId,
      level: input.level,
      reason: input.reason,
      requirement: input.requirement,
      reply_due: input.replyDue,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('notice_tasks').values(tasks.map((task) => ({ notice_id: id, task_id: task.id }))).execute();
  await addStep(trx, id, '交办', `${input.reason}\n要求：${input.requirement}`, actor, now);
  for (const task of tasks) {
    await recordTaskEvent(trx, { taskId: task.id, kind: 'notice', summary: `发出${input.level}色督办 ${number}，${input.replyDue} 前反馈`, actor });
  }
  return { id, number };
}

/** A 反馈 may carry files already written to attachments/ (notice-files.ts), recorded with its step. */
type NoticeAction = { kind: 'sign' } | { kind: 'reply'; content: string; files?: SavedUpload[] } | { kind: 'review'; accept: boolean; comment: string };

/**
 * Moves a notice one step along its life; anything out of order is refused with what is expected instead. `now` is
 * the app's clock: the step's time decides 逾期 (notice-overdue.ts), so it must agree with the app's date.
 */
export async function advanceNotice(db: Kysely<Database>, actor: Actor, noticeId: number, action: NoticeAction, now: Date = new Date()): Promise<NoticeState> {
  return db.transaction().execute(async (trx) => {
    const notice = await trx.selectFrom('supervision_notices').selectAll().where('id', '=', noticeId).executeTakeFirst();
    if (!notice) throw new AppError('NOT_FOUND', '找不到该督办单，请刷新后重试。');
    const state = notice.state as NoticeState;
    const byUnit = () => {
      if (actor.role !== 'office' && actor.unitId !== notice.unit_id) {
        throw new AppError('FORBIDDEN', `督办单 ${notice.number} 不是发给“${actor.label}”的。`);
      }
    };
    const expect = (allowed: NoticeState[], what: string) => {
      if (!allowed.includes(state)) throw new AppError('CONFLICT', `督办单 ${notice.number} 当前状态不能${what}。`);
    };
    let next: NoticeState;
    switch (action.kind) {
      case 'sign':
        byUnit();
        expect(['issued'], '签收（已签收过）');
        next = 'signed';
        await addStep(trx, noticeId, '签收', '', actor, now);
        break;
      case 'reply':
        byUnit();
        expect(['signed', 'returned'], '反馈（请先签收，或等待审核结果）');
        next = 'replied';
        await recordReplyFiles(trx, await addStep(trx, noticeId, '反馈', action.content, actor, now), action.files ?? []);
        break;
      case 'review':
        requireOffice(actor, '审核督办反馈');
        expect(['replied'], '审核（单位尚未反馈）');
        if (!action.accept && action.comment.trim().length === 0) throw new AppError('INVALID_INPUT', '退回时请写明退回理由。');
        next = action.accept ? 'closed' : 'returned';
        await addStep(trx, noticeId, action.accept ? '办结' : '退回', action.comment, actor, now);
        break;
    }
    await trx
      .updateTable('supervision_notices')
      .set({ state: next, closed_at: next === 'closed' ? now.toISOString() : null })
      .where('id', '=', noticeId)
      .execute();
    return next;
  });
}

async function addStep(trx: Transaction<Database>, noticeId: number, action: NoticeStep['action'], content: string, actor: Actor, now: Date): Promise<number> {
  const { id } = await trx
    .insertInto('notice_steps')
    .values({ notice_id: noticeId, action, content, actor: actor.label, unit_id: actor.unitId, created_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function listNotices(
  db: Kysely<Database>,
  filter: {
    id?: number | undefined;
    planId?: number | undefined;
    unitId?: number | undefined;
    openOnly?: boolean | undefined;
    overdueOnly?: boolean | undefined;
  },
  today: string,
): Promise<NoticeRow[]> {
  let query = db
    .selectFrom('supervision_notices')
    .innerJoin('units', 'units.id', 'supervision_notices.unit_id')
    .selectAll('supervision_notices')
    .select('units.name as unit_name')
    .orderBy('supervision_notices.id', 'desc');
  if (filter.id !== undefined) query = query.where('supervision_notices.id', '=', filter.id);
  if (filter.planId !== undefined) query = query.where('supervision_notices.plan_id', '=', filter.planId);
  if (filter.unitId !== undefined) query = query.where('supervision_notices.unit_id', '=', filter.unitId);
  if (filter.openOnly) query = query.where('supervision_notices.state', '<>', 'closed');
  const notices = await query.execute();
  if (notices.length === 0) return [];
  const ids = notices.map((n) => n.id);
  const [tasks, sendBacks, replies] = await Promise.all([
    db
      .selectFrom('notice_tasks')
      .innerJoin('tasks', 'tasks.id', 'notice_tasks.task_id')
      .select(['notice_tasks.notice_id', 'tasks.id', 'tasks.code', 'tasks.text'])
      .where('notice_tasks.notice_id', 'in', ids)
      .execute(),
    db
      .selectFrom('notice_steps')
      .select((eb) => ['notice_id', eb.fn.countAll<number>().as('n')])
      .where('action', '=', '退回')
      .where('notice_id', 'in', ids)
      .groupBy('notice_id')
      .execute(),
    db
      .selectFrom('notice_steps')
      .select((eb) => ['notice_id', eb.fn.max('created_at').as('last'), eb.fn.min('created_at').as('first')])
      .where('action', '=', '反馈')
      .where('notice_id', 'in', ids)
      .groupBy('notice_id')
      .execute(),
  ]);
  const lastReplyOn = new Map(replies.map((r) => [r.notice_id, chinaDateOf(r.last)]));
  const firstReplyOn = new Map(replies.map((r) => [r.notice_id, chinaDateOf(r.first)]));
  const rule = await getEscalationRule(db);
  const tasksByNotice = new Map<number, typeof tasks>();
  for (const task of tasks) tasksByNotice.set(task.notice_id, [...(tasksByNotice.get(task.notice_id) ?? []), task]);
  const sendBacksByNotice = new Map(sendBacks.map((s) => [s.notice_id, s.n]));
  const rows = notices.map(
    (n): NoticeRow => ({
      id: n.id,
      number: n.number,
      planId: n.plan_id,
      unitId: n.unit_id,
      unitName: n.unit_name,
      level: n.level as NoticeLevel,
      escalatedLevel: escalatedLevel(
        { level: n.level as NoticeLevel, replyDue: n.reply_due, firstReplyOn: firstReplyOn.get(n.id) ?? null, closedOn: n.closed_at ? chinaDateOf(n.closed_at) : null },
        today,
        rule,
      ),
      reason: n.reason,
      requirement: n.requirement,
      replyDue: n.reply_due,
      state: n.state as NoticeState,
      overdue: isNoticeOverdue({ closed: n.state === 'closed', replyDue: n.reply_due, lastReplyOn: lastReplyOn.get(n.id) ?? null }, today),
      issuedAt: n.issued_at,
      closedAt: n.closed_at,
      tasks: (tasksByNotice.get(n.id) ?? []).map((t) => ({ id: t.id, code: t.code, text: t.text })),
      sendBacks: Number(sendBacksByNotice.get(n.id) ?? 0),
    }),
  );
  return filter.overdueOnly ? rows.filter((row) => row.overdue) : rows;
}

export async function noticeDetail(db: Kysely<Database>, noticeId: number, today: string): Promise<NoticeDetail> {
  const [row] = await listNotices(db, { id: noticeId }, today);
  if (!row) throw new AppError('NOT_FOUND', '找不到该督办单，请刷新后重试。');
  const steps = await db.selectFrom('notice_steps').selectAll().where('notice_id', '=', noticeId).orderBy('id').execute();
  const files = await replyFilesOf(db, steps.map((s) => s.id));
  return {
    ...row,
    steps: steps.map((s) => ({ id: s.id, action: s.action as NoticeStep['action'], content: s.content, actor: s.actor, createdAt: s.created_at, attachments: files.get(s.id) ?? [] })),
  };
}
