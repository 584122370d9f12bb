import type { Kysely } from 'kysely';
import type { NoticeState } from '../api/notices.types';
import type { Database } from '../db/database.types';
import { decodeUploads, withSavedUploads, type Upload } from '../files/stored-attachments';
import type { AttachmentStore } from '../progress/attachment-store';
import type { Actor } from '../tasks/task-rules';
import { advanceNotice } from './notices.service';

/** A unit sends its reply with the stamped scan and any other documents: as many as a progress report may carry. */
const LIMIT = { count: 10, totalBytes: 40 * 1024 * 1024 };

/**
 * 反馈 with files: each is checked before any is written, written durably, then the step is recorded with them in one
 * transaction; a reply refused (not signed yet, another unit's notice) leaves no file behind.
 */
export async function replyToNotice(
  db: Kysely<Database>,
  files: AttachmentStore,
  actor: Actor,
  input: { id: number; content: string; attachments?: Upload[] | undefined },
  now: Date,
): Promise<NoticeState> {
  const decoded = decodeUploads(input.attachments ?? [], LIMIT, '本次反馈');
  return withSavedUploads(files, decoded, (saved) => advanceNotice(db, actor, input.id, { kind: 'reply', content: input.content, files: saved }, now));
}
