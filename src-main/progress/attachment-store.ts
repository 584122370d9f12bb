import { createHash, randomUUID } from 'node:crypto';
import { close, fsync, mkdir, open, rename, rm, rmSync, writeFile } from 'node:fs';
import { extname, join } from 'node:path';
import { mkdir as mkdirAsync, readdir as readdirAsync, readFile as readFileAsync, rename as renameAsync, rm as rmAsync, stat as statAsync } from 'node:fs/promises';
import { promisify } from 'node:util';
import { AppError } from '../api/errors';
import { refuseBidiControls } from '../api/input-text';
import { sharedAttachmentWriter, type AttachmentWriter } from './attachment-writer';

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
  return refuseBidiControls(trimmed, '附件名');
}

export interface StoredFile {
  storedName: string;
  size: number;
  sha256: string;
}

/** Where orphan files go: out of attachments/, never deleted (see sweepOrphans). */
const SET_ASIDE_FOLDER = join('set-aside', 'attachments');
/** An unreferenced file younger than this may belong to a report still being written: left alone. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
/** Files looked at per step of the start-up sweep (one query per table that keeps files, by their unique names). */
const SWEEP_BATCH = 500;

export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export class AttachmentStore {
  private readonly dir: string;
  private readonly setAsideDir: string;

  /** `writer`: the thread that writes files for saveAsync; null writes them through libuv's pool, step by step. */
  constructor(
    dataDir: string,
    private readonly writer: AttachmentWriter | null = sharedAttachmentWriter(),
  ) {
    this.dir = join(dataDir, 'attachments');
    this.setAsideDir = join(dataDir, SET_ASIDE_FOLDER);
  }

  /**
   * Writes the file durably before the caller commits the row that points at it: a hidden temporary file, fsynced,
   * renamed into place, and the folder fsynced so the rename itself survives a power cut. A write that fails (a full
   * disk) removes what it wrote, so no empty or half-written file remains. Off the main thread, so the event loop
   * answers other people's calls during the fsyncs (tens of ms each on a busy disk): the writer thread does it as one
   * job (attachment-writer.ts); without one, libuv's thread pool does it step by step.
   */
  async saveAsync(content: Buffer, originalName: string): Promise<StoredFile> {
    const storedName = storedNameFor(originalName);
    const written = await this.writer?.write(this.dir, storedName, content);
    if (written) return { storedName, size: content.length, sha256: written.sha256 };
    return this.saveOnThreadPool(content, storedName);
  }

  /** Callbacks rather than fs/promises so that each step is the node:fs function tests can watch. */
  private async saveOnThreadPool(content: Buffer, storedName: string): Promise<StoredFile> {
    const partial = join(this.dir, `.${storedName}.partial`);
    try {
      // 'wx': never overwrite an existing file. The folder is made when it is missing, not checked on every save.
      const fd = await promisify(open)(partial, 'wx').catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        await promisify(mkdir)(this.dir, { recursive: true });
        return promisify(open)(partial, 'wx');
      });
      try {
        await promisify(writeFile)(fd, content);
        await promisify(fsync)(fd);
      } finally {
        await promisify(close)(fd);
      }
      await promisify(rename)(partial, join(this.dir, storedName));
      await fsyncFolderAsync(this.dir);
    } catch (error) {
      await promisify(rm)(partial, { force: true });
      await promisify(rm)(join(this.dir, storedName), { force: true });
      throw error;
    }
    return { storedName, size: content.length, sha256: sha256Of(content) };
  }

  /**
   * The file's bytes; a file set aside as an orphan (its report restored from a backup) is still found. Read on the
   * thread pool: a download of a large scan must not hold everyone else's calls.
   */
  async read(storedName: string): Promise<Buffer> {
    const file = this.pathOf(storedName);
    try {
      return await readFileAsync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return readFileAsync(join(this.setAsideDir, storedName)).catch(() => {
        throw error;
      });
    }
  }

  remove(storedName: string): void {
    rmSync(this.pathOf(storedName), { force: true });
  }

  /**
   * Moves files no report refers to out of attachments/ into set-aside/attachments/: files written before a crash
   * whose report was never committed, and files of reports a restore took back to an earlier backup. The latter are
   * the evidence of reports kept in the 恢复前备份, so nothing is deleted; restoring that backup finds them again
   * (read() looks there too). Temporary files of writes a crash interrupted are deleted. Files younger than the
   * grace period are left alone.
   */
  async sweepOrphans(
    referencedAmong: (names: string[]) => Promise<ReadonlySet<string>>,
    now: Date,
    stillCurrent: () => boolean = () => true,
  ): Promise<{ setAside: string[]; removedPartial: string[] }> {
    const result = { setAside: [] as string[], removedPartial: [] as string[] };
    let names: string[];
    try {
      names = await readdirAsync(this.dir);
    } catch {
      return result;
    }
    // In batches, asking the records about each batch's names only: the sweep runs while the app already answers, and
    // one pass over every file and every record (readdir, a stat each, all names read at once) held the event loop
    // ~80 ms at 2,000 files (bench/ first paint). Files a record refers to need no stat at all.
    // A restore meanwhile replaces the records asked: the sweep stops (the next start sweeps again).
    for (let at = 0; at < names.length && stillCurrent(); at += SWEEP_BATCH) {
      const batch = names.slice(at, at + SWEEP_BATCH);
      const referenced = await referencedAmong(batch.filter((name) => STORED_NAME.test(name)));
      if (!stillCurrent()) break;
      for (const name of batch) {
        const partial = name.startsWith('.') && name.endsWith('.partial');
        const orphan = STORED_NAME.test(name) && !referenced.has(name);
        if (!partial && !orphan) continue;
        const file = join(this.dir, name);
        const stat = await statAsync(file).catch(() => null);
        if (!stat?.isFile() || now.getTime() - stat.mtimeMs < ORPHAN_GRACE_MS) continue;
        if (partial) {
          await rmAsync(file, { force: true });
          result.removedPartial.push(name);
        } else {
          await mkdirAsync(this.setAsideDir, { recursive: true });
          await renameAsync(file, join(this.setAsideDir, name));
          result.setAside.push(name);
        }
      }
    }
    return result;
  }

  private pathOf(storedName: string): string {
    if (!STORED_NAME.test(storedName)) throw new AppError('INVALID_INPUT', '附件存储名无效。');
    return join(this.dir, storedName);
  }
}

/** A generated name keeping only a plain extension of the user's name (no user text in any path). */
function storedNameFor(originalName: string): string {
  const extension = extname(originalName).toLowerCase();
  const safeExtension = /^\.[a-z0-9]{1,10}$/u.test(extension) ? extension : '';
  return `${randomUUID()}${safeExtension}`;
}

/** Makes a rename durable. Windows cannot open a folder for fsync (NTFS journals the rename itself). */
async function fsyncFolderAsync(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fd = await promisify(open)(dir, 'r');
  try {
    await promisify(fsync)(fd);
  } finally {
    await promisify(close)(fd);
  }
}
