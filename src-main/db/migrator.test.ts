import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { bundledMigrations, openDatabase, type Migration } from './migrator';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-migrator-'));
  file = join(dir, 'db.sqlite3');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const m1: Migration = { version: 1, name: '0001_notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);' };
const m2: Migration = { version: 2, name: '0002_tags', sql: 'CREATE TABLE tags (id INTEGER PRIMARY KEY, note_id INTEGER REFERENCES notes (id)); ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;' };

async function open(migrations: Migration[]) {
  return openDatabase(file, { migrations, backupDir: join(dir, 'backups') });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('openDatabase', () => {
  it('creates a new database at the latest version with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const { sqlite, schemaVersion, backupPath } = await openDatabase(file, { backupDir: join(dir, 'backups') });
    expect(schemaVersion).toBe(bundledMigrations().at(-1)!.version);
    expect(sqlite.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(backupPath).toBeNull();
    sqlite.close();
  });

  it('backs an existing database up through the backup API before migrating it, with its data intact', async () => {
    const first = await open([m1]);
    first.sqlite.prepare('INSERT INTO notes (body) VALUES (?)').run('原有数据');
    first.sqlite.close();

    const second = await open([m1, m2]);
    expect(second.sqlite.pragma('user_version', { simple: true })).toBe(2);
    expect(second.backupPath).not.toBeNull();
    const backup = new BetterSqlite3(second.backupPath!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT body FROM notes').all()).toEqual([{ body: '原有数据' }]);
    backup.close();
    expect(second.sqlite.prepare('SELECT body, pinned FROM notes').all()).toEqual([{ body: '原有数据', pinned: 0 }]);
    second.sqlite.close();
  });

  it('takes no backup when the migrated schema is still in the WAL and the header lags behind', async () => {
    (await open([m1])).sqlite.close();
    // Another process reading the file keeps the WAL from being checkpointed when the app closes.
    const reader = new BetterSqlite3(file, { readonly: true });
    reader.prepare('SELECT count(*) FROM notes').get();
    const migrated = await open([m1, m2]);
    expect(migrated.backupPath).not.toBeNull();
    migrated.sqlite.close();
    expect(new BetterSqlite3(file, { readonly: true, fileMustExist: true }).pragma('user_version', { simple: true })).toBe(2);
    const backupsBefore = readdirSync(join(dir, 'backups'));

    const again = await open([m1, m2]);
    reader.close();
    expect(again.backupPath).toBeNull();
    expect(readdirSync(join(dir, 'backups'))).toEqual(backupsBefore);
    again.sqlite.close();
  });

  it('refuses a database from a newer app version and leaves its bytes unchanged', async () => {
    (await open([m1, m2])).sqlite.close();
    const before = sha(file);
    const filesBefore = readdirSync(dir).sort();

    const error = await rejection(open([m1]));
    expect(error.code).toBe('DB_TOO_NEW');
    expect(error.message).toContain('更新版本');
    expect(error.message).toContain('没有改动');
    expect(sha(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('applies a lower-numbered migration that arrives after higher ones, and keeps the version at the highest', async () => {
    const m3: Migration = { version: 3, name: '0003_flags', sql: 'CREATE TABLE flags (id INTEGER PRIMARY KEY);' };
    (await open([m1, m3])).sqlite.close();
    const { sqlite } = await open([m1, m2, m3]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'tags'").get()).toEqual({ n: 1 });
    expect(sqlite.pragma('user_version', { simple: true })).toBe(3);
    sqlite.close();
  });

  it('rolls a failing migration back completely and keeps the previous version', async () => {
    (await open([m1])).sqlite.close();
    const broken: Migration = { version: 2, name: '0002_broken', sql: 'CREATE TABLE tags (id INTEGER PRIMARY KEY); INSERT INTO missing_table VALUES (1);' };
    const error = await rejection(open([m1, broken]));
    expect(error.code).toBe('DB_MIGRATION_FAILED');
    expect(error.message).toContain('0002_broken');

    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'tags'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('refuses a file that is not a database, and leaves it as it was', async () => {
    writeFileSync(file, '这不是数据库文件'.repeat(200));
    const before = sha(file);
    const error = await rejection(open([m1]));
    expect(error.code).toBe('DB_UNREADABLE');
    expect(error.message).toContain('不是数据库文件');
    expect(sha(file)).toBe(before);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });

  it('refuses a database whose applied migrations disagree with the app', async () => {
    (await open([m1])).sqlite.close();
    const renamed: Migration = { ...m1, name: '0001_other' };
    const error = await rejection(open([renamed]));
    expect(error.code).toBe('DB_MIGRATION_FAILED');
    expect(error.message).toContain('0001_notes');
  });
});
