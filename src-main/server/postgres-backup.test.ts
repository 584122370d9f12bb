import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, closeSync, writeSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedPassword } from '../api/accounts.types';
import type { BackupInfo, KeptDatabase, RestoreResult } from '../api/backup.types';
import type { WarningThresholds } from '../api/tasks.types';
import { createOrResetAdmin } from '../accounts/accounts.service';
import { verifyAuditLog } from '../audit/audit-log';
import { dropDatabase, listKeptDatabases } from '../backup/postgres-databases';
import { databaseNameOf, withClient } from '../backup/postgres-dump';
import { openAppContext, type AppContext } from '../core/app-context';
import { createPostgresTestDatabaseUrl, testEngine } from '../db/postgres-test-database';
import { SharedClient } from '../testing/shared-client';
import { FIRST_PASSWORD, firstLogIn, rendererFolder } from '../testing/shared-server-setup';
import { startHttpServer, type RunningServer } from './http-server';

/**
 * Backups on PostgreSQL (npm run test:postgres): pg_dump archives in the data folder, and a restore that never
 * destroys the current data — restored into a new database, switched in by name, the old database kept until the
 * 系统管理员 removes it — carrying today's accounts and 操作日志 as on SQLite (shared-restore.test.ts).
 */
describe.skipIf(testEngine() !== 'postgres')('backups of the shared server on PostgreSQL', () => {
  let dir: string;
  let database: { url: string; drop(): Promise<void> };
  let context: AppContext;
  let server: RunningServer;
  let admin: SharedClient;
  let office: SharedClient;
  const clock = Date.parse('2024-06-30T02:00:00Z');
  const CHANGED = 'Qw3$zr8-Tn5b';
  const client = () => new SharedClient(server.port);
  const thresholds = (dueSoonDays: number): WarningThresholds => ({ yellowLag: 10, redLag: 30, dueSoonDays, notStartedMonths: 3 });
  const databasesOnServer = async () =>
    withClient(database.url, async (pg) => ((await pg.query('SELECT datname FROM pg_database')).rows as { datname: string }[]).map((row) => row.datname));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plan-desk-pg-backup-'));
    const staticDir = rendererFolder(dir);
    database = await createPostgresTestDatabaseUrl();
    context = await openAppContext({
      dataDir: join(dir, 'data'),
      mode: 'browser',
      version: 'test',
      shared: true,
      databaseUrl: database.url,
      now: () => new Date(clock),
      today: () => '2024-06-30',
    });
    server = await startHttpServer({ dispatch: context.dispatch, staticDir, token: null, sessions: () => context.sessions(), port: 0 });
    admin = await firstLogIn(client(), 'admin', (await createOrResetAdmin(context.database.db, new Date(clock), 'admin')).initialPassword);
    office = await firstLogIn(client(), 'wangwu', (await admin.value<IssuedPassword>('accounts.create', { login: 'wangwu', name: '王五', role: 'office', unitId: null })).initialPassword);
  });

  afterAll(async () => {
    await server?.close();
    await context?.close();
    if (database) {
      for (const kept of await listKeptDatabases(database.url).catch(() => [])) await dropDatabase(database.url, kept.name);
      await database.drop();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes the start-up and daily backups with pg_dump, under the SQLite names and retention rule', async () => {
    expect(await context.automaticBackup({ force: true })).toMatchObject({ kind: 'auto', name: expect.stringMatching(/^自动备份_.*\.pgdump$/u) });
    // Not a day since: no second automatic backup.
    expect(await context.automaticBackup()).toBeNull();
    const [listed] = await admin.value<BackupInfo[]>('backup.list', {});
    expect(listed).toMatchObject({ kind: 'auto' });
    const file = join(dir, 'data', 'backups', listed!.name);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');
    expect(statSync(file).size).toBe(listed!.sizeBytes);
  });

  it('restores into a new database, keeps the old one, carries accounts and the 操作日志, and lets the admin remove the old one', async () => {
    await office.value('warnings.setThresholds', thresholds(20));
    const backup = await admin.value<BackupInfo>('backup.create', {});
    expect(backup.name).toMatch(/^手动备份_.*\.pgdump$/u);

    // After the backup: a new unit account, a changed password, a plan change.
    const datong = (await admin.value<{ id: number; name: string }[]>('units.list', {})).find((unit) => unit.name === '大同市')!;
    const late = await firstLogIn(
      client(),
      'zhaoliu',
      (await admin.value<IssuedPassword>('accounts.create', { login: 'zhaoliu', name: '赵六', role: 'unit', unitId: datong.id })).initialPassword,
    );
    await office.value('account.changePassword', { current: FIRST_PASSWORD, next: CHANGED });
    await office.value('warnings.setThresholds', thresholds(40));
    const before = await context.database.db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id').execute();
    const current = databaseNameOf(database.url);

    const result = await admin.value<RestoreResult>('backup.restore', { name: backup.name });
    expect(result.safetyBackup).toMatchObject({ kind: 'pre-restore', name: expect.stringMatching(/\.pgdump$/u) });
    const kept = result.keptDatabase!;
    expect(kept).toMatch(new RegExp(`^${current}_before_restore_\\d{8}_\\d{6}_\\d{3}$`, 'u'));

    // The plan data is the backup's, in the database the address names.
    const reader = client();
    expect(await reader.logIn('wangwu', FIRST_PASSWORD)).toMatchObject({ ok: false });
    expect(await reader.logIn('wangwu', CHANGED)).toMatchObject({ ok: true });
    expect(await reader.value<WarningThresholds>('warnings.getThresholds', {})).toMatchObject({ dueSoonDays: 20 });
    // Every session ended; the account made after the backup logs in with the password it chose.
    for (const browser of [admin, office, late]) expect(await browser.call('tasks.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await late.logIn('zhaoliu', FIRST_PASSWORD)).toMatchObject({ ok: true });
    // Every audit row from before the restore is still there, unchanged, the restore follows, and the chain verifies.
    const after = await context.database.db.selectFrom('audit_log').select(['id', 'hash', 'channel']).orderBy('id').execute();
    expect(after.slice(0, before.length).map(({ id, hash }) => ({ id, hash }))).toEqual(before);
    expect(after.slice(before.length).map((row) => row.channel)).toContain('backup.restore');
    expect(await verifyAuditLog(context.database.db)).toMatchObject({ ok: true });

    // The data before the restore is still on the server, whole, under the kept name; nothing half-made is left.
    const databases = await databasesOnServer();
    expect(databases).toContain(kept);
    expect(databases.filter((name) => name.includes('_restoring_'))).toEqual([]);
    const keptThresholds = await withClient(
      database.url,
      async (pg) => (await pg.query("SELECT value FROM settings WHERE key = 'warningThresholds'")).rows as { value: string }[],
      kept,
    );
    expect(keptThresholds.map((row) => JSON.parse(row.value) as WarningThresholds)).toMatchObject([{ dueSoonDays: 40 }]);

    // Listed for the keepers; removed by the 系统管理员 only, and never the database in use.
    expect(await reader.value<KeptDatabase[]>('backup.keptDatabases', {})).toMatchObject([{ name: kept, kind: 'before-restore' }]);
    expect(await reader.call('backup.dropKeptDatabase', { name: kept })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const keeper = client();
    expect(await keeper.logIn('admin', FIRST_PASSWORD)).toMatchObject({ ok: true });
    expect(await keeper.call('backup.dropKeptDatabase', { name: current })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await keeper.call('backup.dropKeptDatabase', { name: 'postgres' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await keeper.value('backup.dropKeptDatabase', { name: kept })).toEqual({ dropped: kept });
    expect(await databasesOnServer()).not.toContain(kept);
    expect(await keeper.value('backup.keptDatabases', {})).toEqual([]);
    admin = keeper;
  });

  it('refuses a damaged or foreign archive with a Chinese message, and nothing changes', async () => {
    const backup = await admin.value<BackupInfo>('backup.create', {});
    const backups = join(dir, 'data', 'backups');
    const source = join(backups, backup.name);
    // Cut short (a copy that stopped halfway), bytes overwritten, and not an archive at all.
    const damaged = (name: string, damage: (file: string) => void) => {
      const file = join(backups, name);
      copyFileSync(source, file);
      damage(file);
      return name;
    };
    const size = statSync(source).size;
    const names = [
      damaged('手动备份_2024-06-29T01-00-00-000Z.pgdump', (file) => truncateSync(file, Math.floor(size * 0.6))),
      // Its table of contents reads well; a statement in it does not (found only by the restore into the new database).
      damaged('手动备份_2024-06-29T02-00-00-000Z.pgdump', (file) => {
        const at = readFileSync(file).indexOf('ADD CONSTRAINT');
        expect(at).toBeGreaterThan(0);
        const fd = openSync(file, 'r+');
        writeSync(fd, Buffer.alloc(8, 0xa5), 0, 8, at);
        closeSync(fd);
      }),
      damaged('手动备份_2024-06-29T03-00-00-000Z.pgdump', (file) => writeFileSync(file, '这不是备份文件')),
    ];
    const databasesBefore = (await databasesOnServer()).sort();
    const auditBefore = await context.database.db.selectFrom('audit_log').select('id').execute();
    await office.logIn('wangwu', CHANGED).catch(() => undefined);
    await office.value('warnings.setThresholds', thresholds(55));
    for (const name of names) {
      const refused = await admin.call('backup.restore', { name });
      expect(refused, name).toMatchObject({ ok: false });
      const message = refused.ok ? '' : refused.error.message;
      expect(message, name).toMatch(/这个(备份不能用于恢复：文件已损坏或不完整|文件不是规划督办台的 PostgreSQL 备份)/u);
      expect(message, name).toContain('当前数据没有改动');
      expect(message, name).not.toContain(FIRST_PASSWORD);
    }
    // The data, the sessions and the server's databases are as they were; the refusals are in the 操作日志.
    expect(await office.value<WarningThresholds>('warnings.getThresholds', {})).toMatchObject({ dueSoonDays: 55 });
    expect((await databasesOnServer()).sort()).toEqual(databasesBefore);
    expect(await admin.value('backup.keptDatabases', {})).toEqual([]);
    expect((await context.database.db.selectFrom('audit_log').select('id').execute()).length).toBeGreaterThan(auditBefore.length);
    expect(await verifyAuditLog(context.database.db)).toMatchObject({ ok: true });
  });

  it('restores only while it is the one app server connected; a server started afterwards finds the restored data', async () => {
    await office.value('warnings.setThresholds', thresholds(21));
    const backup = await admin.value<BackupInfo>('backup.create', {});
    await office.value('warnings.setThresholds', thresholds(22));
    const url = () => database.url;
    // Another app server in the middle of a request: a connection of its own to the database while the restore runs.
    await withClient(url(), async (otherServer) => {
      await otherServer.query("SET application_name = 'plan-desk'");
      const databasesBefore = (await databasesOnServer()).sort();
      const refused = await admin.call('backup.restore', { name: backup.name });
      expect(refused).toMatchObject({ ok: false, error: { code: 'DB_BUSY' } });
      expect(refused.ok ? '' : refused.error.message).toMatch(/还有其他连接（plan-desk）.*恢复时只能有一台应用服务器运行.*当前数据没有改动/u);
      expect(await office.value<WarningThresholds>('warnings.getThresholds', {})).toMatchObject({ dueSoonDays: 22 });
      expect((await databasesOnServer()).sort()).toEqual(databasesBefore);
    });
    // Alone now: the restore goes through; a server started later on the same address opens the restored data.
    const restored = await admin.value<RestoreResult>('backup.restore', { name: backup.name });
    const other = await openAppContext({ dataDir: join(dir, 'data'), mode: 'browser', version: 'test', shared: true, databaseUrl: url(), now: () => new Date(clock), today: () => '2024-06-30' });
    try {
      const stored = await other.database.db.selectFrom('settings').select('value').where('key', '=', 'warningThresholds').executeTakeFirstOrThrow();
      expect(JSON.parse(stored.value)).toMatchObject({ dueSoonDays: 21 });
    } finally {
      await other.close();
    }
    expect(await databasesOnServer()).toContain(restored.keptDatabase);
  });
});
