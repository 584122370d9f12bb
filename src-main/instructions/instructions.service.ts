import type { Kysely } from 'kysely';
import { isUnitRole, type Role } from '../api/access';
import { AppError } from '../api/errors';
import type { FileContent } from '../api/uploads';
import { INSTRUCTION_TARGET_LABELS, type InstructionRow, type InstructionStage, type InstructionTargetKind } from '../api/instructions.types';
import { NOTICE_STATE_LABELS, type NoticeLevel, type NoticeState } from '../api/notices.types';
import type { Database } from '../db/database.types';
import { decodeUploads, fileRefsOf, readUnitFile, withSavedUploads, type Upload } from '../files/stored-attachments';
import { issueNotice } from '../notices/notices.service';
import type { AttachmentStore } from '../progress/attachment-store';
import { chinaDateOf } from '../rules/report-date';
import { recordTaskEvent } from '../tasks/task-events';
import { loadLiveTasks, requireOffice, type Actor } from '../tasks/task-rules';

/**
 * 领导批示: the office records a leader's instruction (批示人, date, text, the scan) on a task, a problem, a project or a
 * progress report, turns it into a 督办 notice to the unit that answers for that record in one step, and closes it
 * once done. Every step goes into the history of the task it concerns.
 */

type Db = Kysely<Database>;

/** The scan of a 批示: a few pages, photographed or scanned. */
const SCAN_LIMIT = { count: 5, totalBytes: 40 * 1024 * 1024 };

export interface RecordInstructionInput {
  target: InstructionTargetKind;
  targetId: number;
  leader: string;
  givenOn: string;
  text: string;
  attachments?: Upload[] | undefined;
}

/** What a 批示 is about, as the record it names resolves: its plan, task, the unit answering for it and its label. */
interface ResolvedTarget {
  planId: number;
  taskId: number | null;
  /** The tasks a notice from it names (a project's linked tasks). */
  taskIds: number[];
  unitId: number | null;
  label: string;
}

async function resolveTarget(db: Db, kind: InstructionTargetKind, targetId: number): Promise<ResolvedTarget> {
  const what = INSTRUCTION_TARGET_LABELS[kind];
  const missing = () => new AppError('NOT_FOUND', `找不到批示涉及的${what}（编号 ${targetId}），可能已被删除，请刷新后重试。`);
  switch (kind) {
    case 'task': {
      const [task] = await loadLiveTasks(db, [targetId]);
      const row = await db.selectFrom('tasks').select(['plan_id', 'code', 'text', 'lead_unit_id']).where('id', '=', task!.id).executeTakeFirstOrThrow();
      return { planId: row.plan_id, taskId: targetId, taskIds: [targetId], unitId: row.lead_unit_id, label: `任务 ${row.code} ${row.text}` };
    }
    case 'problem': {
      const row = await db
        .selectFrom('problems as p')
        .innerJoin('tasks as t', 't.id', 'p.task_id')
        .select(['p.plan_id', 'p.task_id', 'p.owner_unit_id', 'p.text', 'p.kind', 't.code'])
        .where('p.id', '=', targetId)
        .executeTakeFirst();
      if (!row) throw missing();
      return { planId: row.plan_id, taskId: row.task_id, taskIds: [row.task_id], unitId: row.owner_unit_id, label: `${row.kind}（任务 ${row.code}）：${row.text}` };
    }
    case 'project': {
      const row = await db.selectFrom('projects').select(['plan_id', 'name', 'lead_unit_id']).where('id', '=', targetId).executeTakeFirst();
      if (!row) throw missing();
      const tasks = await db.selectFrom('project_tasks').select('task_id').where('project_id', '=', targetId).orderBy('task_id').execute();
      return { planId: row.plan_id, taskId: null, taskIds: tasks.map((t) => t.task_id), unitId: row.lead_unit_id, label: `重大项目：${row.name}` };
    }
    case 'report': {
      const row = await db
        .selectFrom('progress_reports as r')
        .innerJoin('tasks as t', 't.id', 'r.task_id')
        .innerJoin('units as u', 'u.id', 'r.unit_id')
        .select(['t.plan_id', 'r.task_id', 'r.unit_id', 'r.report_date', 'r.created_at', 't.code', 'u.name'])
        .where('r.id', '=', targetId)
        .executeTakeFirst();
      if (!row) throw missing();
      return {
        planId: row.plan_id,
        taskId: row.task_id,
        taskIds: [row.task_id],
        unitId: row.unit_id,
        label: `进展报告：任务 ${row.code}，${row.name}，${row.report_date ?? chinaDateOf(row.created_at)} 填报`,
      };
    }
  }
}

export async function recordInstruction(
  db: Db,
  files: AttachmentStore,
  actor: Actor,
  input: RecordInstructionInput,
  today: string,
  now: Date,
): Promise<{ id: number }> {
  requireOffice(actor, '登记领导批示');
  if (input.givenOn > today) throw new AppError('INVALID_INPUT', `批示日期（${input.givenOn}）晚于今天（${today}）。`);
  // Checked before any file is written; the row is written with its files in one transaction.
  await resolveTarget(db, input.target, input.targetId);
  const scans = decodeUploads(input.attachments ?? [], SCAN_LIMIT, '本次登记的领导批示');
  return withSavedUploads(files, scans, (saved) =>
    db.transaction().execute(async (trx) => {
      const target = await resolveTarget(trx, input.target, input.targetId);
      const { id } = await trx
        .insertInto('leader_instructions')
        .values({
          plan_id: target.planId,
          target_kind: input.target,
          task_id: target.taskId,
          problem_id: input.target === 'problem' ? input.targetId : null,
          project_id: input.target === 'project' ? input.targetId : null,
          report_id: input.target === 'report' ? input.targetId : null,
          leader: input.leader,
          given_on: input.givenOn,
          text: input.text,
          recorded_by: actor.label,
          recorded_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (saved.length > 0) {
        await trx
          .insertInto('instruction_attachments')
          .values(saved.map((file) => ({ instruction_id: id, stored_name: file.storedName, original_name: file.name, size: file.size, sha256: file.sha256, created_at: now.toISOString() })))
          .execute();
      }
      if (target.taskId !== null) {
        const scan = saved.length > 0 ? `，附批示件 ${saved.length} 个` : '';
        const on = input.target === 'task' ? '' : `（${target.label}）`;
        await recordTaskEvent(trx, { taskId: target.taskId, kind: 'instruction', summary: `登记领导批示（${input.leader}，${input.givenOn}${scan}）${on}：${input.text}`, actor });
      }
      return { id };
    }),
  );
}

export interface InstructionNoticeInput {
  id: number;
  level: NoticeLevel;
  requirement: string;
  replyDue: string;
}

/** Turns a 批示 into a 督办 notice to the unit answering for its record, the 批示 as its reason. */
export async function instructionToNotice(db: Db, actor: Actor, input: InstructionNoticeInput, today: string, now: Date): Promise<{ noticeId: number; number: string }> {
  requireOffice(actor, '将领导批示转为督办');
  const row = await db
    .selectFrom('leader_instructions')
    .select(['id', 'target_kind', 'task_id', 'problem_id', 'project_id', 'report_id', 'leader', 'given_on', 'text', 'notice_id', 'state'])
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '找不到该领导批示，请刷新后重试。');
  if (row.notice_id !== null) throw new AppError('CONFLICT', '该领导批示已转为督办，请在督办事项中跟踪办理。');
  if (row.state === 'closed') throw new AppError('CONFLICT', '该领导批示已办结。');
  const kind = row.target_kind as InstructionTargetKind;
  const target = await resolveTarget(db, kind, targetIdOf(row));
  if (target.unitId === null) {
    const whose = kind === 'project' ? '该重大项目尚未确定牵头单位' : `${target.label.slice(0, 40)} 尚未分配牵头单位`;
    throw new AppError('INVALID_INPUT', `${whose}，请先指定再转为督办。`);
  }
  if (target.taskIds.length === 0) throw new AppError('INVALID_INPUT', `${target.label} 尚未关联规划任务：督办单要列明督办的任务，请先在“指标与项目”中为项目关联任务。`);
  const about = kind === 'task' ? '' : `（${target.label}）`;
  const notice = await issueNotice(
    db,
    actor,
    { taskIds: target.taskIds, unitId: target.unitId, level: input.level, reason: `落实领导批示（${row.leader}，${row.given_on}）${about}：${row.text}`, requirement: input.requirement, replyDue: input.replyDue },
    today,
    now,
  );
  await db.updateTable('leader_instructions').set({ notice_id: notice.id }).where('id', '=', input.id).execute();
  return { noticeId: notice.id, number: notice.number };
}

function targetIdOf(row: { target_kind: string; task_id: number | null; problem_id: number | null; project_id: number | null; report_id: number | null }): number {
  const ids: Record<InstructionTargetKind, number | null> = { task: row.task_id, problem: row.problem_id, project: row.project_id, report: row.report_id };
  return ids[row.target_kind as InstructionTargetKind]!;
}

export async function closeInstruction(db: Db, actor: Actor, input: { id: number; note: string }, now: Date): Promise<void> {
  requireOffice(actor, '办结领导批示');
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('leader_instructions').select(['task_id', 'state', 'leader']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '找不到该领导批示，请刷新后重试。');
    if (row.state === 'closed') throw new AppError('CONFLICT', '该领导批示已办结。');
    await trx.updateTable('leader_instructions').set({ state: 'closed', closed_note: input.note, closed_at: now.toISOString() }).where('id', '=', input.id).execute();
    if (row.task_id !== null) {
      await recordTaskEvent(trx, { taskId: row.task_id, kind: 'instruction', summary: `领导批示（${row.leader}）办结${input.note ? `：${input.note}` : ''}`, actor });
    }
  });
}

function stageOf(state: string, noticeState: NoticeState | null): InstructionStage {
  if (state === 'closed') return '已办结';
  if (noticeState === null) return '待转办';
  return noticeState === 'closed' ? '待办结' : '督办中';
}

type Viewer = { role: Role; unitId: number } | null;

/**
 * The 批示件办理台账: every 批示 with where it stands. The office and the leader see all; a unit sees those turned into
 * notices to it (the 批示 is then its business).
 */
export async function listInstructions(db: Db, viewer: Viewer, filter: { openOnly?: boolean | undefined; planId?: number | undefined }): Promise<InstructionRow[]> {
  let query = db
    .selectFrom('leader_instructions as i')
    .leftJoin('supervision_notices as n', 'n.id', 'i.notice_id')
    .leftJoin('tasks as t', 't.id', 'i.task_id')
    .select([
      'i.id',
      'i.plan_id',
      'i.target_kind',
      'i.task_id',
      'i.problem_id',
      'i.project_id',
      'i.report_id',
      't.code as task_code',
      'i.leader',
      'i.given_on',
      'i.text',
      'i.recorded_by',
      'i.state',
      'i.closed_note',
      'i.closed_at',
      'n.id as notice_id',
      'n.number as notice_number',
      'n.state as notice_state',
    ])
    .orderBy('i.given_on', 'desc')
    .orderBy('i.id', 'desc');
  if (filter.openOnly) query = query.where('i.state', '=', 'open');
  if (filter.planId !== undefined) query = query.where('i.plan_id', '=', filter.planId);
  if (viewer !== null && isUnitRole(viewer.role)) query = query.where('n.unit_id', '=', viewer.unitId);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const scansOf = await fileRefsOf(db, 'instruction_attachments', rows.map((row) => row.id));
  // Each record's label and answering unit, as the notice would name them (few rows: the 台账 of one office).
  const targets = new Map<string, ResolvedTarget | null>();
  const unitNames = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const result: InstructionRow[] = [];
  for (const row of rows) {
    const kind = row.target_kind as InstructionTargetKind;
    const targetId = targetIdOf(row);
    const key = `${kind}:${targetId}`;
    if (!targets.has(key)) targets.set(key, await resolveTarget(db, kind, targetId).catch(() => null));
    const target = targets.get(key) ?? null;
    result.push({
      id: row.id,
      planId: row.plan_id,
      targetKind: kind,
      targetId,
      targetLabel: target?.label ?? `${INSTRUCTION_TARGET_LABELS[kind]}（编号 ${targetId}，已撤销）`,
      taskId: row.task_id,
      taskCode: row.task_code,
      unitName: target && target.unitId !== null ? (unitNames.get(target.unitId) ?? null) : null,
      leader: row.leader,
      givenOn: row.given_on,
      text: row.text,
      recordedBy: row.recorded_by,
      attachments: scansOf.get(row.id) ?? [],
      notice: row.notice_id !== null ? { id: row.notice_id, number: row.notice_number!, state: NOTICE_STATE_LABELS[row.notice_state as NoticeState] } : null,
      stage: stageOf(row.state, (row.notice_state as NoticeState | null) ?? null),
      closedNote: row.closed_note,
      closedAt: row.closed_at,
    });
  }
  return result;
}

/**
 * The scan of a 批示. A unit opens only those of 批示 sent to it as a notice, the rule the 台账 lists by: a missing
 * file and another unit's read the same, so the answer does not tell which ids exist.
 */
export async function readInstructionAttachment(db: Db, files: AttachmentStore, viewer: Viewer, attachmentId: number): Promise<FileContent> {
  const row = await db
    .selectFrom('instruction_attachments as a')
    .innerJoin('leader_instructions as i', 'i.id', 'a.instruction_id')
    .leftJoin('supervision_notices as n', 'n.id', 'i.notice_id')
    .select(['a.stored_name', 'a.original_name', 'a.size', 'a.sha256', 'n.unit_id'])
    .where('a.id', '=', attachmentId)
    .executeTakeFirst();
  return readUnitFile(files, viewer, row, { forbidden: '单位只能查看转给本单位督办的领导批示的批示件。', missing: '找不到该批示件，可能已被删除。' });
}
