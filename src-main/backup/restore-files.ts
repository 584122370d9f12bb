import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../api/errors';
import { timeStamp } from './backup-names';

/** File moves of a restore. The database must be closed while they run; the app context sees to that. */

export const SET_ASIDE_FOLDER_NAME = 'set-aside';

/**
 * True when -wal or -shm files are still beside the database after we closed it: the last connection to a WAL
 * database deletes both, so another connection (another Plan Desk, browser mode, a sync tool) still has it open.
 */
export function isOpenElsewhere(databaseFile: string): boolean {
  return existsSync(`${databaseFile}-wal`) || existsSync(`${databaseFile}-shm`);
}

export interface Swap {
  /** The restored file opened: the replaced one can go (its content is in the pre-restore backup). */
  commit(): void;
  /** The restored file did not open: put the replaced one back. */
  rollback(): void;
}

/**
 * Puts a copy of `source` where the (closed) database file is. The copy is written beside the target, flushed, and
 * renamed over it in one step, so the path always holds either the old database or the complete new one, even if
 * the power fails halfway. It refuses while -wal/-shm files remain: they belong to the old file, and with the new
 * one SQLite would replay them as its own.
 */
export function swapInDatabaseFile(databaseFile: string, source: string): Swap {
  if (isOpenElsewhere(databaseFile)) throw anotherProgram();
  const incoming = `${databaseFile}.restoring`;
  const previous = `${databaseFile}.replaced`;
  copyFlushed(source, incoming);
  rmSync(`${databaseFile}-journal`, { force: true });
  const hadPrevious = existsSync(databaseFile);
  if (hadPrevious) copyFlushed(databaseFile, previous);
  renameSync(incoming, databaseFile);
  return {
    commit: () => rmSync(previous, { force: true }),
    rollback: () => {
      // Whatever the failed open left beside the new file goes first, then the old file returns in one step.
      for (const suffix of ['-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
      if (hadPrevious) renameSync(previous, databaseFile);
    },
  };
}

export interface MovedFile {
  from: string;
  to: string;
}

/**
 * Sets a database that could not be opened aside in `<data folder>/set-aside/`, never deleting it: someone may
 * still want to rescue data from it. Its -wal/-shm (which may hold the last commits) are moved there; the main file
 * is copied, and stays at its path until swapInDatabaseFile replaces it, so the path is never left empty (an empty
 * path would make the next start create a new, empty database instead of showing the recovery screen).
 */
export function moveAside(dataDir: string, databaseFile: string, reason: string, now: Date): MovedFile[] {
  const dir = join(dataDir, SET_ASIDE_FOLDER_NAME);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `plan-desk_${reason}_${timeStamp(now)}.sqlite3`);
  const moved: MovedFile[] = [];
  if (existsSync(databaseFile)) {
    copyFlushed(databaseFile, base);
    moved.push({ from: databaseFile, to: base });
  }
  for (const suffix of ['-wal', '-shm', '-journal']) {
    const from = `${databaseFile}${suffix}`;
    if (!existsSync(from)) continue;
    renameSync(from, `${base}${suffix}`);
    moved.push({ from, to: `${base}${suffix}` });
  }
  return moved;
}

/** Undoes moveAside, when the backup meant to replace the file could not be opened after all. */
export function putBack(moved: readonly MovedFile[]): void {
  for (const { from, to } of moved) renameSync(to, from);
}

function copyFlushed(source: string, target: string): void {
  copyFileSync(source, target);
  const fd = openSync(target, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function anotherProgram(): AppError {
  return new AppError(
    'DB_BUSY',
    '另一个程序（例如另一个规划督办台窗口或浏览器模式）正在使用数据库，现在不能恢复。请先关闭它，再重试恢复。当前数据没有改动。',
  );
}
