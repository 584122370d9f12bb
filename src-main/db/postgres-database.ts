import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../api/errors';
import type { AppDatabase } from './connection';
import type { Migration } from './migrator';
import { createPostgresPool, describePostgresUrl, kyselyOverPostgres, type PostgresPoolOptions } from './postgres-dialect';
import { bundledPostgresMigrations, migratePostgres } from './postgres-migrator';

export interface PostgresOpenOptions extends PostgresPoolOptions {
  migrations?: Migration[];
}

/**
 * Opens the app's database on PostgreSQL (`--database postgres://…`), migrating it under the migration lock. The same
 * AppDatabase as on SQLite: services take `db` and do not know which engine is under it.
 */
export async function openPostgresAppDatabase(url: string, options: PostgresOpenOptions = {}): Promise<AppDatabase> {
  const where = describePostgresUrl(url);
  const pool = createPostgresPool(url, options);
  let schemaVersion: number;
  try {
    schemaVersion = await migratePostgres(pool, options.migrations ?? bundledPostgresMigrations(), where);
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof AppError) throw error;
    throw new AppError('DB_UNREADABLE', `无法连接 PostgreSQL 数据库（${error instanceof Error ? error.message : String(error)}）：${where}`);
  }
  const db = kyselyOverPostgres(url, pool);
  const database = {
    engine: 'postgres',
    db,
    file: where,
    schemaVersion,
    backupPath: null,
    async exclusively(work) {
      // A session-level advisory lock on a connection of its own; `work` runs on the others.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    // Kysely's destroy() ends the pool.
    close: () => db.destroy(),
  } as Omit<AppDatabase, 'sqlite'> as AppDatabase;
  // Not enumerable: copying the object ({ ...database }) must not read it.
  Object.defineProperty(database, 'sqlite', {
    enumerable: false,
    get(): BetterSqlite3.Database {
      throw sqliteOnly(where);
    },
  });
  return database;
}

/** Advisory lock key of `exclusively` ('seed' in ASCII). */
const STARTUP_LOCK_KEY = 0x73656564;

function sqliteOnly(where: string): AppError {
  return new AppError('DB_ENGINE_SQLITE_ONLY', `此功能目前只适用于 SQLite 数据库文件；当前数据在 PostgreSQL 中（${where}），请由数据库管理员用 PostgreSQL 的工具备份和检查。`);
}
