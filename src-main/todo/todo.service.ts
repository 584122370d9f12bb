import { sql, type Kysely } from 'kysely';
import { isUnitRole, type Role } from '../api/access';
import { listInstructions } from '../instructions/instructions.service';
import { listReviews } from '../progress/report-review.service';
import type { TodoItem, TodoKind, TodoList, TodoTarget } from '../api/todo.types';
import type { WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { openRemindersFor } from '../reminders/round-reminders.service';
import { isRoundPastDue } from '../rules/round-status';
import { dayNumber } from '../rules/task-warning';

/**
 * 待办: what is the caller's to do, computed from the records each time (nothing to keep in step). A unit sees its
 * reporting, its notices, its tasks and milestones falling due (the warning light's window, `dueSoonDays`) and the
 * answers to its 延期 requests; the office sees what waits on it: replies to review, units 未报 past a round's due
 * date, 延期 requests and open major problems. The leader and the admin have none (they read, or keep accounts).
 */

type Db = Kysely<Database>;

/** How long an answered 延期 request stays in the unit's 待办: long enough to be seen after a month's absence. */
export const DECISION_SHOWN_DAYS = 30;

export interface TodoViewer {
  role: Role;
  unitId: number;
}

function plusDays(isoDate: string, days: number): string {
  return new Date((dayNumber(isoDate) + days) * 86_400_000).toISOString().slice(0, 10);
}

export async function listTodo(db: Db, viewer: TodoViewer | null, today: string, thresholds: WarningThresholds): Promise<TodoList> {
  let items: TodoItem[] = [];
  if (viewer !== null && isUnitRole(viewer.role)) {
    items = await unitTodo(db, viewer.unitId, today, thresholds);
    // A 单位审核人 has the unit's 待办 and, on top, its reports to approve.
    if (viewer.role === 'reviewer') items.push(...(await reviewTodo(db, viewer)));
    // A 单位填报人 has, on top, the reports the reviewer sent back and nobody has submitted again.
    if (viewer.role === 'unit') items.push(...(await returnedTodo(db, viewer.unitId)));
  } else if (viewer?.role === 'office') {
    items = await officeTodo(db, today);
  }
  // Overdue first, then by the date each falls due; undated last.
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999'));
  const counts: Partial<Record<TodoKind, number>> = {};
  const byArea = { rounds: 0, supervision: 0, tasks: 0 };
  for (const item of items) {
    counts[item.kind] = (counts[item.kind] ?? 0) + 1;
    const area = areaOf(item.target);
    if (area) byArea[area] += 1;
  }
  return { items, counts, total: items.length, byArea };
}

function areaOf(target: TodoTarget): keyof TodoList['byArea'] | null {
  switch (target.kind) {
    // Approved on 待办 itself (本单位填报审核), in no other area of the menu.
    case 'review':
      return null;
    case 'round':
      return 'rounds';
    case 'notice':
    case 'problem':
    case 'instruction':
      return 'supervision';
    default:
      return 'tasks';
  }
}

/**
 * A 单位审核人's reports to approve: the rows the 本单位填报审核 card lists as 待审核 (the same service answers both), so
 * the menu's badge counts what the card asks the reviewer to do.
 */
async function reviewTodo(db: Db, viewer: TodoViewer): Promise<TodoItem[]> {
  return (await listReviews(db, viewer, 'pending')).map((review) => ({
    kind: 'reportReview',
    title: `任务 ${review.taskCode} 的填报待审核`,
    detail: `${review.submittedBy} 提交：${review.taskText}`,
    due: null,
    overdue: false,
    target: { kind: 'review', reviewId: review.id, taskId: review.taskId },
  }));
}

/**
 * Reports the unit's reviewer returned (退回) that wait for the filler to correct and submit again: the latest review
 * of its task from this unit, with no report of the unit on the task since. The item opens the task, where the report
 * is submitted again; submitting (a new review, or a report where the unit no longer has a reviewer) clears it.
 */
async function returnedTodo(db: Db, unitId: number): Promise<TodoItem[]> {
  const rows = await db
    .selectFrom('report_reviews as rv')
    .innerJoin('tasks', 'tasks.id', 'rv.task_id')
    .select(['rv.id', 'rv.task_id', 'tasks.code', 'rv.reviewed_by', 'rv.return_reason'])
    .where('rv.unit_id', '=', unitId)
    .where('rv.state', '=', 'returned')
    .where('tasks.retired_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('report_reviews as later').select('later.id').whereRef('later.unit_id', '=', 'rv.unit_id').whereRef('later.task_id', '=', 'rv.task_id').whereRef('later.id', '>', 'rv.id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('progress_reports as pr')
            .select('pr.id')
            .whereRef('pr.unit_id', '=', 'rv.unit_id')
            .whereRef('pr.task_id', '=', 'rv.task_id')
            .whereRef('pr.created_at', '>', 'rv.reviewed_at'),
        ),
      ),
    )
    .orderBy('rv.id')
    .execute();
  return rows.map((row) => ({
    kind: 'reportReturned',
    title: `任务 ${row.code} 的填报被退回`,
    detail: `${row.reviewed_by ?? '审核人'} 退回：${row.return_reason ?? ''}`,
    due: null,
    overdue: false,
    target: { kind: 'task', taskId: row.task_id },
  }));
}

async function unitTodo(db: Db, unitId: number, today: string, thresholds: WarningThresholds): Promise<TodoItem[]> {
  const items: TodoItem[] = [];

  const owing = await db
    .selectFrom('round_tasks as rt')
    .innerJoin('rounds as r', 'r.id', 'rt.round_id')
    .select((eb) => ['r.id', 'r.name', 'r.due_date', 'r.state', eb.fn.countAll<number>().as('missing')])
    .where('rt.unit_id', '=', unitId)
    .where('rt.report_id', 'is', null)
    .where('r.state', '=', 'open')
    .groupBy(['r.id', 'r.name', 'r.due_date', 'r.state'])
    .execute();
  const owingRounds = new Set<number>();
  for (const round of owing) {
    owingRounds.add(round.id);
    const overdue = isRoundPastDue({ state: round.state, dueDate: round.due_date }, today);
    items.push({
      kind: 'roundReport',
      title: `${round.name}：尚有 ${Number(round.missing)} 项任务未报送`,
      detail: `报送截止 ${round.due_date}${overdue ? '，已逾期' : ''}`,
      due: round.due_date,
      overdue,
      target: { kind: 'round', roundId: round.id, unitId },
    });
  }
  for (const reminder of await openRemindersFor(db, unitId)) {
    if (!owingRounds.has(reminder.roundId)) continue;
    items.push({
      kind: 'reminder',
      title: `办公室催办：${reminder.roundName}`,
      detail: `${reminder.sentAt.slice(0, 10)} 催办，当时 ${reminder.missing} 项未报${reminder.message ? `：${reminder.message}` : ''}`,
      due: null,
      overdue: false,
      target: { kind: 'round', roundId: reminder.roundId, unitId },
    });
  }

  const notices = await db
    .selectFrom('supervision_notices')
    .select(['id', 'number', 'state', 'reply_due', 'reason'])
    .where('unit_id', '=', unitId)
    .where('state', 'in', ['issued', 'signed', 'returned'])
    .execute();
  const noticeKinds = { issued: ['noticeSign', '请签收'], signed: ['noticeReply', '请反馈'], returned: ['noticeReturned', '反馈被退回，请重新反馈'] } as const;
  for (const notice of notices) {
    const [kind, what] = noticeKinds[notice.state as keyof typeof noticeKinds];
    items.push({
      kind,
      title: `督办单 ${notice.number}：${what}`,
      detail: `${notice.reason}（${notice.reply_due} 前反馈）`,
      due: notice.reply_due,
      overdue: today > notice.reply_due,
      target: { kind: 'notice', noticeId: notice.id },
    });
  }

  // The warning light's "due soon" window, so that 待办 and the yellow light agree on what is near.
  const horizon = plusDays(today, thresholds.dueSoonDays);
  const deadline = sql<string>`coalesce(t.deadline, p.period_end || '-12-31')`;
  const tasks = await db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select(['t.id', 't.code', 't.text', 't.status', deadline.as('deadline')])
    .where('t.lead_unit_id', '=', unitId)
    .where('t.retired_at', 'is', null)
    .where('t.status', 'not in', ['已完成', '暂缓'])
    .where(deadline, '<=', horizon)
    .execute();
  for (const task of tasks) {
    const overdue = today > task.deadline;
    items.push({
      kind: 'taskDue',
      title: `任务 ${task.code} ${overdue ? '已超过完成时限' : '临近完成时限'}`,
      detail: `${task.text.slice(0, 60)}（完成时限 ${task.deadline}，${task.status}）`,
      due: task.deadline,
      overdue,
      target: { kind: 'task', taskId: task.id },
    });
  }

  const milestones = await db
    .selectFrom('milestones as m')
    .innerJoin('tasks as t', 't.id', 'm.task_id')
    .select(['m.id', 'm.title', 'm.due_date', 't.id as task_id', 't.code'])
    .where('t.lead_unit_id', '=', unitId)
    .where('t.retired_at', 'is', null)
    .where('m.done_at', 'is', null)
    .where('m.due_date', '<=', horizon)
    .execute();
  for (const milestone of milestones) {
    const overdue = today > milestone.due_date;
    items.push({
      kind: 'milestoneDue',
      title: `任务 ${milestone.code} 的阶段目标${overdue ? '已逾期' : '临近时限'}`,
      detail: `${milestone.title}（${milestone.due_date}）`,
      due: milestone.due_date,
      overdue,
      target: { kind: 'task', taskId: milestone.task_id },
    });
  }

  const since = plusDays(today, -DECISION_SHOWN_DAYS);
  const decided = await db
    .selectFrom('deadline_extensions as e')
    .innerJoin('tasks as t', 't.id', 'e.task_id')
    .select(['e.id', 'e.task_id', 't.code', 'e.state', 'e.approved_date', 'e.requested_date', 'e.comment', 'e.decided_at'])
    .where('e.unit_id', '=', unitId)
    .where('e.state', '<>', 'pending')
    .where(sql<string>`substr(e.decided_at, 1, 10)`, '>=', since)
    .execute();
  for (const decision of decided) {
    const approved = decision.state === 'approved';
    items.push({
      kind: 'extensionDecided',
      title: `任务 ${decision.code} 的延期申请${approved ? '已批准' : '未获批准'}`,
      detail: approved
        ? `完成时限调整为 ${decision.approved_date}${decision.approved_date === decision.requested_date ? '' : `（申请 ${decision.requested_date}）`}${decision.comment ? `；${decision.comment}` : ''}`
        : decision.comment,
      due: null,
      overdue: false,
      target: { kind: 'extension', extensionId: decision.id, taskId: decision.task_id },
    });
  }
  return items;
}

async function officeTodo(db: Db, today: string): Promise<TodoItem[]> {
  const items: TodoItem[] = [];
  const replied = await db
    .selectFrom('supervision_notices as n')
    .innerJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.id', 'n.number', 'n.reply_due', 'u.name'])
    .where('n.state', '=', 'replied')
    .execute();
  for (const notice of replied) {
    items.push({
      kind: 'noticeReview',
      title: `督办单 ${notice.number}：${notice.name}已反馈，待审核`,
      detail: `反馈期限 ${notice.reply_due}`,
      due: null,
      overdue: false,
      target: { kind: 'notice', noticeId: notice.id },
    });
  }

  const missing = await db
    .selectFrom('round_tasks as rt')
    .innerJoin('rounds as r', 'r.id', 'rt.round_id')
    .innerJoin('units as u', 'u.id', 'rt.unit_id')
    .select((eb) => ['r.id', 'r.name', 'r.due_date', 'rt.unit_id', 'u.name as unit_name', eb.fn.countAll<number>().as('missing')])
    .where('r.state', '=', 'open')
    .where('r.due_date', '<', today)
    .where('rt.report_id', 'is', null)
    .groupBy(['r.id', 'r.name', 'r.due_date', 'rt.unit_id', 'u.name', 'u.seq'])
    .orderBy('u.seq')
    .execute();
  for (const row of missing) {
    items.push({
      kind: 'roundMissing',
      title: `${row.name}：${row.unit_name}逾期未报 ${Number(row.missing)} 项`,
      detail: `报送截止 ${row.due_date}，可催办`,
      due: row.due_date,
      overdue: true,
      target: { kind: 'round', roundId: row.id, unitId: row.unit_id },
    });
  }

  const pending = await db
    .selectFrom('deadline_extensions as e')
    .innerJoin('tasks as t', 't.id', 'e.task_id')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.id', 'e.task_id', 't.code', 'u.name', 'e.old_deadline', 'e.requested_date', 'e.reason'])
    .where('e.state', '=', 'pending')
    .execute();
  for (const request of pending) {
    items.push({
      kind: 'extensionPending',
      title: `${request.name}申请任务 ${request.code} 延期`,
      detail: `${request.old_deadline} → ${request.requested_date}：${request.reason}`,
      due: null,
      overdue: false,
      target: { kind: 'extension', extensionId: request.id, taskId: request.task_id },
    });
  }

  const problems = await db
    .selectFrom('problems as pr')
    .innerJoin('tasks as t', 't.id', 'pr.task_id')
    .innerJoin('units as u', 'u.id', 'pr.owner_unit_id')
    .select(['pr.id', 'pr.text', 'pr.state', 't.code', 'u.name'])
    .where('pr.is_major', '=', 1)
    .where('pr.state', '<>', 'solved')
    .execute();
  for (const problem of problems) {
    items.push({
      kind: 'majorProblem',
      title: `重大问题（任务 ${problem.code}，${problem.name}）${problem.state === 'open' ? '待解决' : '解决中'}`,
      detail: problem.text.slice(0, 80),
      due: null,
      overdue: false,
      target: { kind: 'problem', problemId: problem.id },
    });
  }

  // 批示 to follow up: every one not yet closed, saying what it waits for.
  for (const instruction of await listInstructions(db, { role: 'office', unitId: 0 }, { openOnly: true })) {
    items.push({
      kind: 'instructionOpen',
      title: `领导批示（${instruction.leader}，${instruction.givenOn}）${instruction.stage}`,
      detail: `${instruction.targetLabel.slice(0, 40)}：${instruction.text.slice(0, 60)}${instruction.notice ? `（${instruction.notice.number}，${instruction.notice.state}）` : ''}`,
      due: null,
      overdue: false,
      // Its notice once it is one; before that the record it is about (a project's 批示 opens the 批示件办理台账).
      target: instruction.notice
        ? { kind: 'notice', noticeId: instruction.notice.id }
        : instruction.taskId !== null
          ? { kind: 'task', taskId: instruction.taskId }
          : { kind: 'instruction', instructionId: instruction.id },
    });
  }
  return items;
}
