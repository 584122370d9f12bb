import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from './database.types';
import { openDatabase, type Migration } from './migrator';
import { registerTaskFunctions } from '../rules/sql-functions';
import { withStatementCache } from './statement-cache';
import { PlanDeskSqliteDialect } from './sqlite-dialect';

export const DATABASE_FILE_NAME = 'plan-desk.sqlite3';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface AppDatabase {
  /** Which engine holds the data: SQLite (a file in the data folder) or PostgreSQL (the shared server's option). */
  engine: DatabaseEngine;
  db: Kysely<Database>;
  /**
   * The SQLite handle, for what only SQLite has (its backup API, integrity pragmas, the file's own checks). On
   * PostgreSQL reading it throws DB_ENGINE_SQLITE_ONLY, so such a feature refuses with a clear message.
   */
  sqlite: BetterSqlite3.Database;
  /** The SQLite file, or the PostgreSQL address without its password. */
  file: string;
  schemaVersion: number;
  backupPath: string | null;
  /**
   * Runs `work` while no other app server on the same database runs its own (the start-up seeding: two servers
   * starting together on an empty database must not both fill it). One process owns a SQLite file: it just runs.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens the app's database in a data folder, migrating it (with a backup first) if it is older than the app. */
export async function openAppDatabase(dataDir: string, migrations?: Migration[], integrity?: Promise<unknown>): Promise<AppDatabase> {
  const file = join(dataDir, DATABASE_FILE_NAME);
  const opened = await openDatabase(file, { backupDir: join(dataDir, 'backups'), ...(migrations ? { migrations } : {}), ...(integrity ? { integrity } : {}) });
  const db = kyselyOver(opened.sqlite);
  return {
    engine: 'sqlite',
    db,
    sqlite: opened.sqlite,
    file,
    schemaVersion: opened.schemaVersion,
    backupPath: opened.backupPath,
    exclusively: (work) => work(),
    // Kysely's destroy() closes the better-sqlite3 handle too.
    close: () => db.destroy(),
  };
}

/**
 * The query builder over an open connection, with what every connection of the app has: SQL functions, statement
 * cache, write transactions that begin IMMEDIATE (see sqlite-dialect.ts).
 */
export function kyselyOver(sqlite: BetterSqlite3.Database): Kysely<Database> {
  registerTaskFunctions(sqlite);
  return new Kysely<Database>({ dialect: new PlanDeskSqliteDialect({ database: withStatementCache(sqlite) }, sqlite) });
}
