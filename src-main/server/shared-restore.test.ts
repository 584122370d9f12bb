import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedPassword } from '../api/accounts.types';
import type { BackupInfo } from '../api/backup.types';
import type { WarningThresholds } from '../api/tasks.types';
import { createOrResetAdmin } from '../accounts/accounts.service';
import { verifyAuditLog } from '../audit/audit-log';
import { openAppContext, type AppContext } from '../core/app-context';
import { SharedClient } from '../testing/shared-client';
import { FIRST_PASSWORD, firstLogIn, rendererFolder } from '../testing/shared-server-setup';
import { startHttpServer, type RunningServer } from './http-server';

/**
 * Restoring a backup on the shared server brings the plan data back, not the accounts or the 操作日志: an account
 * created after the backup still logs in, a password changed since stays changed, every session ends, and the audit
 * rows written since are still there, chained, followed by the restore's own row.
 */

let dir: string;
let context: AppContext;
let server: RunningServer;
const clock = Date.parse('2024-06-30T02:00:00Z');
const CHANGED = 'Qw3$zr8-Tn5b';
const client = () => new SharedClient(server.port);
const thresholds = (dueSoonDays: number): WarningThresholds => ({ yellowLag: 10, redLag: 30, dueSoonDays, notStartedMonths: 3 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-shared-restore-'));
  const staticDir = rendererFolder(dir);
  context = await openAppContext({ dataDir: join(dir, 'data'), mode: 'browser', version: 'test', shared: true, now: () => new Date(clock), today: () => '2024-06-30' });
  server = await startHttpServer({ dispatch: context.dispatch, staticDir, token: null, sessions: () => context.sessions(), port: 0 });
});

afterAll(async () => {
  await server.close();
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('restoring a backup on the shared server', () => {
  it('keeps today’s accounts, passwords and audit trail, ends every session, and records the restore', async () => {
    const admin = await firstLogIn(client(), 'admin', (await createOrResetAdmin(context.database.db, new Date(clock), 'admin')).initialPassword);
    const make = async (login: string, role: string, unitId: number | null) =>
      firstLogIn(client(), login, (await admin.value<IssuedPassword>('accounts.create', { login, name: login, role, unitId })).initialPassword);
    const office = await make('wangwu', 'office', null);
    await office.value('warnings.setThresholds', thresholds(20));
    const backup = await admin.value<BackupInfo>('backup.create', {});

    // After the backup: a new unit account, a changed password, a plan change.
    const datong = (await admin.value<{ id: number; name: string }[]>('units.list', {})).find((unit) => unit.name === '大同市')!;
    const late = await make('zhaoliu', 'unit', datong.id);
    expect(await late.call('tasks.list', {})).toMatchObject({ ok: true });
    await office.value('account.changePassword', { current: FIRST_PASSWORD, next: CHANGED });
    await office.value('warnings.setThresholds', thresholds(40));
    const before = await context.database.db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id').execute();

    await admin.value('backup.restore', { name: backup.name });

    // The plan data is the backup's.
    const reader = client();
    expect(await reader.logIn('wangwu', FIRST_PASSWORD)).toMatchObject({ ok: false });
    expect(await reader.logIn('wangwu', CHANGED)).toMatchObject({ ok: true });
    expect(await reader.value<WarningThresholds>('warnings.getThresholds', {})).toMatchObject({ dueSoonDays: 20 });
    // Every session ended: those browsers log in again.
    for (const browser of [admin, office, late]) expect(await browser.call('tasks.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    // The account made after the backup logs in with the password it chose.
    expect(await late.logIn('zhaoliu', FIRST_PASSWORD)).toMatchObject({ ok: true });
    expect(await late.call('tasks.list', {})).toMatchObject({ ok: true });

    // Every audit row written before the restore is still there, unchanged, and the restore follows them.
    const after = await context.database.db.selectFrom('audit_log').select(['id', 'hash', 'channel']).orderBy('id').execute();
    expect(after.slice(0, before.length).map(({ id, hash }) => ({ id, hash }))).toEqual(before);
    expect(after.slice(before.length).map((row) => row.channel)).toContain('backup.restore');
    expect(await verifyAuditLog(context.database.db)).toMatchObject({ ok: true });
  });
});
