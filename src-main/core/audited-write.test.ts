import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../api/handler.types';
import { AS_OFFICE, useFreshDataFolders } from '../testing/data-folders';
import { openAppContext, type AppContext } from './app-context';

/**
 * A write and its 操作日志 row are one transaction: when the row cannot be written, the write is not there either, and
 * the same click (request id) can be tried again and is saved once.
 */

const { freshDir, track } = useFreshDataFolders('audited-write');

async function open(): Promise<AppContext> {
  return track(await openAppContext({ dataDir: freshDir(), mode: 'browser', version: 'test', logError: () => undefined }));
}

/** The audit table refuses every insert, as a full disk or a broken table would at that moment. */
async function breakAuditLog(context: AppContext): Promise<void> {
  await sql`CREATE TRIGGER test_audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unwritable'); END`.execute(context.database.db);
}

async function repairAuditLog(context: AppContext): Promise<void> {
  await sql`DROP TRIGGER test_audit_fails`.execute(context.database.db);
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
    expect(context.database.sqlite.inTransaction).toBe(false);
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
