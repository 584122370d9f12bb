import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { BackupInfo, RecoveryStatus, RestoreResult } from '../api/backup.types';
import type { ApiResult } from '../api/errors';
import type { PlanSummary } from '../api/plan.types';
import { DATABASE_FILE_NAME } from '../db/connection';
import { damageDatabaseFile } from '../testing/damage-database';
import { holdDatabaseInAnotherProcess } from '../testing/hold-database';
import { openAppContext, type AppContext } from './app-context';
import { AS_OFFICE, useFreshDataFolders } from '../testing/data-folders';

// Calls are made as the office (each call carries its actor). A settings write stands for "a change made after the
// backup": its value, derived from a name, is read back to tell which database is open.
const marker = (name: string) => ({ yellowLag: 10, redLag: 30, dueSoonDays: 31 + ([...name].length % 300), notStartedMonths: 3 });

const { freshDir, track, closeAll } = useFreshDataFolders('safety');

async function open(dataDir: string, logError: (error: unknown) => void = () => undefined): Promise<AppContext> {
  const context = await openAppContext({ dataDir, mode: 'browser', version: 'test', logError });
  track(context);
  return context;
}

function value<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** A data folder with the shipped plan, one automatic backup, and a database damaged afterwards. */
async function damagedDataDir(how: { header?: boolean } = {}): Promise<{ dataDir: string; backup: BackupInfo; damagedBytes: Buffer }> {
  const dataDir = freshDir();
  const context = await open(dataDir);
  const backup = (await context.automaticBackup({ force: true }))!;
  await closeAll();
  const file = join(dataDir, DATABASE_FILE_NAME);
  damageDatabaseFile(file, how);
  return { dataDir, backup, damagedBytes: readFileSync(file) };
}

describe('recovery mode', () => {
  it.each([
    ['damaged pages', {}, 'corrupt', /已损坏/],
    ['a garbage header', { header: true }, 'unreadable', /无法读取/],
  ] as const)('starts with %s instead of failing, and touches nothing', async (_what, how, reason, message) => {
    const { dataDir, damagedBytes } = await damagedDataDir(how);
    const errors: unknown[] = [];
    const context = await open(dataDir, (error) => errors.push(error));

    expect(context.recovery).toMatchObject({ reason });
    const status = value<RecoveryStatus>(await context.dispatch('recovery.status', {}));
    expect(status).toMatchObject({ needed: true, reason, databaseFile: join(dataDir, DATABASE_FILE_NAME) });
    if (status.needed) expect(status.message).toMatch(message);
    expect(errors).toHaveLength(1);

    // Every other channel answers with a clear error, and the file is byte for byte what it was.
    for (const channel of ['plan.list', 'tasks.list', 'backup.create', 'units.list']) {
      const result = await context.dispatch(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'RECOVERY_MODE' } });
    }
    expect(value<{ mode: string }>(await context.dispatch('app.info', {})).mode).toBe('browser');
    expect(await context.automaticBackup({ force: true })).toBeNull();
    await closeAll();
    expect(readFileSync(join(dataDir, DATABASE_FILE_NAME)).equals(damagedBytes)).toBe(true);
  });

  it('restores a chosen backup, moving the damaged file aside without deleting it', async () => {
    const { dataDir, backup, damagedBytes } = await damagedDataDir();
    const context = await open(dataDir);
    const listed = value<BackupInfo[]>(await context.dispatch('backup.list', {}));
    expect(listed.map((entry) => entry.name)).toEqual([backup.name]);

    const result = value<RestoreResult>(await context.dispatch('recovery.restore', { name: backup.name }));
    expect(result.restored.name).toBe(backup.name);
    expect(result.safetyBackup).toBeNull();
    expect(result.movedAside[0]).toContain(join(dataDir, 'set-aside', 'plan-desk_corrupt_'));
    expect(readFileSync(result.movedAside[0]!).equals(damagedBytes)).toBe(true);

    expect(context.recovery).toBeNull();
    expect(value<RecoveryStatus>(await context.dispatch('recovery.status', {}))).toEqual({ needed: false });
    const plans = value<PlanSummary[]>(await context.dispatch('plan.list', {}));
    expect(plans[0]).toMatchObject({ chapterCount: 7, measureCount: 65 });
    // The restored database is an ordinary one again: it can be backed up, and recovery is refused.
    expect(value<BackupInfo>(await context.dispatch('backup.create', {}, AS_OFFICE)).kind).toBe('manual');
    expect(await context.dispatch('recovery.restore', { name: backup.name })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses a damaged backup and stays in recovery mode', async () => {
    const { dataDir, backup } = await damagedDataDir();
    damageDatabaseFile(join(dataDir, 'backups', backup.name));
    const context = await open(dataDir);
    const result = await context.dispatch('recovery.restore', { name: backup.name });
    expect(result).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT' } });
    expect(context.recovery).not.toBeNull();
    expect(existsSync(join(dataDir, DATABASE_FILE_NAME))).toBe(true);
    expect(existsSync(join(dataDir, 'set-aside'))).toBe(false);
  });

  it('treats a database from a newer app as a recovery case and leaves it as it was', async () => {
    const dataDir = freshDir();
    await open(dataDir);
    await closeAll();
    const file = join(dataDir, DATABASE_FILE_NAME);
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('user_version = 999');
    sqlite.close();
    const before = readFileSync(file);
    const context = await open(dataDir);
    expect(context.recovery).toMatchObject({ reason: 'too-new', message: expect.stringContaining('更新版本') });
    await closeAll();
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('another program holding the database at start', () => {
  it('is not a recovery case: the start fails with a clear message and the file is left alone', async () => {
    const dataDir = freshDir();
    await open(dataDir);
    await closeAll();
    const file = join(dataDir, DATABASE_FILE_NAME);
    const before = readFileSync(file);
    const other = await holdDatabaseInAnotherProcess(file, 'exclusive');
    try {
      await expect(openAppContext({ dataDir, mode: 'browser', version: 'test' })).rejects.toMatchObject({
        code: 'DB_BUSY',
        message: expect.stringContaining('正被另一个程序占用'),
      });
    } finally {
      other.release();
      await other.exited;
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(join(dataDir, 'set-aside'))).toBe(false);
  });
});

describe('restoring a backup in normal mode', () => {
  it('backs the current data up first, so the restore can be undone', async () => {
    const dataDir = freshDir();
    const context = await open(dataDir);
    const before = value<BackupInfo>(await context.dispatch('backup.create', {}, AS_OFFICE));
    value(await context.dispatch('warnings.setThresholds', marker('恢复后不应存在'), AS_OFFICE));

    const restore = value<RestoreResult>(await context.dispatch('backup.restore', { name: before.name }, AS_OFFICE));
    expect(restore.safetyBackup?.kind).toBe('pre-restore');
    expect(value<{ dueSoonDays: number }>(await context.dispatch('warnings.getThresholds', {})).dueSoonDays).toBe(30);

    // Undo: restoring the pre-restore backup brings the change back.
    const undo = value<RestoreResult>(await context.dispatch('backup.restore', { name: restore.safetyBackup!.name }, AS_OFFICE));
    expect(undo.safetyBackup?.kind).toBe('pre-restore');
    expect(value<{ dueSoonDays: number }>(await context.dispatch('warnings.getThresholds', {})).dueSoonDays).toBe(marker('恢复后不应存在').dueSoonDays);
    expect(readdirSync(dataDir).filter((name) => name.includes('.restoring') || name.includes('.replaced'))).toEqual([]);
  });

  it('holds calls that arrive during a restore until the new database is open', async () => {
    const dataDir = freshDir();
    const context = await open(dataDir);
    const backup = value<BackupInfo>(await context.dispatch('backup.create', {}, AS_OFFICE));
    const restoring = context.dispatch('backup.restore', { name: backup.name }, AS_OFFICE);
    const meanwhile = Promise.all(Array.from({ length: 20 }, () => context.dispatch('plan.list', {})));
    expect((await restoring).ok).toBe(true);
    expect((await meanwhile).every((result) => result.ok)).toBe(true);
    expect(await context.dispatch('backup.restore', { name: backup.name }, AS_OFFICE)).toMatchObject({ ok: true });
  });

  it('refuses while another program has the database open, and keeps the data', async () => {
    const dataDir = freshDir();
    const context = await open(dataDir);
    const backup = value<BackupInfo>(await context.dispatch('backup.create', {}, AS_OFFICE));
    value(await context.dispatch('warnings.setThresholds', marker('保留'), AS_OFFICE));
    const other = await holdDatabaseInAnotherProcess(join(dataDir, DATABASE_FILE_NAME), 'read');
    try {
      const result = await context.dispatch('backup.restore', { name: backup.name }, AS_OFFICE);
      expect(result).toMatchObject({ ok: false, error: { code: 'DB_BUSY' } });
      if (!result.ok) expect(result.error.message).toContain('另一个程序');
    } finally {
      other.release();
      await other.exited;
    }
    expect(value<{ dueSoonDays: number }>(await context.dispatch('warnings.getThresholds', {})).dueSoonDays).toBe(marker('保留').dueSoonDays);
  });

  it('refuses names that are paths or not in the list', async () => {
    const context = await open(freshDir());
    for (const name of ['../plan-desk.sqlite3', 'a/b.sqlite3', 'C:\\x.sqlite3', '不存在.sqlite3', '..sqlite3']) {
      const result = await context.dispatch('backup.restore', { name }, AS_OFFICE);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['INVALID_INPUT', 'NOT_FOUND']).toContain(result.error.code);
    }
  });
});

describe('automatic backups', () => {
  it('makes one at start when forced, then only when the newest is a day old, pruning by the rule', async () => {
    let clock = new Date(2025, 5, 1, 9);
    const dataDir = freshDir();
    const context = await openAppContext({ dataDir, mode: 'browser', version: 'test', now: () => clock });
    track(context);
    expect(await context.automaticBackup({ force: true })).not.toBeNull();
    clock = new Date(2025, 5, 1, 20);
    expect(await context.automaticBackup()).toBeNull();
    // Each day the app is started at 11:00 (a forced backup) and still running at noon the next day.
    for (let day = 2; day <= 45; day++) {
      clock = new Date(2025, 5, day, 11);
      expect(await context.automaticBackup({ force: true })).not.toBeNull();
      clock = new Date(2025, 5, day, 12);
      expect(await context.automaticBackup()).toBeNull();
      clock = new Date(2025, 5, day + 1, 11, 30);
      expect(await context.automaticBackup()).not.toBeNull();
    }
    const kept = value<BackupInfo[]>(await context.dispatch('backup.list', {}));
    // Today's (the 46th day: one), one for each of the 30 days before, one for the month before that window.
    expect(kept.filter((backup) => backup.kind === 'auto')).toHaveLength(1 + 30 + 1);
  });
});
