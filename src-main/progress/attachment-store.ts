import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { AppError } from '../api/errors';

/**
 * 佐证材料 on disk: copied into the data folder under generated names, so no name a user (or a hostile file)
 * supplies ever becomes part of a path. The original name is kept in the database for display only.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_REPORT = 10;
export const MAX_ATTACHMENT_TOTAL_BYTES = 40 * 1024 * 1024;

const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.[a-z0-9]{1,10})?$/u;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/iu;

/** Refuses names that try to be paths or carry characters Windows or a terminal would misread. */
export function checkAttachmentName(name: string): string {
  const trimmed = name.trim();
  const shown = trimmed.replace(/\p{Cc}/gu, '?').slice(0, 60);
  const hostile =
    trimmed.length === 0 ||
    trimmed.length > 200 ||
    /[\p{Cc}/\\<>:"|?*]/u.test(trimmed) ||
    trimmed === '.' ||
    trimmed.startsWith('..') ||
    WINDOWS_RESERVED.test(trimmed);
  if (hostile) {
    throw new AppError(
      'INVALID_INPUT',
      `附件名“${shown}”不可用：文件名不能为空、不能超过 200 个字符，不能包含路径（/ \\ ..）、控制字符或 < > : " | ? * 等字符。请改名后重新上传，本次填报未保存。`,
    );
  }
  return trimmed;
}

export interface StoredFile {
  storedName: string;
  size: number;
  sha256: string;
}

export class AttachmentStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'attachments');
  }

  save(content: Buffer, originalName: string): StoredFile {
    const extension = extname(originalName).toLowerCase();
    const safeExtension = /^\.[a-z0-9]{1,10}$/u.test(extension) ? extension : '';
    const storedName = `${randomUUID()}${safeExtension}`;
    mkdirSync(this.dir, { recursive: true });
    // 'wx': never overwrite an existing file.
    writeFileSync(join(this.dir, storedName), content, { flag: 'wx' });
    return { storedName, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
  }

  read(storedName: string): Buffer {
    return readFileSync(this.pathOf(storedName));
  }

  remove(storedName: string): void {
    rmSync(this.pathOf(storedName), { force: true });
  }

  private pathOf(storedName: string): string {
    if (!STORED_NAME.test(storedName)) throw new AppError('INVALID_INPUT', '附件存储名无效。');
    return join(this.dir, storedName);
  }
}
