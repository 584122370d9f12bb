import { sql, type Kysely } from 'kysely';
import { isUnitRole, type Role } from '../api/access';
import { AppError } from '../api/errors';
import type { FileContent, FileRef } from '../api/uploads';
import type { Database } from '../db/database.types';
import { idList } from '../db/sql-forms';
import { checkAttachmentName, MAX_ATTACHMENT_BYTES, sha256Of, type AttachmentStore, type StoredFile } from '../progress/attachment-store';
import { decodeBase64Strict } from './upload-content';

/**
 * Files that come with a record other than a progress report (the scan of a 领导批示, a 延期申请's documents), kept as
 * 佐证材料 are: the same checks on name, encoding and size, the same durable write into attachments/ before the row
 * that points at it is committed, and the same hash check when read back.
 */

export interface Upload {
  name: string;
  contentBase64: string;
}

export type SavedUpload = StoredFile & { name: string };

/** Checks every file before any is written; `what` names the record in messages (本次批示, 本次延期申请). */
export function decodeUploads(uploads: Upload[], limit: { count: number; totalBytes: number }, what: string): { name: string; content: Buffer }[] {
  if (uploads.length > limit.count) throw new AppError('INVALID_INPUT', `${what}最多附 ${limit.count} 个文件，本次有 ${uploads.length} 个。`);
  const decoded = uploads.map((upload) => {
    const name = checkAttachmentName(upload.name);
    const content = decodeBase64Strict(upload.contentBase64, `附件“${name}”`);
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw new AppError('INVALID_INPUT', `附件“${name}”大小为 ${(content.length / 1024 / 1024).toFixed(1)} MB，超过单个附件 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB 的上限，${what}未保存。`);
    }
    return { name, content };
  });
  const total = decoded.reduce((sum, file) => sum + file.content.length, 0);
  if (total > limit.totalBytes) {
    throw new AppError('INVALID_INPUT', `${what}的附件合计 ${(total / 1024 / 1024).toFixed(1)} MB，超过 ${limit.totalBytes / 1024 / 1024} MB 的上限，未保存。`);
  }
  return decoded;
}

/**
 * Writes the files, then runs `commit` (the transaction that records them); if it fails the files are removed again,
 * so no row points at a missing file and no file is left for a record that was never saved.
 */
export async function withSavedUploads<T>(files: AttachmentStore, decoded: { name: string; content: Buffer }[], commit: (saved: SavedUpload[]) => Promise<T>): Promise<T> {
  const saved: SavedUpload[] = [];
  try {
    for (const file of decoded) saved.push({ ...(await files.saveAsync(file.content, file.name)), name: file.name });
    return await commit(saved);
  } catch (error) {
    for (const file of saved) files.remove(file.storedName);
    throw error;
  }
}

/** A stored file's row: where it is kept, what it was called, and what it held when saved. */
export interface SavedFileRow {
  stored_name: string;
  original_name: string;
  size: number;
  sha256: string;
}

/**
 * A stored file's bytes, refused when the file is gone or no longer the one saved (its sha256). `savedWhen` names the
 * moment it was saved in the refusal (a 佐证材料 says 填报时保存的).
 */
export async function readSavedFile(files: AttachmentStore, row: SavedFileRow, savedWhen = '保存时'): Promise<FileContent> {
  let content: Buffer;
  try {
    content = await files.read(row.stored_name);
  } catch {
    throw new AppError('NOT_FOUND', `附件“${row.original_name}”的文件在数据目录中不存在，可能被移动或删除。`);
  }
  if (sha256Of(content) !== row.sha256) {
    throw new AppError(
      'DB_CORRUPT',
      `附件“${row.original_name}”的文件内容与${savedWhen}不一致（校验值不符，可能已损坏或被改动），未打开。请从备份中找回该文件：attachments/${row.stored_name}`,
    );
  }
  return { name: row.original_name, size: row.size, contentBase64: content.toString('base64') };
}

/**
 * A file kept with a record a unit may see only when it is the unit's (`unit_id`: the unit the record concerns): the
 * office and 领导 open any. To a unit a missing id and another unit's file read the same (`forbidden`), so the answer
 * does not tell which ids exist.
 */
export async function readUnitFile(
  files: AttachmentStore,
  viewer: { role: Role; unitId: number } | null,
  row: (SavedFileRow & { unit_id: number | null }) | undefined,
  refusal: { forbidden: string; missing: string },
): Promise<FileContent> {
  if (viewer !== null && isUnitRole(viewer.role) && row?.unit_id !== viewer.unitId) throw new AppError('FORBIDDEN', refusal.forbidden);
  if (!row) throw new AppError('NOT_FOUND', refusal.missing);
  return readSavedFile(files, row);
}

/** The tables keeping files for a record, each with the column naming its record. */
const FILE_OWNER = { notice_attachments: 'step_id', instruction_attachments: 'instruction_id', extension_attachments: 'extension_id' } as const;

/** Each record's files (id, name, size: what a list shows), by record id, in the order they were saved. */
export async function fileRefsOf(db: Kysely<Database>, table: keyof typeof FILE_OWNER, ownerIds: readonly number[]): Promise<Map<number, FileRef[]>> {
  const byOwner = new Map<number, FileRef[]>();
  if (ownerIds.length === 0) return byOwner;
  const owner = sql.ref<number>(FILE_OWNER[table]);
  const rows = await db.selectFrom(table).select(['id', owner.as('owner'), 'original_name', 'size']).where(owner, 'in', idList(ownerIds)).orderBy('id').execute();
  for (const row of rows) byOwner.set(row.owner, [...(byOwner.get(row.owner) ?? []), { id: row.id, name: row.original_name, size: row.size }]);
  return byOwner;
}

/**
 * At start: files in attachments/ that no record refers to are set aside (AttachmentStore.sweepOrphans). Every table
 * that keeps files is asked, so the scan of a 批示 or a 延期申请's documents is never taken for an orphan.
 */
export async function sweepOrphanFiles(
  db: Kysely<Database>,
  files: AttachmentStore,
  now: Date,
  stillCurrent?: () => boolean,
): Promise<{ setAside: string[]; removedPartial: string[] }> {
  const tables = ['attachments', 'notice_attachments', 'instruction_attachments', 'extension_attachments'] as const;
  return files.sweepOrphans(async (names) => {
    const referenced = new Set<string>();
    if (names.length === 0) return referenced;
    for (const table of tables) {
      for (const row of await db.selectFrom(table).select('stored_name').where('stored_name', 'in', names).execute()) referenced.add(row.stored_name);
    }
    return referenced;
  }, now, stillCurrent);
}
