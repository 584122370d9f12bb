import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../api/errors';
import { checkDatabaseFile, openFailure } from './integrity';
import { migrationsOf } from './migration-files';
import { writeBackupFile } from './backup-file';
import { storageReason } from './storage-errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The SQL files in migrations/, bundled at build time (vitest and electron-vite both resolve the glob). */
export function bundledMigrations(): Migration[] {
  return migrationsOf(import.meta.glob<string>('../../migrations/*.sql', { query: '?raw', import: 'default', eager: true }));
}

export interface OpenOptions {
  migrations?: Migration[];
  /** Where the pre-migration backup of an existing database goes. */
  backupDir: string;
  now?: () => Date;
  /**
   * The integrity check, already running off the main thread (integrity.ts `checkDatabaseFileOffThread`): awaited
   * before anything writes to the file (the pre-migration backup, a migration) instead of a check in-line here.
   */
  integrity?: Promise<unknown>;
}

export interface OpenResult {
  sqlite: BetterSqlite3.Database;
  schemaVersion: number;
  /** The backup taken before migrating, if the file existed at an older version. */
  backupPath: string | null;
}

/**
 * Opens (or creates) the database file and brings its schema up to date.
 *
 * - A database written by a newer app is refused before anything is written to it, so its bytes stay as they were.
 * - An existing database is copied through SQLite's backup API before any migration touches it.
 * - Each migration runs in its own transaction together with its bookkeeping; a failure leaves the previous version.
 */
export async function openDatabase(file: string, options: OpenOptions): Promise<OpenResult> {
  const migrations = options.migrations ?? bundledMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  const existing = existsSync(file) && statSync(file).size > 0;

  const foundVersion = existing ? readSchemaVersion(file) : 0;
  if (foundVersion > latest) throw tooNew(file, foundVersion, latest);
  // Damage is found through a read-only connection before anything writes to the file (see integrity.ts).
  if (existing && !options.integrity) checkDatabaseFile(file, 'quick');

  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file);
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    try {
      applyPragmas(sqlite);
    } catch (error) {
      throw openFailure(file, error);
    }
    // The header can lag behind a WAL left by a crash; the recovered version is the one that counts.
    const recoveredVersion = Number(sqlite.pragma('user_version', { simple: true }));
    if (recoveredVersion > latest) throw tooNew(file, recoveredVersion, latest);
    let backupPath: string | null = null;
    // Decided on the recovered version: a header still at the old version while the WAL already holds the migrated
    // schema (closed while another process read it) must not cost a full copy of the database at every start.
    if (existing && recoveredVersion < latest) {
      await options.integrity;
      mkdirSync(options.backupDir, { recursive: true });
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/gu, '-');
      backupPath = join(options.backupDir, `升级前备份_v${recoveredVersion}_${stamp}.sqlite3`);
      await writeBackupFile(sqlite, backupPath);
    }
    migrate(sqlite, migrations);
    return { sqlite, schemaVersion: latest, backupPath };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/**
 * WAL lets readers (the UI) proceed while a report is written. synchronous=FULL fsyncs the WAL on every commit:
 * a report an officer saw confirmed survives a power cut, not just an app crash. Commits here are human-paced
 * or batched in one transaction (imports), so the extra fsync (~1–5 ms) is never felt.
 */
export function applyPragmas(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

/**
 * Reads `user_version` straight from the file header (bytes 60–63), without opening the database, so that
 * refusing a file leaves it and its folder exactly as they were (an SQLite open may create -wal/-shm files).
 */
function readSchemaVersion(file: string): number {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let bytesRead: number;
  try {
    bytesRead = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (bytesRead < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') {
    throw new AppError('DB_UNREADABLE', `无法读取数据库文件（不是数据库文件）。文件可能已损坏或不是规划督办台的数据库，程序没有改动它：${file}`);
  }
  return header.readUInt32BE(60);
}

function migrate(sqlite: BetterSqlite3.Database, migrations: Migration[]): void {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = sqlite.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
  for (const row of applied) {
    const known = migrations.find((m) => m.version === row.version);
    if (!known || known.name !== row.name) {
      throw new AppError(
        'DB_MIGRATION_FAILED',
        `数据库的升级记录与本程序不一致（记录为 ${row.name}，程序中为 ${known?.name ?? '无'}）。程序没有改动数据库，请联系维护人员。`,
      );
    }
  }

  const appliedVersions = new Set(applied.map((row) => row.version));
  for (const migration of migrations.filter((m) => !appliedVersions.has(m.version))) {
    const run = sqlite.transaction(() => {
      sqlite.exec(migration.sql);
      sqlite
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(migration.version, migration.name, new Date().toISOString());
      // The highest applied: a migration numbered below one already applied (two branches of work meeting) must not
      // make the file look older than it is.
      sqlite.pragma(`user_version = ${Math.max(migration.version, Number(sqlite.pragma('user_version', { simple: true })))}`);
    });
    try {
      run();
    } catch (error) {
      throw new AppError(
        'DB_MIGRATION_FAILED',
        `数据库升级步骤 ${migration.name} 失败（${storageReason(error)}），已回退到升级前的状态。`,
      );
    }
  }
}

function tooNew(file: string, found: number, latest: number): AppError {
  return new AppError(
    'DB_TOO_NEW',
    `数据库文件由更新版本的规划督办台创建（数据结构版本 ${found}，本程序最高支持 ${latest}）。为保护数据，本程序没有改动该文件。请升级规划督办台后再打开：${file}`,
  );
}
