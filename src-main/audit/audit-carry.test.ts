import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { appendCarriedAudit, readAuditLog } from './audit-carry';
import { appendAudit, verifyAuditLog } from './audit-log';

const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.dispose();
});

async function withRows(whos: string[]): Promise<TestDatabase> {
  const database = await createTestDatabase();
  opened.push(database);
  for (const [i, who] of whos.entries()) {
    await appendAudit(database.db, {
      at: new Date(Date.UTC(2024, 5, 30, 2, i)),
      accountId: 1,
      who,
      role: 'office',
      unitId: null,
      unitName: null,
      address: '127.0.0.1',
      channel: 'units.create',
      outcome: 'ok',
      targets: `id=${i}`,
      summary: '',
    });
  }
  return database;
}

describe('carrying the 操作日志 into a restored database', () => {
  it('appends the rows written since the backup, unchanged: the chain verifies end to end', async () => {
    const today = await withRows(['甲', '乙', '丙']);
    const backup = await withRows(['甲']);
    await appendCarriedAudit(backup.db, await readAuditLog(today.db));
    expect(await readAuditLog(backup.db)).toEqual(await readAuditLog(today.db));
    expect(await verifyAuditLog(backup.db)).toEqual({ ok: true, rows: 3 });
  });

  it('refuses a backup whose log is not the start of today’s (another server’s, or changed)', async () => {
    const today = await withRows(['甲', '乙']);
    const other = await withRows(['别人']);
    await expect(appendCarriedAudit(other.db, await readAuditLog(today.db))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('操作日志') });
  });
});
