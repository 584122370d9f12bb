import type { Kysely, Transaction } from 'kysely';
import { isUnitRole, type Role } from '../api/access';
import { AppError } from '../api/errors';
import type { FileContent, FileRef } from '../api/uploads';
import type { Database } from '../db/database.types';
import { readSavedFile, type SavedUpload } from '../files/stored-attachments';
import type { AttachmentStore } from '../progress/attachment-store';

/**
 * Files on a 督办 反馈 (the stamped scan of the unit's reply), kept as 佐证材料 are (files/stored-attachments.ts): the
 * rows here, tied to the 反馈 step; the files in attachments/, written before the step is committed.
 */

export async function recordReplyFiles(trx: Transaction<Database>, stepId: number, files: readonly SavedUpload[]): Promise<void> {
  if (files.length === 0) return;
  await trx
    .insertInto('notice_attachments')
    .values(files.map((file) => ({ step_id: stepId, stored_name: file.storedName, original_name: file.name, size: file.size, sha256: file.sha256 })))
    .execute();
}

/** Each step's files, by step id. */
export async function replyFilesOf(db: Kysely<Database>, stepIds: readonly number[]): Promise<Map<number, FileRef[]>> {
  const byStep = new Map<number, FileRef[]>();
  if (stepIds.length === 0) return byStep;
  const rows = await db.selectFrom('notice_attachments').select(['id', 'step_id', 'original_name', 'size']).where('step_id', 'in', [...stepIds]).orderBy('id').execute();
  for (const row of rows) byStep.set(row.step_id, [...(byStep.get(row.step_id) ?? []), { id: row.id, name: row.original_name, size: row.size }]);
  return byStep;
}

/**
 * A 反馈's file: the office (and 领导) open any; a unit only those on notices sent to it, as it sees only its own
 * notices. A missing file and another unit's read the same: the answer does not tell which ids exist.
 */
export async function readNoticeAttachment(db: Kysely<Database>, files: AttachmentStore, viewer: { role: Role; unitId: number } | null, id: number): Promise<FileContent> {
  const row = await db
    .selectFrom('notice_attachments as a')
    .innerJoin('notice_steps as s', 's.id', 'a.step_id')
    .innerJoin('supervision_notices as n', 'n.id', 's.notice_id')
    .select(['a.stored_name', 'a.original_name', 'a.size', 'a.sha256', 'n.unit_id'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (viewer !== null && isUnitRole(viewer.role) && row?.unit_id !== viewer.unitId) throw new AppError('FORBIDDEN', '单位只能查看发给本单位的督办单所附的反馈材料。');
  if (!row) throw new AppError('NOT_FOUND', '找不到该反馈材料，可能已被删除。');
  return readSavedFile(files, row);
}
