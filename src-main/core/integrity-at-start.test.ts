import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecoveryStatus } from '../api/backup.types';
import { AppError, type ApiResult } from '../api/errors';
import { DATABASE_FILE_NAME } from '../db/connection';
import { checkDatabaseFileOffThread } from '../db/integrity';
import { damageDatabaseFile } from '../testing/damage-database';
import { openAppContext } from './app-context';
import { AS_OFFICE, useFreshDataFolders } from '../testing/data-folders';

/**
 * The start-up integrity check (PRAGMA quick_check, over a second on a 1 GB database) runs in a worker thread while the
 * app already answers; damage it finds still ends on the recovery screen, and no start-up backup is made of such a file.
 */

const { freshDir, track } = useFreshDataFolders('integrity');

/** An integrity check that answers only when the test says so. */
function heldCheck() {
  let answer!: (error: AppError | null) => void;
  const verdict = new Promise<void>((resolve, reject) => {
    answer = (error) => (error ? reject(error) : resolve());
  });
  return { check: () => verdict, answer };
}

async function dataDirWithDatabase(): Promise<string> {
  const dataDir = freshDir();
  const first = await openAppContext({ dataDir, mode: 'browser', version: 'test' });
  await first.close();
  return dataDir;
}

const ok = (result: ApiResult<unknown>) => result.ok;

describe('the integrity check at start', () => {
  it('does not hold the first answer, and damage it reports afterwards switches to the recovery screen', async () => {
    const dataDir = await dataDirWithDatabase();
    const held = heldCheck();
    const context = await openAppContext({ dataDir, mode: 'browser', version: 'test', logError: () => undefined, checkIntegrity: held.check });
    track(context);

    // The check has not answered, yet the app does.
    expect(context.recovery).toBeNull();
    expect(ok(await context.dispatch('plan.list', {}, AS_OFFICE))).toBe(true);
    const backup = context.automaticBackup({ force: true });

    held.answer(new AppError('DB_CORRUPT', '数据库文件已损坏：完整性检查发现 1 处问题。'));
    // The start-up backup waited for the verdict and makes no copy of a damaged file.
    expect(await backup).toBeNull();
    await expect.poll(() => context.recovery?.reason).toBe('corrupt');
    expect(await context.dispatch('plan.list', {}, AS_OFFICE)).toMatchObject({ ok: false, error: { code: 'RECOVERY_MODE' } });
    const status = await context.dispatch('recovery.status', {});
    expect(status).toMatchObject({ ok: true, value: { needed: true, reason: 'corrupt' } });
    expect(existsSync(join(dataDir, 'backups')) ? readdirSync(join(dataDir, 'backups')) : []).toEqual([]);
  });

  it('a sound verdict leaves the app open and lets the start-up backup run', async () => {
    const dataDir = await dataDirWithDatabase();
    const held = heldCheck();
    const context = await openAppContext({ dataDir, mode: 'browser', version: 'test', checkIntegrity: held.check });
    track(context);
    const backup = context.automaticBackup({ force: true });
    held.answer(null);
    expect(await backup).not.toBeNull();
    expect(context.recovery).toBeNull();
    expect((await context.dispatch('recovery.status', {})) as ApiResult<RecoveryStatus>).toEqual({ ok: true, value: { needed: false } });
  });

  it('a file with damaged pages reaches the recovery screen through the real check', async () => {
    const dataDir = await dataDirWithDatabase();
    damageDatabaseFile(join(dataDir, DATABASE_FILE_NAME));
    const context = await openAppContext({ dataDir, mode: 'browser', version: 'test', logError: () => undefined });
    track(context);
    await expect.poll(() => context.recovery?.reason).toBe('corrupt');
    expect(await context.dispatch('recovery.status', {})).toMatchObject({ ok: true, value: { needed: true, reason: 'corrupt' } });
  });
});

describe('checkDatabaseFileOffThread', () => {
  it('answers as the in-process check does: the version of a sound file, DB_CORRUPT naming the file for a damaged one', async () => {
    const dataDir = await dataDirWithDatabase();
    const file = join(dataDir, DATABASE_FILE_NAME);
    const damaged = join(dataDir, 'damaged.sqlite3');
    copyFileSync(file, damaged);
    damageDatabaseFile(damaged);
    expect((await checkDatabaseFileOffThread(file)).userVersion).toBeGreaterThan(0);
    await expect(checkDatabaseFileOffThread(damaged)).rejects.toMatchObject({ code: 'DB_CORRUPT', message: expect.stringContaining(damaged) });
  });
});
