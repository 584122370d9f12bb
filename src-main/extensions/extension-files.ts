import type { Kysely } from 'kysely';
import type { Role } from '../api/access';
import type { FileContent } from '../api/uploads';
import type { Database } from '../db/database.types';
import { decodeUploads, readUnitFile, withSavedUploads, type Upload } from '../files/stored-attachments';
import type { AttachmentStore } from '../progress/attachment-store';
import type { Actor } from '../tasks/task-rules';
import { requestExtension, type ExtensionRequest } from './extensions.service';

/**
 * A 延期申请 with its documents (an approval letter, the reason in writing): the files are checked and written as
 * 佐证材料 are, then the request is recorded with them in one transaction; the office opens them when deciding.
 */

const LIMIT = { count: 10, totalBytes: 40 * 1024 * 1024 };

export async function requestExtensionWithFiles(
  db: Kysely<Database>,
  files: AttachmentStore,
  actor: Actor,
  input: ExtensionRequest & { attachments?: Upload[] | undefined },
  now: Date,
): Promise<{ id: number }> {
  const { attachments, ...request } = input;
  const decoded = decodeUploads(attachments ?? [], LIMIT, '本次延期申请');
  return withSavedUploads(files, decoded, (saved) => requestExtension(db, actor, request, now, saved));
}

/** A request's document: the office and 领导 open any; a unit those of its own requests (as it lists them). */
export async function readExtensionAttachment(db: Kysely<Database>, files: AttachmentStore, viewer: { role: Role; unitId: number } | null, id: number): Promise<FileContent> {
  const row = await db
    .selectFrom('extension_attachments as a')
    .innerJoin('deadline_extensions as e', 'e.id', 'a.extension_id')
    .select(['a.stored_name', 'a.original_name', 'a.size', 'a.sha256', 'e.unit_id'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  return readUnitFile(files, viewer, row, { forbidden: '单位只能查看本单位延期申请所附的材料。', missing: '找不到该材料，可能已被删除。' });
}
