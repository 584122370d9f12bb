import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppContext } from '../core/app-context';
import { acquireDataFolderLock, LOCK_FILE_NAME } from './data-folder-lock';
import { useFreshDataFolders } from '../testing/data-folders';

const { freshDir, track, closeAll } = useFreshDataFolders('lock');

/** A real other process that stays alive until told to exit. */
async function anotherProcess(): Promise<{ pid: number; exit(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', "process.stdin.on('data', () => process.exit(0)); console.log('up')"], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    exit: async () => {
      child.stdin!.write('x');
      await exited;
    },
  };
}

describe('one Plan Desk per data folder', () => {
  it('a second app on the same folder refuses to start, naming the first (mode, PID, start time)', async () => {
    const dataDir = freshDir();
    track(await openAppContext({ dataDir, mode: 'electron', version: 'test' }));
    const second = openAppContext({ dataDir, mode: 'browser', version: 'test' });
    await expect(second).rejects.toMatchObject({
      code: 'DB_BUSY',
      message: expect.stringMatching(new RegExp(`正被另一个规划督办台使用：桌面版，进程号 ${process.pid}，启动于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d`, 'u')),
    });
    // Once the first closes, the folder is free again.
    await closeAll();
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    track(await openAppContext({ dataDir, mode: 'browser', version: 'test' }));
  });

  it('a lock held by another running process is refused; once that process is gone the lock is stale and taken over', async () => {
    const dataDir = freshDir();
    const other = await anotherProcess();
    const lockFile = join(dataDir, LOCK_FILE_NAME);
    writeFileSync(lockFile, JSON.stringify({ pid: other.pid, startedAt: '2025-06-01T01:00:00.000Z', mode: 'browser' }));
    try {
      expect(() => acquireDataFolderLock(dataDir, 'electron')).toThrow(
        expect.objectContaining({ code: 'DB_BUSY', message: expect.stringContaining(`浏览器模式（npm run serve），进程号 ${other.pid}`) }),
      );
    } finally {
      await other.exit();
    }
    const lock = acquireDataFolderLock(dataDir, 'electron');
    expect(lock.owner.pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('an empty or garbled lock file (a crash while writing it) does not keep the app out', () => {
    const dataDir = freshDir();
    writeFileSync(join(dataDir, LOCK_FILE_NAME), '');
    const lock = acquireDataFolderLock(dataDir, 'browser', { isRunning: () => true });
    expect(lock.owner.mode).toBe('browser');
    lock.release();
  });
});
