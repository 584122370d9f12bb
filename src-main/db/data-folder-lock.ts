import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../api/errors';

/**
 * One Plan Desk per data folder. The desktop app and browser mode use the same folder by default; two of them on
 * one database make each other's writes wait (or fail, for whatever waits longer than busy_timeout), and a restore
 * in one swaps the file under the other. So the first to start writes a lock file naming itself, and a second
 * refuses to start with a message naming the first.
 *
 * The file appears with its whole content at once (written beside it, then hard-linked into place, which fails if
 * it exists), so a second process never reads a half-written lock. A lock whose process is gone (a crash, a power
 * cut) is stale and taken over. A PID reused by an unrelated program after a reboot cannot be told apart from
 * ours without OS-specific calls; the message says which file to delete in that case.
 */

export const LOCK_FILE_NAME = 'plan-desk.lock';

export type LockMode = 'electron' | 'browser';

export interface LockOwner {
  pid: number;
  /** ISO time the owning process took the lock. */
  startedAt: string;
  mode: LockMode;
}

export interface DataFolderLock {
  owner: LockOwner;
  release(): void;
}

export interface LockOptions {
  pid?: number;
  now?: () => Date;
  /** Whether a process is running (tests). */
  isRunning?: (pid: number) => boolean;
}

/** Lock files this process holds, so a second open in the same process is refused too, not taken as stale. */
const heldHere = new Set<string>();

export function acquireDataFolderLock(dataDir: string, mode: LockMode, options: LockOptions = {}): DataFolderLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  const pid = options.pid ?? process.pid;
  const isRunning = options.isRunning ?? processIsRunning;
  const owner: LockOwner = { pid, startedAt: (options.now?.() ?? new Date()).toISOString(), mode };

  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(file, owner)) {
      heldHere.add(file);
      return { owner, release: () => release(file, owner) };
    }
    const other = readOwner(file);
    const ours = other?.pid === pid;
    const alive = other !== undefined && (ours ? heldHere.has(file) : isRunning(other.pid));
    if (other && alive) throw inUse(file, other);
    // Unreadable, or its process is gone (or it is our own PID from a previous life): stale, take it over.
    rmSync(file, { force: true });
  }
  throw new AppError('DB_BUSY', `无法锁定数据目录：另一个规划督办台正在同时启动。请稍候再试：${file}`);
}

function tryCreate(file: string, owner: LockOwner): boolean {
  const partial = `${file}.${owner.pid}.partial`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, JSON.stringify(owner));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(partial, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(partial, { force: true });
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.startedAt !== 'string') return undefined;
    return { pid: parsed.pid, startedAt: parsed.startedAt, mode: parsed.mode === 'electron' ? 'electron' : 'browser' };
  } catch {
    return undefined;
  }
}

/** Removes the lock only if it is still ours (a stale-lock takeover may have replaced it). */
function release(file: string, owner: LockOwner): void {
  heldHere.delete(file);
  const current = readOwner(file);
  if (current?.pid === owner.pid && current.startedAt === owner.startedAt) rmSync(file, { force: true });
}

/** Signal 0 checks existence without signalling; EPERM means it exists but belongs to another user. */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const MODE_NAMES: Record<LockMode, string> = { electron: '桌面版', browser: '浏览器模式（npm run serve）' };

function inUse(file: string, other: LockOwner): AppError {
  return new AppError(
    'DB_BUSY',
    `数据目录正被另一个规划督办台使用：${MODE_NAMES[other.mode]}，进程号 ${other.pid}，启动于 ${localTime(other.startedAt)}。` +
      '两个程序同时使用同一个数据目录会互相阻塞写入，因此本程序没有启动。请先关闭那个程序后重试，或用 --data-dir 指定另一个数据目录；' +
      `如确认它已不在运行，可删除锁文件后重试：${file}`,
  );
}

function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
