import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../api/access';
import type { FileContent, FileRef } from '../api/uploads';
import type { Database } from '../db/database.types';
import { fileRefsOf, readUnitFile, type SavedUpload } from '../files/stored-attachments';
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
export function replyFilesOf(db: Kysely<Database>, stepIds: readonly number[]): Promise<Map<number, FileRef[]>> {
  return fileRefsOf(db, 'notice_attachments', stepIds);
}

/** A 反馈's file: the office (and 领导) open any; a unit only those on notices sent to it, as it sees only its own notices. */
export async function readNoticeAttachment(db: Kysely<Database>, files: AttachmentStore, viewer: { role: Role; unitId: number } | null, id: number): Promise<FileContent> {
  const row = await db
    .selectFrom('notice_attachments as a')
    .innerJoin('notice_steps as s', 's.id', 'a.step_id')
    .innerJoin('supervision_notices as n', 'n.id', 's.notice_id')
    .select(['a.stored_name', 'a.original_name', 'a.size', 'a.sha256', 'n.unit_id'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  return readUnitFile(files, viewer, row, { forbidden: '单位只能查看发给本单位的督办单所附的反馈材料。', missing: '找不到该反馈材料，可能已被删除。' });
}
