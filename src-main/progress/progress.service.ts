import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../api/errors';
import type { TaskStatus } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { recordTaskEvent } from '../tasks/task-events';
import { loadLiveTasks, requireInvolved, type Actor, type LiveTask } from '../tasks/task-rules';
import {
  type AttachmentStore,
  checkAttachmentName,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_TOTAL_BYTES,
  MAX_ATTACHMENTS_PER_REPORT,
  type StoredFile,
} from './attachment-store';

/** A unit's progress report on a task: always a new history entry, never an overwrite. */

export interface ReportInput {
  taskId: number;
  status: TaskStatus;
  percent: number;
  /** 本期进展情况 */
  progress: string;
  /** 存在问题 */
  problems: string;
  /** 下步打算 */
  nextSteps: string;
  /** 需协调事项 */
  coordination: string;
  attachments: { name: string; contentBase64: string }[];
}

export interface ReportSource {
  source: 'manual' | 'import';
  sourceRef?: string | null;
  /** The round the report answers; by default the open round that asks this task. */
  roundId?: number | null;
}

/** Rules a report must satisfy before anything is written. */
export function checkReport(input: Pick<ReportInput, 'status' | 'percent' | 'progress'>, taskCode: string): void {
  if (!Number.isInteger(input.percent) || input.percent < 0 || input.percent > 100) {
    throw new AppError('INVALID_INPUT', `任务 ${taskCode}：完成进度应为 0 到 100 之间的整数，收到“${input.percent}”。`);
  }
  if (input.status === '已完成') {
    if (input.progress.trim().length === 0) {
      throw new AppError('INVALID_INPUT', `任务 ${taskCode}：标记为“已完成”时，必须在“本期进展情况”中写明完成了什么。`);
    }
    if (input.percent !== 100) throw new AppError('INVALID_INPUT', `任务 ${taskCode}：标记为“已完成”时，完成进度应为 100%（当前为 ${input.percent}%）。`);
  }
  if (input.status === '未启动' && input.percent > 0) {
    throw new AppError('INVALID_INPUT', `任务 ${taskCode}：状态为“未启动”时，完成进度应为 0%（当前为 ${input.percent}%）。`);
  }
}

export async function submitReport(
  db: Kysely<Database>,
  files: AttachmentStore,
  actor: Actor,
  input: ReportInput,
  origin: ReportSource = { source: 'manual' },
): Promise<{ reportId: number }> {
  const [task] = await loadLiveTasks(db, [input.taskId]);
  await requireInvolved(db, actor, input.taskId);
  checkReport(input, task!.code);
  if (input.attachments.length > MAX_ATTACHMENTS_PER_REPORT) {
    throw new AppError('INVALID_INPUT', `每次填报最多附 ${MAX_ATTACHMENTS_PER_REPORT} 个佐证材料，本次有 ${input.attachments.length} 个。`);
  }
  const decoded = input.attachments.map((attachment) => {
    const name = checkAttachmentName(attachment.name);
    const content = Buffer.from(attachment.contentBase64, 'base64');
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw new AppError(
        'INVALID_INPUT',
        `附件“${name}”大小为 ${(content.length / 1024 / 1024).toFixed(1)} MB，超过单个附件 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB 的上限，本次填报未保存。`,
      );
    }
    return { name, content };
  });
  const totalBytes = decoded.reduce((sum, file) => sum + file.content.length, 0);
  if (totalBytes > MAX_ATTACHMENT_TOTAL_BYTES) {
    throw new AppError('INVALID_INPUT', `本次附件合计 ${(totalBytes / 1024 / 1024).toFixed(1)} MB，超过每次填报 ${MAX_ATTACHMENT_TOTAL_BYTES / 1024 / 1024} MB 的上限，本次填报未保存。`);
  }

  // Files first, then one transaction; if the transaction fails the files are removed again, so a report
  // never points at a missing file and no half-written report exists.
  const stored: (StoredFile & { name: string })[] = [];
  try {
    for (const file of decoded) stored.push({ ...files.save(file.content, file.name), name: file.name });
    return await db.transaction().execute((trx) => recordReport(trx, task!, actor, input, origin, stored));
  } catch (error) {
    for (const file of stored) files.remove(file.storedName);
    throw error;
  }
}

/**
 * The same report inside a transaction the caller holds (the Excel import records a whole file in one), without
 * attachments: the same checks, the same round linking, problems and history as `submitReport`.
 */
export async function submitReportInTransaction(
  trx: Transaction<Database>,
  actor: Actor,
  input: Omit<ReportInput, 'attachments'>,
  origin: ReportSource,
): Promise<{ reportId: number }> {
  const [task] = await loadLiveTasks(trx, [input.taskId]);
  await requireInvolved(trx, actor, input.taskId);
  checkReport(input, task!.code);
  return recordReport(trx, task!, actor, input, origin, []);
}

/** Writes a checked report: the row, its attachments, the round it answers, the problems it raises, the task. */
async function recordReport(
  trx: Transaction<Database>,
  task: LiveTask,
  actor: Actor,
  input: Omit<ReportInput, 'attachments'>,
  origin: ReportSource,
  stored: (StoredFile & { name: string })[],
): Promise<{ reportId: number }> {
  const createdAt = new Date().toISOString();
  const round =
    origin.roundId !== null && origin.roundId !== undefined
      ? await trx
          .selectFrom('round_tasks')
          .innerJoin('rounds', 'rounds.id', 'round_tasks.round_id')
          .select(['rounds.id', 'rounds.state', 'rounds.name'])
          .where('round_tasks.round_id', '=', origin.roundId)
          .where('round_tasks.task_id', '=', input.taskId)
          .executeTakeFirst()
      : await trx
          .selectFrom('round_tasks')
          .innerJoin('rounds', 'rounds.id', 'round_tasks.round_id')
          .select(['rounds.id', 'rounds.state', 'rounds.name'])
          .where('round_tasks.task_id', '=', input.taskId)
          .where('rounds.state', '=', 'open')
          .orderBy('rounds.id', 'desc')
          .executeTakeFirst();
  if (origin.roundId !== null && origin.roundId !== undefined && !round) throw new AppError('INVALID_INPUT', `任务 ${task.code} 不在所指定的调度范围内。`);
  if (round && round.state === 'closed') throw new AppError('CONFLICT', `调度“${round.name}”已结束，不能再为其填报。`);
  const { id: reportId } = await trx
    .insertInto('progress_reports')
    .values({
      task_id: input.taskId,
      unit_id: actor.unitId,
      reporter: actor.label,
      status: input.status,
      percent: input.percent,
      progress: input.progress,
      problems: input.problems,
      next_steps: input.nextSteps,
      coordination: input.coordination,
      source: origin.source,
      source_ref: origin.sourceRef ?? null,
      round_id: round?.id ?? null,
      created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const file of stored) {
    await trx
      .insertInto('attachments')
      .values({ report_id: reportId, stored_name: file.storedName, original_name: file.name, size: file.size, sha256: file.sha256 })
      .execute();
  }
  if (round) {
    await trx.updateTable('round_tasks').set({ report_id: reportId }).where('round_id', '=', round.id).where('task_id', '=', input.taskId).execute();
  }
  // Problems and coordination requests become tracked items, owned by the reporting unit until solved.
  const raised = [
    { kind: '存在问题' as const, text: input.problems.trim() },
    { kind: '需协调事项' as const, text: input.coordination.trim() },
  ].filter((item) => item.text.length > 0);
  for (const item of raised) {
    await trx
      .insertInto('problems')
      .values({ plan_id: task.planId, task_id: input.taskId, report_id: reportId, kind: item.kind, text: item.text, owner_unit_id: actor.unitId })
      .execute();
  }
  await trx
    .updateTable('tasks')
    .set({ status: input.status, percent: input.percent, last_report_at: createdAt })
    .where('id', '=', input.taskId)
    .execute();
  const attachmentNote = stored.length > 0 ? `，附佐证材料 ${stored.length} 个` : '';
  await recordTaskEvent(trx, {
    taskId: input.taskId,
    kind: 'reported',
    summary: `填报进展：${input.status}，完成 ${input.percent}%${attachmentNote}${round ? `（${round.name}）` : ''}${origin.source === 'import' ? `（导入自 ${origin.sourceRef ?? '文件'}）` : ''}`,
    actor,
  });
  return { reportId };
}

export async function readAttachment(
  db: Kysely<Database>,
  files: AttachmentStore,
  attachmentId: number,
): Promise<{ name: string; size: number; contentBase64: string }> {
  const row = await db.selectFrom('attachments').select(['stored_name', 'original_name', 'size']).where('id', '=', attachmentId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '找不到该附件，可能已被删除。');
  let content: Buffer;
  try {
    content = files.read(row.stored_name);
  } catch {
    throw new AppError('NOT_FOUND', `附件“${row.original_name}”的文件在数据目录中不存在，可能被移动或删除。`);
  }
  return { name: row.original_name, size: row.size, contentBase64: content.toString('base64') };
}
