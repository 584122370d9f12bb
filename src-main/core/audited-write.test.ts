import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../api/handler.types';
import { createPostgresTestDatabaseUrl, testEngine } from '../db/postgres-test-database';
import { AS_OFFICE, useFreshDataFolders } from '../testing/data-folders';
import { openAppContext, type AppContext } from './app-context';

/**
 * A write and its 操作日志 row are one transaction: when the row cannot be written, the write is not there either, and
 * the same click (request id) can be tried again and is saved once. On both engines (npm run test:postgres).
 */

const { freshDir, track } = useFreshDataFolders('audited-write');
const onPostgres = testEngine() === 'postgres';

async function open(): Promise<AppContext> {
  if (!onPostgres) return track(await openAppContext({ dataDir: freshDir(), mode: 'browser', version: 'test', logError: () => undefined }));
  const database = await createPostgresTestDatabaseUrl();
  const context = await openAppContext({ dataDir: freshDir(), mode: 'browser', version: 'test', logError: () => undefined, databaseUrl: database.url });
  const close = context.close;
  context.close = async () => {
    await close();
    await database.drop();
  };
  return track(context);
}

/** The audit table refuses every insert, as a full disk or a broken table would at that moment. */
async function breakAuditLog(context: AppContext): Promise<void> {
  if (!onPostgres) {
    await sql`CREATE TRIGGER test_audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unwritable'); END`.execute(context.database.db);
    return;
  }
  await sql`CREATE FUNCTION test_audit_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log unwritable'; END $$`.execute(context.database.db);
  await sql`CREATE TRIGGER test_audit_fails BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_audit_fails()`.execute(context.database.db);
}

async function repairAuditLog(context: AppContext): Promise<void> {
  await (onPostgres ? sql`DROP TRIGGER test_audit_fails ON audit_log` : sql`DROP TRIGGER test_audit_fails`).execute(context.database.db);
}

/** Whether the failed call left a transaction (and on PostgreSQL its write lock) open, which would stop the next writes. */
async function transactionLeftOpen(context: AppContext): Promise<boolean> {
  if (!onPostgres) return context.database.sqlite.inTransaction;
  const open = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`.execute(context.database.db);
  const locks = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`.execute(context.database.db);
  return Number(open.rows[0]!.n) + Number(locks.rows[0]!.n) > 0;
}

const unitsNamed = (context: AppContext, name: string) => context.database.db.selectFrom('units').select('id').where('name', '=', name).execute();
const auditRows = (context: AppContext, channel: string) => context.database.db.selectFrom('audit_log').select('id').where('channel', '=', channel).execute();

describe('a write whose audit row cannot be written', () => {
  it('leaves no trace of the write: the unit is not created and the caller is told it was not done', async () => {
    const context = await open();
    await breakAuditLog(context);
    const result = await context.dispatch('units.create', { name: '省测试局', kind: 'department', aliases: [] }, AS_OFFICE);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await unitsNamed(context, '省测试局')).toEqual([]);
    expect(await transactionLeftOpen(context)).toBe(false);
  });

  it('is saved once, with its row, when the same click (request id) is tried again after the log is writable', async () => {
    const context = await open();
    const click: Caller = { ...AS_OFFICE, requestId: 'click-0001-create-unit' };
    await breakAuditLog(context);
    expect(await context.dispatch('units.create', { name: '省测试局', kind: 'department', aliases: [] }, click)).toMatchObject({ ok: false });
    await repairAuditLog(context);
    const first = await context.dispatch('units.create', { name: '省测试局', kind: 'department', aliases: [] }, click);
    const repeat = await context.dispatch('units.create', { name: '省测试局', kind: 'department', aliases: [] }, click);
    expect(first).toMatchObject({ ok: true });
    expect(repeat).toEqual(first);
    expect(await unitsNamed(context, '省测试局')).toHaveLength(1);
    expect(await auditRows(context, 'units.create')).toHaveLength(1);
  });
});
