import type { Kysely } from 'kysely';
import { isUnitRole, type Role } from '../api/access';
import { AppError } from '../api/errors';
import type { ExtensionRow, ExtensionState, TaskDeadlines } from '../api/extensions.types';
import type { Database } from '../db/database.types';
import { idList } from '../db/sql-forms';
import { fileRefsOf, type SavedUpload } from '../files/stored-attachments';
import { recordTaskEvent } from '../tasks/task-events';
import { refreshTaskLights } from '../tasks/task-lights';
import { checkTaskDates, loadLiveTasks, requireOffice, type Actor } from '../tasks/task-rules';
import { taskSpan } from '../rules/plan-period';

/**
 * 延期申请: the task's lead unit asks to move its deadline, the office approves (the requested date or another) or
 * refuses, with a comment. An approval writes the new date to tasks.deadline — the one column 序时进度, the warning
 * light and 考核 read — so no rule learns about extensions; the requests table keeps every request and the date it
 * was made against, which is where 原定时限 comes from.
 */

type Db = Kysely<Database>;

export interface ExtensionRequest {
  taskId: number;
  requestedDate: string;
  reason: string;
}

/** The deadline a task is held to (its own, or the plan's last day): the owner is taskSpan. */
function effectiveDeadline(task: { deadline: string | null; periodEnd: number }): string {
  return taskSpan({ startDate: null, deadline: task.deadline }, { periodStart: task.periodEnd, periodEnd: task.periodEnd }).deadline;
}

/** `saved`: the request's documents, already written to attachments/ (extension-files.ts), recorded with it. */
export async function requestExtension(db: Db, actor: Actor, input: ExtensionRequest, now: Date, saved: SavedUpload[] = []): Promise<{ id: number }> {
  if (!isUnitRole(actor.role)) throw new AppError('FORBIDDEN', `延期申请由任务的牵头单位提出；当前使用身份为“${actor.label}”。办公室可直接修改完成时限。`);
  return db.transaction().execute(async (trx) => {
    const [task] = await loadLiveTasks(trx, [input.taskId]);
    const lead = await trx.selectFrom('tasks').select(['lead_unit_id', 'status']).where('id', '=', input.taskId).executeTakeFirstOrThrow();
    if (lead.lead_unit_id !== actor.unitId) throw new AppError('FORBIDDEN', `“${actor.label}”不是任务 ${task!.code} 的牵头单位，不能申请延期。`);
    if (lead.status === '已完成') throw new AppError('CONFLICT', `任务 ${task!.code} 已完成，无需延期。`);
    const current = effectiveDeadline(task!);
    if (input.requestedDate <= current) {
      throw new AppError('INVALID_INPUT', `申请的完成时限（${input.requestedDate}）应晚于现在的完成时限（${current}）。`);
    }
    checkTaskDates(task!, task!.startDate, input.requestedDate);
    const pending = await trx.selectFrom('deadline_extensions').select('id').where('task_id', '=', input.taskId).where('state', '=', 'pending').executeTakeFirst();
    if (pending) throw new AppError('CONFLICT', `任务 ${task!.code} 已有一份待审批的延期申请，请等待办公室审批。`);
    const { id } = await trx
      .insertInto('deadline_extensions')
      .values({
        task_id: input.taskId,
        unit_id: actor.unitId,
        old_deadline: current,
        requested_date: input.requestedDate,
        reason: input.reason,
        requested_by: actor.label,
        requested_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (saved.length > 0) {
      await trx
        .insertInto('extension_attachments')
        .values(saved.map((file) => ({ extension_id: id, stored_name: file.storedName, original_name: file.name, size: file.size, sha256: file.sha256, created_at: now.toISOString() })))
        .execute();
    }
    const files = saved.length > 0 ? `，附材料 ${saved.length} 个` : '';
    await recordTaskEvent(trx, { taskId: input.taskId, kind: 'extension', summary: `申请延期：完成时限 ${current} → ${input.requestedDate}（${input.reason}）${files}`, actor });
    return { id };
  });
}

export interface ExtensionDecision {
  id: number;
  approve: boolean;
  /** Another date than the one asked for; the requested date when absent. */
  approvedDate?: string | undefined;
  comment: string;
}

export async function decideExtension(db: Db, actor: Actor, input: ExtensionDecision, now: Date): Promise<ExtensionState> {
  requireOffice(actor, '审批延期申请');
  if (!input.approve && input.comment.trim().length === 0) throw new AppError('INVALID_INPUT', '不予批准时请写明理由。');
  return db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom('deadline_extensions').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!request) throw new AppError('NOT_FOUND', '找不到该延期申请，请刷新后重试。');
    if (request.state !== 'pending') throw new AppError('CONFLICT', '该延期申请已审批过，不能再次审批。');
    const [task] = await loadLiveTasks(trx, [request.task_id]);
    const state: ExtensionState = input.approve ? 'approved' : 'refused';
    const approvedDate = input.approve ? (input.approvedDate ?? request.requested_date) : null;
    if (approvedDate !== null) {
      if (approvedDate <= request.old_deadline) {
        throw new AppError('INVALID_INPUT', `批准的完成时限（${approvedDate}）应晚于原完成时限（${request.old_deadline}）；不同意延期请选择“不予批准”。`);
      }
      checkTaskDates(task!, task!.startDate, approvedDate);
      await trx
        .updateTable('tasks')
        .set({ deadline: approvedDate, version: task!.version + 1, updated_at: now.toISOString() })
        .where('id', '=', request.task_id)
        .execute();
      // The approved deadline is the one the light follows (DOMAIN.md): its days move with it.
      await refreshTaskLights(trx, [request.task_id]);
    }
    await trx
      .updateTable('deadline_extensions')
      .set({ state, approved_date: approvedDate, comment: input.comment, decided_by: actor.label, decided_at: now.toISOString() })
      .where('id', '=', input.id)
      .execute();
    const summary =
      approvedDate === null
        ? `延期申请不予批准（${input.comment}）`
        : `批准延期：完成时限 ${request.old_deadline} → ${approvedDate}${approvedDate === request.requested_date ? '' : `（申请 ${request.requested_date}）`}${input.comment ? `；${input.comment}` : ''}`;
    await recordTaskEvent(trx, { taskId: request.task_id, kind: 'extension', summary, actor });
    return state;
  });
}

export interface ExtensionFilter {
  taskId?: number | undefined;
  state?: ExtensionState | undefined;
}

/** The requests a caller may see: a unit its own, the office and the leader all of them. Newest first. */
export async function listExtensions(db: Db, viewer: { role: Role; unitId: number } | null, filter: ExtensionFilter): Promise<ExtensionRow[]> {
  let query = db
    .selectFrom('deadline_extensions as e')
    .innerJoin('tasks as t', 't.id', 'e.task_id')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select([
      'e.id',
      'e.task_id',
      't.code',
      't.text',
      'e.unit_id',
      'u.name as unit_name',
      'e.old_deadline',
      'e.requested_date',
      'e.reason',
      'e.requested_by',
      'e.requested_at',
      'e.state',
      'e.approved_date',
      'e.comment',
      'e.decided_by',
      'e.decided_at',
    ])
    .orderBy('e.id', 'desc');
  if (viewer !== null && isUnitRole(viewer.role)) query = query.where('e.unit_id', '=', viewer.unitId);
  if (filter.taskId !== undefined) query = query.where('e.task_id', '=', filter.taskId);
  if (filter.state !== undefined) query = query.where('e.state', '=', filter.state);
  const rows = await query.execute();
  const files = await fileRefsOf(db, 'extension_attachments', rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    taskId: row.task_id,
    taskCode: row.code,
    taskText: row.text,
    unitId: row.unit_id,
    unitName: row.unit_name,
    oldDeadline: row.old_deadline,
    requestedDate: row.requested_date,
    reason: row.reason,
    attachments: files.get(row.id) ?? [],
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    state: row.state as ExtensionState,
    approvedDate: row.approved_date,
    comment: row.comment,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  }));
}

/**
 * 原定时限 of many tasks at once: the date the first approved 延期 was made against. Tasks never extended are absent
 * (their 原定时限 is their deadline). What reports print beside the deadline, which is the 调整后时限.
 */
export async function originalDeadlines(db: Db, taskIds: readonly number[]): Promise<Map<number, string>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('deadline_extensions')
    .select(['task_id', 'old_deadline'])
    .where('state', '=', 'approved')
    .where('task_id', 'in', idList([...taskIds]))
    .orderBy('id', 'desc')
    .execute();
  // Newest first, so the earliest approval is the one left in the map.
  return new Map(rows.map((row) => [row.task_id, row.old_deadline]));
}

export async function taskDeadlines(db: Db, taskId: number): Promise<TaskDeadlines> {
  const [task] = await loadLiveTasks(db, [taskId]);
  const adjusted = effectiveDeadline(task!);
  const original = (await originalDeadlines(db, [taskId])).get(taskId);
  return { taskId, original: original ?? adjusted, adjusted, extended: original !== undefined };
}

/** Lines of a report with 原定时限 filled in where a 延期 moved the deadline (the 单位进展情况表 prints both). */
export async function withOriginalDeadlines<T extends { taskId: number; originalDeadline?: string | undefined }>(db: Db, lines: T[]): Promise<T[]> {
  const originals = await originalDeadlines(db, lines.map((line) => line.taskId));
  return lines.map((line) => (originals.has(line.taskId) ? { ...line, originalDeadline: originals.get(line.taskId) } : line));
}
