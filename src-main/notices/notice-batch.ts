import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';
import { requireActiveUnits, type Actor } from '../tasks/task-rules';
import { checkIssue, issueNoticeIn, type IssueNoticeInput } from './notices.service';

/**
 * 督办 to several units in one step: the office picks the units and sends each its own notice (its own 文号, its own
 * life of 签收, 反馈 and 审核), with the same tasks, 事由, 要求 and 反馈期限. All are issued in one transaction or
 * none is; a repeated click with the same request id gets the first answer (the dispatcher), never a second set.
 */

export type IssueNoticesInput = Omit<IssueNoticeInput, 'unitId'> & { unitIds: number[] };

export async function issueNotices(
  db: Kysely<Database>,
  actor: Actor,
  input: IssueNoticesInput,
  today: string,
  now: Date,
): Promise<{ notices: { id: number; number: string; unitId: number }[] }> {
  checkIssue(actor, input.replyDue, today);
  const unitIds = [...new Set(input.unitIds)];
  if (unitIds.length !== input.unitIds.length) throw new AppError('INVALID_INPUT', '督办单位中有重复的单位，请每个单位只选一次。');
  const { unitIds: _all, ...common } = input;
  return db.transaction().execute(async (trx) => {
    // Every unit checked before the first notice is numbered, so the message names the unit at fault.
    await requireActiveUnits(trx, unitIds);
    const notices = [];
    for (const unitId of unitIds) notices.push({ ...(await issueNoticeIn(trx, actor, { ...common, unitId }, today, now)), unitId });
    return { notices };
  });
}
