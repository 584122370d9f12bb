import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedPassword } from '../api/accounts.types';
import type { TaskListResult } from '../api/tasks.types';
import { createOrResetAdmin } from '../accounts/accounts.service';
import { openAppContext, type AppContext } from '../core/app-context';
import { createPostgresTestDatabaseUrl, testEngine } from '../db/postgres-test-database';
import { SharedClient } from '../testing/shared-client';
import { firstLogIn, rendererFolder } from '../testing/shared-server-setup';
import { startHttpServer, type RunningServer } from './http-server';

/**
 * Two app servers on one PostgreSQL database (npm run test:postgres), as behind a load balancer: sessions, accounts
 * and data live in the database, so either server answers any request of a logged-in browser.
 */
describe.skipIf(testEngine() !== 'postgres')('two app servers on one PostgreSQL database', () => {
  let dir: string;
  let database: { url: string; drop(): Promise<void> };
  const servers: { context: AppContext; server: RunningServer }[] = [];
  const now = () => new Date('2024-06-30T02:00:00Z');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plan-desk-two-servers-'));
    const staticDir = rendererFolder(dir);
    database = await createPostgresTestDatabaseUrl();
    // Started together, as a deployment starts them: both migrate and seed the same empty database, and share one
    // folder for attachments (a network folder; no SQLite file there to lock).
    const contexts = await Promise.all(
      ['a', 'b'].map(() =>
        openAppContext({ dataDir: join(dir, 'data'), mode: 'browser', version: 'test', shared: true, databaseUrl: database.url, now, today: () => '2024-06-30' }),
      ),
    );
    for (const context of contexts) {
      servers.push({ context, server: await startHttpServer({ dispatch: context.dispatch, staticDir, token: null, sessions: () => context.sessions(), port: 0 }) });
    }
  });
  afterAll(async () => {
    for (const { server, context } of servers) {
      await server.close();
      await context.close();
    }
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeded the plan and units once, though both started on the empty database together', async () => {
    const [a, b] = servers.map(({ context }) => context.database.db);
    const plans = await a!.selectFrom('plans').select('id').execute();
    expect(plans).toHaveLength(1);
    const units = await b!.selectFrom('units').select('name').execute();
    expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
  });

  it('a browser logged in on one server is answered by the other, writes on one are read on the other, and logging out on one ends it on both', async () => {
    const [first, second] = servers;
    const issued = await createOrResetAdmin(first!.context.database.db, now(), 'admin');
    const onA = await firstLogIn(new SharedClient(first!.server.port), 'admin', issued.initialPassword);
    const office = await onA.value<IssuedPassword>('accounts.create', { login: 'wangwu', name: '王五', role: 'office', unitId: null });

    // The same browser (its cookie) through the other server.
    const onB = await firstLogIn(new SharedClient(second!.server.port), 'wangwu', office.initialPassword);
    const sameBrowserOnA = new SharedClient(first!.server.port);
    sameBrowserOnA.cookie = onB.cookie;
    const list = await sameBrowserOnA.value<TaskListResult>('tasks.list', { limit: 1 });
    expect(list.total).toBeGreaterThan(200);

    const units = await onB.value<{ id: number; name: string }[]>('units.list', {});
    const unitId = units.find((u) => u.name === '大同市')!.id;
    await sameBrowserOnA.value('tasks.assign', { taskIds: [list.rows[0]!.id], leadUnitId: unitId });
    expect((await onB.value<TaskListResult>('tasks.list', { unitId, unitRole: 'lead' })).rows.map((row) => row.id)).toEqual([list.rows[0]!.id]);

    await onB.logOut();
    expect(await sameBrowserOnA.call('tasks.list', { limit: 1 })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });
});
