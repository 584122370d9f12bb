import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { bundledMigrations } from '../db/migrator';
import { damageDatabaseFile } from '../testing/damage-database';
import { backupFileName, parseBackupFileName } from './backup-names';
import { createBackup, findBackup, listBackups, pruneBackups, verifyBackup } from './backup.service';
import { sqliteBackupWriter } from './backup-writer';

const latest = bundledMigrations().at(-1)!.version;
let database: TestDatabase;
let backupDir: string;

beforeEach(async () => {
  database = await createTestDatabase();
  backupDir = join(database.dir, 'backups');
});
afterEach(() => database.dispose());

describe('backup names', () => {
  it('round-trip kind and time, and leave other files as "other"', () => {
    const when = new Date('2025-03-01T08:30:00.123Z');
    for (const kind of ['auto', 'manual', 'pre-restore'] as const) {
      expect(parseBackupFileName(backupFileName(kind, when))).toEqual({ kind, createdAt: when });
    }
    expect(backupFileName('auto', when)).toBe('自动备份_2025-03-01T08-30-00-123Z.sqlite3');
    expect(parseBackupFileName('升级前备份_v1_2025-03-01T08-30-00-123Z.sqlite3')).toEqual({ kind: 'pre-migration', createdAt: when });
    expect(parseBackupFileName('同事发来的.sqlite3')).toBeNull();
    expect(parseBackupFileName('别的备份_2025-03-01T08-30-00-123Z.sqlite3')).toBeNull();
  });
});

describe('createBackup', () => {
  it('copies what is still only in the WAL, where a plain file copy loses it', async () => {
    database.sqlite.pragma('wal_autocheckpoint = 0');
    database.sqlite.exec("INSERT INTO settings (key, value) VALUES ('only-in-wal', '\"x\"')");
    expect(statSize(`${database.file}-wal`)).toBeGreaterThan(0);

    const backup = await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'manual', new Date('2025-03-01T08:30:00Z'));
    const copy = join(database.dir, 'plain-copy.sqlite3');
    copyFileSync(database.file, copy);

    expect(readSetting(join(backupDir, backup.name))).toBe('"x"');
    expect(readSetting(copy)).toBeUndefined();
  });

  it('writes one self-contained file, names it by kind and time, and never overwrites another', async () => {
    const when = new Date('2025-03-01T08:30:00Z');
    const first = await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'auto', when);
    const second = await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'auto', when);
    expect(first.name).toBe('自动备份_2025-03-01T08-30-00-000Z.sqlite3');
    expect(second.name).not.toBe(first.name);
    expect(readdirSync(backupDir).sort()).toEqual([first.name, second.name].sort());
    expect(first.sizeBytes).toBeGreaterThan(100_000);
    const header = readFileSync(join(backupDir, first.name)).subarray(18, 20);
    // Bytes 18–19 are 1 for a rollback-journal database (2 would be WAL, needing -wal/-shm beside it).
    expect([...header]).toEqual([1, 1]);
    expect(() => verifyBackup(join(backupDir, first.name), latest)).not.toThrow();
  });
});

describe('listBackups, findBackup, pruneBackups', () => {
  it('lists newest first, with kind, time and size, skipping unfinished and foreign files', async () => {
    await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'auto', new Date('2025-03-01T08:00:00Z'));
    await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'manual', new Date('2025-03-02T08:00:00Z'));
    writeFileSync(join(backupDir, '.自动备份_2025-03-03T08-00-00-000Z.sqlite3.partial'), 'half');
    writeFileSync(join(backupDir, 'notes.txt'), 'hello');
    mkdirSync(join(backupDir, 'folder.sqlite3'));
    copyFileSync(join(backupDir, readdirSync(backupDir).find((name) => name.startsWith('手动'))!), join(backupDir, '同事发来的.sqlite3'));

    const list = listBackups(backupDir);
    expect(list.map((entry) => entry.kind)).toEqual(['other', 'manual', 'auto']);
    expect(list[1]).toMatchObject({ name: '手动备份_2025-03-02T08-00-00-000Z.sqlite3', createdAt: '2025-03-02T08:00:00.000Z' });
    expect(list.every((entry) => entry.sizeBytes > 0)).toBe(true);
  });

  it('finds a backup only by a name from the listing', async () => {
    const backup = await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'manual');
    expect(findBackup(backupDir, backup.name).file).toBe(join(backupDir, backup.name));
    writeFileSync(join(database.dir, 'outside.sqlite3'), 'x');
    for (const name of ['../outside.sqlite3', '..\\outside.sqlite3', '/etc/passwd', 'nope.sqlite3', `${backup.name}/..`, '', '.hidden.sqlite3']) {
      expect(() => findBackup(backupDir, name)).toThrow(/找不到名为/);
    }
  });

  it('prunes automatic backups by the retention rule and nothing else', async () => {
    const now = new Date();
    const daysAgo = (days: number, hour: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - days, hour);
    for (const when of [daysAgo(3, 9), daysAgo(3, 10), daysAgo(3, 11)]) await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'auto', when);
    await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'manual', daysAgo(3, 8));
    const pruned = pruneBackups(backupDir, now);
    expect(pruned).toHaveLength(2);
    expect(listBackups(backupDir).map((entry) => entry.kind).sort()).toEqual(['auto', 'manual']);
  });
});

describe('verifyBackup', () => {
  it('refuses a damaged backup, a file that is not a database, and a database from a newer app', async () => {
    const damaged = await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'manual', new Date('2025-01-01T00:00:00Z'));
    damageDatabaseFile(join(backupDir, damaged.name));
    expect(() => verifyBackup(join(backupDir, damaged.name), latest)).toThrow(/这个备份不能用于恢复：数据库文件已损坏/);

    writeFileSync(join(backupDir, 'garbage.sqlite3'), Buffer.alloc(8192, 7));
    expect(() => verifyBackup(join(backupDir, 'garbage.sqlite3'), latest)).toThrow(/不能用于恢复/);

    const newer = await createBackup(sqliteBackupWriter(database.sqlite), backupDir, 'manual', new Date('2025-01-02T00:00:00Z'));
    const sqlite = new BetterSqlite3(join(backupDir, newer.name));
    sqlite.pragma(`user_version = ${latest + 1}`);
    sqlite.close();
    expect(() => verifyBackup(join(backupDir, newer.name), latest)).toThrow(/更新版本/);

    const empty = new BetterSqlite3(join(backupDir, 'empty.sqlite3'));
    empty.exec('CREATE TABLE t (x)');
    empty.close();
    expect(() => verifyBackup(join(backupDir, 'empty.sqlite3'), latest)).toThrow(/不是规划督办台的数据库/);
  });
});

function statSize(file: string): number {
  return existsSync(file) ? readFileSync(file).length : 0;
}

function readSetting(file: string): string | undefined {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'settings'").get();
    if (!hasTable) return undefined;
    return (sqlite.prepare("SELECT value FROM settings WHERE key = 'only-in-wal'").get() as { value: string } | undefined)?.value;
  } finally {
    sqlite.close();
  }
}
