import type { Kysely } from 'kysely';
import { isUnitRole, type Role } from '../api/access';
import { AppError } from '../api/errors';
import type { InstructionRow, InstructionStage } from '../api/instructions.types';
import { NOTICE_STATE_LABELS, type NoticeLevel, type NoticeState } from '../api/notices.types';
import type { Database } from '../db/database.types';
import { issueNotice } from '../notices/notices.service';
import { recordTaskEvent } from '../tasks/task-events';
import { loadLiveTasks, requireOffice, type Actor } from '../tasks/task-rules';

/**
 * 领导批示: the office records a leader's instruction on a task (批示人, date, text), turns it into a 督办 notice to
 * the task's lead unit in one step, and closes it once done. Every step goes into the task's history.
 */

type Db = Kysely<Database>;

export interface RecordInstructionInput {
  taskId: number;
  leader: string;
  givenOn: string;
  text: string;
}

export async function recordInstruction(db: Db, actor: Actor, input: RecordInstructionInput, today: string, now: Date): Promise<{ id: number }> {
  requireOffice(actor, '登记领导批示');
  if (input.givenOn > today) throw new AppError('INVALID_INPUT', `批示日期（${input.givenOn}）晚于今天（${today}）。`);
  return db.transaction().execute(async (trx) => {
    await loadLiveTasks(trx, [input.taskId]);
    const { id } = await trx
      .insertInto('leader_instructions')
      .values({ task_id: input.taskId, leader: input.leader, given_on: input.givenOn, text: input.text, recorded_by: actor.label, recorded_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordTaskEvent(trx, { taskId: input.taskId, kind: 'instruction', summary: `登记领导批示（${input.leader}，${input.givenOn}）：${input.text}`, actor });
    return { id };
  });
}

export interface InstructionNoticeInput {
  id: number;
  level: NoticeLevel;
  requirement: string;
  replyDue: string;
}

/** Turns a 批示 into a 督办 notice to the task's lead unit, the 批示 as its reason. */
export async function instructionToNotice(db: Db, actor: Actor, input: InstructionNoticeInput, today: string, now: Date): Promise<{ noticeId: number; number: string }> {
  requireOffice(actor, '将领导批示转为督办');
  const row = await db
    .selectFrom('leader_instructions as i')
    .innerJoin('tasks as t', 't.id', 'i.task_id')
    .select(['i.id', 'i.task_id', 'i.leader', 'i.given_on', 'i.text', 'i.notice_id', 'i.state', 't.code', 't.lead_unit_id'])
    .where('i.id', '=', input.id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '找不到该领导批示，请刷新后重试。');
  if (row.notice_id !== null) throw new AppError('CONFLICT', '该领导批示已转为督办，请在督办事项中跟踪办理。');
  if (row.state === 'closed') throw new AppError('CONFLICT', '该领导批示已办结。');
  if (row.lead_unit_id === null) throw new AppError('INVALID_INPUT', `任务 ${row.code} 尚未分配牵头单位，请先分配再转为督办。`);
  const notice = await issueNotice(
    db,
    actor,
    { taskIds: [row.task_id], unitId: row.lead_unit_id, level: input.level, reason: `落实领导批示（${row.leader}，${row.given_on}）：${row.text}`, requirement: input.requirement, replyDue: input.replyDue },
    today,
    now,
  );
  await db.updateTable('leader_instructions').set({ notice_id: notice.id }).where('id', '=', input.id).execute();
  return { noticeId: notice.id, number: notice.number };
}

export async function closeInstruction(db: Db, actor: Actor, input: { id: number; note: string }, now: Date): Promise<void> {
  requireOffice(actor, '办结领导批示');
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('leader_instructions').select(['task_id', 'state', 'leader']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '找不到该领导批示，请刷新后重试。');
    if (row.state === 'closed') throw new AppError('CONFLICT', '该领导批示已办结。');
    await trx.updateTable('leader_instructions').set({ state: 'closed', closed_note: input.note, closed_at: now.toISOString() }).where('id', '=', input.id).execute();
    await recordTaskEvent(trx, { taskId: row.task_id, kind: 'instruction', summary: `领导批示（${row.leader}）办结${input.note ? `：${input.note}` : ''}`, actor });
  });
}

function stageOf(state: string, noticeState: NoticeState | null): InstructionStage {
  if (state === 'closed') return '已办结';
  if (noticeState === null) return '待转办';
  return noticeState === 'closed' ? '待办结' : '督办中';
}

/**
 * The 批示件办理台账: every 批示 with where it stands. The office and the leader see all; a unit sees those turned into
 * notices to it (the 批示 is then its business).
 */
export async function listInstructions(db: Db, viewer: { role: Role; unitId: number } | null, filter: { openOnly?: boolean | undefined }): Promise<InstructionRow[]> {
  let query = db
    .selectFrom('leader_instructions as i')
    .innerJoin('tasks as t', 't.id', 'i.task_id')
    .leftJoin('units as u', 'u.id', 't.lead_unit_id')
    .leftJoin('supervision_notices as n', 'n.id', 'i.notice_id')
    .select([
      'i.id',
      'i.task_id',
      't.code',
      't.text as task_text',
      'u.name as lead_unit_name',
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
      'n.unit_id as notice_unit_id',
    ])
    .orderBy('i.given_on', 'desc')
    .orderBy('i.id', 'desc');
  if (filter.openOnly) query = query.where('i.state', '=', 'open');
  if (viewer !== null && isUnitRole(viewer.role)) query = query.where('n.unit_id', '=', viewer.unitId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    taskId: row.task_id,
    taskCode: row.code,
    taskText: row.task_text,
    leadUnitName: row.lead_unit_name,
    leader: row.leader,
    givenOn: row.given_on,
    text: row.text,
    recordedBy: row.recorded_by,
    notice: row.notice_id !== null ? { id: row.notice_id, number: row.notice_number!, state: NOTICE_STATE_LABELS[row.notice_state as NoticeState] } : null,
    stage: stageOf(row.state, (row.notice_state as NoticeState | null) ?? null),
    closedNote: row.closed_note,
    closedAt: row.closed_at,
  }));
}
