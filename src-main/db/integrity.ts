import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../api/errors';
import { storageErrorCode, storageReason } from './storage-errors';

export type IntegrityCheck = 'quick' | 'full';

/**
 * Checks a database file through a read-only connection, so a damaged file is looked at, never repaired or
 * rewritten: SQLite opens read-only connections without writing to the main file (it may create empty -wal/-shm
 * files beside it). `quick` (PRAGMA quick_check) verifies every page and record, and skips only the
 * index-versus-table comparison that makes `full` (integrity_check) slower; it runs at every start. `full` runs
 * on a backup before it is restored.
 *
 * Throws AppError DB_CORRUPT (damaged pages), DB_UNREADABLE (not a database), DB_BUSY (locked by another
 * program) with the file path in the message.
 */
export function checkDatabaseFile(file: string, check: IntegrityCheck = 'quick'): { userVersion: number } {
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const pragma = check === 'quick' ? 'quick_check(20)' : 'integrity_check(20)';
    const problems = (sqlite.pragma(pragma) as Record<string, string>[]).map((row) => Object.values(row)[0] ?? '');
    return verdict(file, problems, Number(sqlite.pragma('user_version', { simple: true })));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw openFailure(file, error);
  } finally {
    sqlite?.close();
  }
}

function verdict(file: string, problems: string[], userVersion: number): { userVersion: number } {
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw new AppError(
      'DB_CORRUPT',
      `数据库文件已损坏：完整性检查发现 ${problems.length >= 20 ? '20 处以上' : `${problems.length} 处`}问题（例如“${problems[0]?.slice(0, 80)}”）。程序没有修复或覆盖它：${file}`,
    );
  }
  return { userVersion };
}

type WorkerReply = { ok: true; problems: string[]; userVersion: number } | { ok: false; error: { message: string; code?: string } };

/**
 * `checkDatabaseFile` in a worker thread (integrity.worker.mjs), with the same answers and errors: the start-up check
 * of a large database no longer holds the main thread (PRAGMA quick_check read a 1 GB file for 1.4 s). Where no
 * worker can start, the check runs here instead. `workerUrl` is for tests.
 */
export function checkDatabaseFileOffThread(file: string, check: IntegrityCheck = 'quick', workerUrl: URL = integrityWorkerUrl()): Promise<{ userVersion: number }> {
  let worker: Worker;
  try {
    worker = new Worker(workerUrl);
  } catch {
    return Promise.resolve().then(() => checkDatabaseFile(file, check));
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    worker.once('message', (reply: WorkerReply) => {
      answered = true;
      void worker.terminate();
      if (reply.ok) {
        try {
          resolve(verdict(file, reply.problems, reply.userVersion));
        } catch (error) {
          reject(error);
        }
      } else {
        reject(openFailure(file, Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {})));
      }
    });
    // A worker that cannot run (its file missing from a package, say): the check is still made, here.
    const inProcess = () => {
      if (answered) return;
      answered = true;
      try {
        resolve(checkDatabaseFile(file, check));
      } catch (error) {
        reject(error);
      }
    };
    worker.once('error', inProcess);
    worker.once('exit', inProcess);
    worker.postMessage({ file, check });
  });
}

/**
 * Where the worker is: in the built app, an entry of its own in out/main (this code may sit in out/main or in a
 * shared chunk under out/main/chunks); when the sources run (tests), beside this file.
 */
function integrityWorkerUrl(): URL {
  for (const candidate of ['./integrity.worker.js', '../integrity.worker.js']) {
    const built = new URL(candidate, import.meta.url);
    if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  }
  return new URL('./integrity.worker.mjs', import.meta.url);
}

/** An error met while opening a database file, as the AppError the start-up path and the recovery screen use. */
export function openFailure(file: string, error: unknown): AppError {
  const code = storageErrorCode(error);
  const reason = storageReason(error);
  switch (code) {
    case 'DB_BUSY':
      return new AppError('DB_BUSY', `数据库文件正被另一个程序占用，暂时无法打开。请关闭其他正在使用它的程序（例如另一个规划督办台）后重试：${file}`);
    case 'DB_CORRUPT':
      return new AppError('DB_CORRUPT', `数据库文件已损坏，SQLite 无法读取其中的数据。程序没有修复或覆盖它：${file}`);
    case 'DISK_FULL':
    case 'DB_READONLY':
      return new AppError(code, `无法打开数据库文件（${reason}）：${file}`);
    default:
      return new AppError('DB_UNREADABLE', `无法读取数据库文件（${reason}）。程序没有修复或覆盖它：${file}`);
  }
}

/**
 * Why a data folder that has backups must not get a new database: its database file is missing or empty (0 bytes —
 * a copy or sync that stopped halfway, a disk error). Opening would create a fresh database with the shipped plan
 * and hide the loss; the recovery screen offers the backups instead. Null when the file has content, or when there
 * are no backups (a brand-new data folder, where a new database is right).
 */
export function missingDatabaseProblem(file: string, backupCount: number): string | null {
  if (backupCount === 0) return null;
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size !== undefined && size > 0) return null;
  const what = size === undefined ? '不存在' : '是空文件（0 字节）';
  return (
    `数据库文件${what}，但数据目录中有 ${backupCount} 个备份，说明这里原本有数据。为免用一个空白数据库代替您的数据，程序没有新建数据库。` +
    `请从下面的备份中选择一个恢复；如确实要从空白数据库重新开始，请先把 backups 文件夹移到别处再启动：${file}`
  );
}
