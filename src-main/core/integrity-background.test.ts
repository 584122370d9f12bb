import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../db/connection';
import { checkDatabaseFileOffThread } from '../db/integrity';
import { AS_OFFICE, useFreshDataFolders } from '../testing/data-folders';
import { openAppContext } from './app-context';

/**
 * A large database opens at once: the app answers while PRAGMA quick_check (over a second on 1 GB) still reads the file
 * in its worker. Damage in pages the start never reads (old history, at the end of the file) is then found by that
 * background check alone — and the app still ends on the recovery screen.
 */

const { freshDir, track } = useFreshDataFolders('integrity-background');

/** A data folder whose database ends with many pages of task history that nothing reads at start. */
async function dataDirWithHistory(): Promise<string> {
  const dataDir = freshDir();
  const first = await openAppContext({ dataDir, mode: 'browser', version: 'test' });
  await first.close();
  const sqlite = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME));
  const taskId = sqlite.prepare('SELECT min(id) FROM tasks').pluck().get() as number;
  const insert = sqlite.prepare("INSERT INTO task_events (task_id, kind, summary, actor) VALUES (?, 'edited', ?, '测试员')");
  sqlite.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(taskId, `修改：任务内容（第 ${i} 次）${'。'.repeat(200)}`);
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return dataDir;
}

/** Garbage over the last `pages` pages of the file: the history written last. */
function damageLastPages(file: string, pages: number): void {
  const fd = openSync(file, 'r+');
  try {
    const pageSize = 4096;
    const size = fstatSync(fd).size;
    const garbage = Buffer.alloc(pages * pageSize);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    writeSync(fd, garbage, 0, garbage.length, size - garbage.length);
  } finally {
    closeSync(fd);
  }
}

describe('the integrity check behind a database already answering', () => {
  it('answers the first call before the check is done, then the check finds damage in old history and the recovery screen takes over', async () => {
    const dataDir = await dataDirWithHistory();
    const file = join(dataDir, DATABASE_FILE_NAME);
    damageLastPages(file, 40);
    // The real check in its worker, started only once the first call has been answered: as on a 1 GB file, where the
    // check is still reading when the window asks its first question.
    let answered!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
    const context = await openAppContext({
      dataDir,
      mode: 'browser',
      version: 'test',
      logError: () => undefined,
      checkIntegrity: (path) => firstAnswer.then(() => checkDatabaseFileOffThread(path)),
    });
    track(context);

    const plans = await context.dispatch('plan.list', {}, AS_OFFICE);
    expect(plans.ok).toBe(true);
    expect(context.recovery).toBeNull();
    answered();

    await expect.poll(() => context.recovery?.reason, { timeout: 10_000 }).toBe('corrupt');
    expect(await context.dispatch('plan.list', {}, AS_OFFICE)).toMatchObject({ ok: false, error: { code: 'RECOVERY_MODE' } });
    expect(await context.dispatch('recovery.status', {})).toMatchObject({ ok: true, value: { needed: true, reason: 'corrupt', databaseFile: file } });
  });
});
