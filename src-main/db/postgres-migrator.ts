import type pg from 'pg';
import { AppError } from '../api/errors';
import { migrationsOf } from './migration-files';
import type { Migration } from './migrator';

/** The SQL files in migrations/postgres/, bundled at build time like the SQLite ones (migrator.ts). */
export function bundledPostgresMigrations(): Migration[] {
  return migrationsOf(import.meta.glob<string>('../../migrations/postgres/*.sql', { query: '?raw', import: 'default', eager: true }));
}

/** Advisory lock key of migrations ('migr' in ASCII), apart from the write lock of every transaction. */
const MIGRATION_LOCK_KEY = 0x6d696772;

/**
 * Brings a PostgreSQL database's schema up to date. Each migration runs in its own transaction (PostgreSQL's DDL is
 * transactional) holding a transaction-scoped advisory lock, and reads what is applied only once it holds the lock:
 * two app servers starting together migrate once, the second finds the work done. A database migrated by a newer
 * app, or whose record differs from this app's migrations, is refused untouched.
 */
export async function migratePostgres(pool: pg.Pool, migrations: Migration[], where: string): Promise<number> {
  const latest = migrations.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    // Every start of an app server on an up-to-date database: one read, no lock.
    const current = await client.query('SELECT version, name FROM schema_migrations ORDER BY version').catch(() => null);
    if (current) {
      const applied = current.rows as { version: number; name: string }[];
      checkRecord(applied, migrations, latest, where);
      if (applied.length === migrations.length) return latest;
    }
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version BIGINT PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`).catch(async (error: unknown) => {
      // Two servers creating it at the same moment: one wins, the other finds it there.
      const exists = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS found`);
      if (!(exists.rows[0] as { found: boolean }).found) throw error;
    });
    for (const migration of migrations) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        const applied = (await client.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows as { version: number; name: string }[];
        checkRecord(applied, migrations, latest, where);
        if (applied.some((row) => Number(row.version) === migration.version)) {
          await client.query('COMMIT');
          continue;
        }
        await client.query(migration.sql);
        await client.query(FOLLOW_EXPLICIT_IDS);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (error instanceof AppError) throw error;
        throw new AppError('DB_MIGRATION_FAILED', `数据库升级步骤 ${migration.name} 失败（${error instanceof Error ? error.message : String(error)}），已回退到升级前的状态：${where}`);
      }
    }
    return latest;
  } finally {
    client.release();
  }
}

function checkRecord(applied: { version: number; name: string }[], migrations: Migration[], latest: number, where: string): void {
  for (const row of applied) {
    const version = Number(row.version);
    if (version > latest) {
      throw new AppError(
        'DB_TOO_NEW',
        `数据库由更新版本的规划督办台升级过（数据结构版本 ${version}，本程序最高支持 ${latest}）。为保护数据，本程序没有改动它。请升级规划督办台后再连接：${where}`,
      );
    }
    const known = migrations.find((m) => m.version === version);
    if (!known || known.name !== row.name) {
      throw new AppError(
        'DB_MIGRATION_FAILED',
        `数据库的升级记录与本程序不一致（记录为 ${row.name}，程序中为 ${known?.name ?? '无'}）。程序没有改动数据库，请联系维护人员：${where}`,
      );
    }
  }
}

/**
 * SQLite gives a row inserted with an explicit id (an exchange package mirrors the office's ids) and the next row
 * without one max(id)+1. A PostgreSQL identity column keeps counting from its sequence and would collide: after each
 * INSERT statement, a trigger moves the sequence past the highest id inserted. Attached after every migration to each
 * table with an identity `id` that lacks it, so a new table needs nothing in its migration.
 */
const FOLLOW_EXPLICIT_IDS = `
CREATE OR REPLACE FUNCTION pd_follow_explicit_ids() RETURNS trigger
LANGUAGE plpgsql
AS $f$
DECLARE
  top BIGINT;
  seq TEXT := pg_get_serial_sequence(quote_ident(TG_TABLE_SCHEMA) || '.' || quote_ident(TG_TABLE_NAME), 'id');
BEGIN
  SELECT max(id) INTO top FROM inserted_rows;
  IF top IS NOT NULL AND top > coalesce(pg_sequence_last_value(seq::regclass), 0) THEN
    PERFORM setval(seq, top);
  END IF;
  RETURN NULL;
END
$f$;
DO $d$
DECLARE
  t RECORD;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    WHERE c.table_schema = current_schema() AND c.column_name = 'id' AND c.is_identity = 'YES'
      AND NOT EXISTS (
        SELECT 1 FROM pg_trigger g
        WHERE g.tgrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
          AND g.tgname = 'pd_follow_explicit_ids'
      )
  LOOP
    EXECUTE format(
      'CREATE TRIGGER pd_follow_explicit_ids AFTER INSERT ON %I REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_follow_explicit_ids()',
      t.table_name
    );
  END LOOP;
END
$d$;
`;
