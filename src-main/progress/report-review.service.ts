import type { Kysely } from 'kysely';
import type { Actor } from '../api/access';
import { AppError } from '../api/errors';
import type { ReportReviewRow, ReviewState, SubmitResult } from '../api/reviews.types';
import type { TaskStatus } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { decodeUploads } from '../files/stored-attachments';
import { requireInvolved } from '../tasks/task-rules';
import { MAX_ATTACHMENT_TOTAL_BYTES, MAX_ATTACHMENTS_PER_REPORT, type AttachmentStore } from './attachment-store';
import { checkReport, submitReport, type ReportInput } from './progress.service';

/**
 * 单位审核 (DOMAIN.md "Roles": 单位审核人, optional): when a unit has an active reviewer account, a report its 单位填报人
 * submits waits in report_reviews until the reviewer approves it — only then is it recorded as a progress report, so
 * every count the office sees (已报, 迟报, the round's table, 考核) stays as it is and needs no second rule — or returns it
 * with a reason for the filler to correct and submit again. A unit without a reviewer, the reviewer's own reports, the
 * office's and the single-seat modes' are recorded at once, as before.
 *
 * The approved report is dated the day of approval: the unit's report reaches the office then (迟报 is judged on it).
 */

type Db = Kysely<Database>;

/** Whether this caller's report must wait for its unit's reviewer: a 单位填报人 account of a unit that has one. */
export async function needsReview(db: Db, actor: Actor): Promise<boolean> {
  if (actor.accountId === undefined || actor.role !== 'unit') return false;
  const reviewer = await db
    .selectFrom('accounts')
    .select('id')
    .where('role', '=', 'reviewer')
    .where('unit_id', '=', actor.unitId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return reviewer !== undefined;
}

/**
 * A report from the app's form: recorded at once, or kept for the unit's reviewer. What can be checked without
 * recording (the task is the unit's, percent and status agree, the files are acceptable) is checked now, so the filler
 * hears of a mistake at once, not from the reviewer; approval checks everything again when it records.
 */
export async function submitOrHoldReport(db: Db, files: AttachmentStore, actor: Actor, input: ReportInput, reportDate: string, now: Date): Promise<SubmitResult> {
  if (!(await needsReview(db, actor))) return submitReport(db, files, actor, input, { source: 'manual', reportDate });
  await requireInvolved(db, actor, input.taskId);
  const task = await db.selectFrom('tasks').select('code').where('id', '=', input.taskId).executeTakeFirstOrThrow();
  checkReport(input, task.code);
  // The files are checked as recording them will check them; they are kept in the payload until then.
  decodeUploads(input.attachments, { count: MAX_ATTACHMENTS_PER_REPORT, totalBytes: MAX_ATTACHMENT_TOTAL_BYTES }, '本次填报');
  const { id } = await db
    .insertInto('report_reviews')
    .values({
      unit_id: actor.unitId,
      task_id: input.taskId,
      account_id: actor.accountId!,
      submitted_by: actor.label,
      payload: JSON.stringify(input),
      submitted_at: now.toISOString(),
      state: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { reportId: null, reviewId: id };
}

/** The caller's unit's reviews, newest first (the office and accounts bound to no unit have none to see). */
export async function listReviews(db: Db, actor: Pick<Actor, 'role' | 'unitId'> | null, state?: ReviewState): Promise<ReportReviewRow[]> {
  if (!actor || (actor.role !== 'unit' && actor.role !== 'reviewer')) return [];
  let query = db
    .selectFrom('report_reviews')
    .innerJoin('tasks', 'tasks.id', 'report_reviews.task_id')
    .innerJoin('units', 'units.id', 'report_reviews.unit_id')
    .select([
      'report_reviews.id',
      'report_reviews.task_id',
      'tasks.code',
      'tasks.text',
      'units.name as unit_name',
      'report_reviews.submitted_by',
      'report_reviews.submitted_at',
      'report_reviews.state',
      'report_reviews.payload',
      'report_reviews.reviewed_by',
      'report_reviews.reviewed_at',
      'report_reviews.return_reason',
      'report_reviews.report_id',
    ])
    .where('report_reviews.unit_id', '=', actor.unitId)
    .orderBy('report_reviews.id', 'desc')
    .limit(200);
  if (state) query = query.where('report_reviews.state', '=', state);
  const rows = await query.execute();
  return rows.map((row) => {
    const payload = JSON.parse(row.payload) as ReportInput;
    return {
      id: row.id,
      taskId: row.task_id,
      taskCode: row.code,
      taskText: row.text,
      unitName: row.unit_name,
      submittedBy: row.submitted_by,
      submittedAt: row.submitted_at,
      state: row.state as ReviewState,
      status: payload.status as TaskStatus,
      percent: payload.percent,
      progress: payload.progress,
      problems: payload.problems,
      nextSteps: payload.nextSteps,
      coordination: payload.coordination,
      attachmentNames: payload.attachments.map((attachment) => attachment.name),
      reviewedBy: row.reviewed_by,
      reviewedAt: row.reviewed_at,
      returnReason: row.return_reason,
      reportId: row.report_id,
    };
  });
}

/** A pending review of the reviewer's own unit, or a refusal saying why not. */
async function pendingForReviewer(db: Db, actor: Actor, id: number) {
  if (actor.role !== 'reviewer') throw new AppError('FORBIDDEN', '只有本单位的审核人可以审核填报。');
  const review = await db.selectFrom('report_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!review || review.unit_id !== actor.unitId) throw new AppError('FORBIDDEN', '只能审核本单位的填报。');
  if (review.state !== 'pending') {
    throw new AppError('CONFLICT', `这份填报已${review.state === 'approved' ? '审核通过' : '退回'}（${review.reviewed_by ?? ''}），不能再次审核。`);
  }
  return review;
}

/**
 * 审核通过: records the report as the filler made it, naming the reviewer, dated today; the office now sees it. One call:
 * the report and the review's new state commit together (the dispatcher's call transaction).
 */
export async function approveReview(db: Db, files: AttachmentStore, actor: Actor, id: number, reportDate: string, now: Date): Promise<{ reportId: number }> {
  const review = await pendingForReviewer(db, actor, id);
  const input = JSON.parse(review.payload) as ReportInput;
  const filler = await db.selectFrom('accounts').select('name').where('id', '=', review.account_id).executeTakeFirst();
  const person = filler?.name ?? review.submitted_by;
  const reporter: Actor = {
    role: 'unit',
    unitId: review.unit_id,
    unitName: actor.unitName,
    person,
    label: `${actor.unitName}（${person}，审核：${actor.person}）`,
    accountId: review.account_id,
  };
  // Claimed first, so a second approval at the same moment finds it taken; the dispatcher's call transaction commits
  // the claim, the report and its files' rows together, or none of them.
  const claimed = await db
    .updateTable('report_reviews')
    .set({ state: 'approved', reviewed_by: actor.label, reviewed_at: now.toISOString() })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '这份填报刚刚已被审核，请刷新后查看。');
  const { reportId } = await submitReport(db, files, reporter, input, { source: 'manual', reportDate });
  await db.updateTable('report_reviews').set({ report_id: reportId }).where('id', '=', id).execute();
  return { reportId };
}

/** 退回: the filler sees the reason and submits a corrected report, which waits for review again. */
export async function returnReview(db: Db, actor: Actor, id: number, reason: string, now: Date): Promise<null> {
  await pendingForReviewer(db, actor, id);
  await db
    .updateTable('report_reviews')
    .set({ state: 'returned', reviewed_by: actor.label, reviewed_at: now.toISOString(), return_reason: reason.trim() })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
  return null;
}
