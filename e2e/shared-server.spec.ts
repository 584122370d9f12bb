import BetterSqlite3 from 'better-sqlite3';
import { expect, test, type BrowserContext } from '@playwright/test';
import { DATABASE_FILE_NAME } from '../src-main/db/connection';
import { createE2eDatabase, POSTGRES_MISSING, queryDatabase, type E2eDatabase } from './support/postgres';
import { logInFirstTime, removeSharedData, startSharedServer, type SharedServer } from './support/shared-server';
import { chooseOption } from './pages/antd';

/**
 * The province's shared server: the office, two unit officers and a leader in four browser contexts at once. Each
 * logs in (changing the one-time password), sees and may do exactly their part; unit A cannot open unit B's
 * attachment; the 操作日志 shows every step; a tampered audit row is caught by `--verify-audit`. The journey runs on
 * both engines: the SQLite file in the data folder, and a fresh PostgreSQL database (`--database`).
 */

const NEW_PASSWORD = 'Xk7#mq9-Lp2v';

for (const engine of ['sqlite', 'postgres'] as const) {
  test.describe(engine === 'sqlite' ? 'the shared server on its SQLite file' : 'the shared server on PostgreSQL', () => {
    test.describe.configure({ mode: 'serial' });

    let server: SharedServer;
    let postgres: E2eDatabase | null = null;

    test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
      test.skip(testInfo.project.name !== 'browser', 'the shared server runs in browser mode');
      if (engine === 'postgres') {
        postgres = await createE2eDatabase();
        if (!postgres) console.warn(POSTGRES_MISSING);
        test.skip(!postgres, POSTGRES_MISSING);
      }
      server = await startSharedServer(postgres ? { database: postgres.url } : {});
    });
    test.afterAll(async () => {
      await server?.stop();
      if (server) removeSharedData(server);
      await postgres?.remove();
    });

    /** A call as this browser context (its session cookie), from its own page's origin. */
    async function call<T>(context: BrowserContext, channel: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
      const response = await context.request.post(`${server.url}api/${channel}`, { data: input, headers: { origin: server.url.replace(/\/$/u, '') } });
      return response.json();
    }

    test('four people at once on one shared server, each with exactly their part, every step in the audit trail', async ({ browser }) => {
      const contexts = await Promise.all([0, 1, 2, 3, 4].map(() => browser.newContext()));
      const [adminContext, officeContext, unitAContext, unitBContext, leaderContext] = contexts as [BrowserContext, BrowserContext, BrowserContext, BrowserContext, BrowserContext];
      const adminPage = await adminContext.newPage();

      // The admin logs in with the password printed at start, must change it, then creates the office's account in the page.
      await logInFirstTime(adminPage, server, 'admin', server.adminPassword, NEW_PASSWORD);
      await adminPage.getByRole('button', { name: '账号管理' }).click();
      await adminPage.getByLabel('账号', { exact: true }).fill('wangwu');
      await adminPage.getByLabel('姓名').fill('王五');
      await chooseOption(adminPage, adminPage.getByLabel('角色'), '办公室');
      await adminPage.getByRole('button', { name: '新建账号' }).click();
      const issued = adminPage.getByTestId('issued-password');
      await expect(issued).toContainText('wangwu');
      const officePassword = (await issued.locator('code').textContent())!.trim();

      const units = await call<{ id: number; name: string }[]>(adminContext, 'units.list', {});
      if (!units.ok) throw new Error(units.error.message);
      const unitId = (name: string) => units.value.find((unit) => unit.name === name)!.id;
      const make = async (login: string, name: string, role: string, unit: number | null) => {
        const created = await call<{ initialPassword: string }>(adminContext, 'accounts.create', { login, name, role, unitId: unit });
        if (!created.ok) throw new Error(created.error.message);
        return created.value.initialPassword;
      };
      const passwords = { zhaoliu: await make('zhaoliu', '赵六', 'unit', unitId('大同市')), liming: await make('liming', '李明', 'unit', unitId('朔州市')), boss: await make('boss', '张领导', 'leader', null) };

      // Four people log in at once, each in their own browser.
      const [officePage, unitAPage, unitBPage, leaderPage] = await Promise.all([officeContext, unitAContext, unitBContext, leaderContext].map((context) => context.newPage()));
      await Promise.all([
        logInFirstTime(officePage!, server, 'wangwu', officePassword, NEW_PASSWORD),
        logInFirstTime(unitAPage!, server, 'zhaoliu', passwords.zhaoliu, NEW_PASSWORD),
        logInFirstTime(unitBPage!, server, 'liming', passwords.liming, NEW_PASSWORD),
        logInFirstTime(leaderPage!, server, 'boss', passwords.boss, NEW_PASSWORD),
      ]);
      await expect(officePage!.getByTestId('account-who')).toHaveText(/领导小组办公室（王五）· 办公室$/u);
      await expect(unitAPage!.getByTestId('account-who')).toHaveText('大同市（赵六）· 单位填报人');
      await expect(leaderPage!.getByTestId('account-who')).toContainText('领导');
      // Only the admin manages accounts; the office and the admin read the audit trail.
      await expect(unitAPage!.getByRole('button', { name: '账号管理' })).toHaveCount(0);
      await expect(unitAPage!.getByRole('button', { name: '操作日志' })).toHaveCount(0);
      await expect(officePage!.getByRole('button', { name: '操作日志' })).toBeVisible();

      // The office assigns one task to each unit.
      const all = await call<{ rows: { id: number }[] }>(officeContext, 'tasks.list', { limit: 2 });
      if (!all.ok) throw new Error(all.error.message);
      const [taskA, taskB] = all.value.rows.map((row) => row.id) as [number, number];
      expect(await call(officeContext, 'tasks.assign', { taskIds: [taskA], leadUnitId: unitId('大同市') })).toMatchObject({ ok: true });
      expect(await call(officeContext, 'tasks.assign', { taskIds: [taskB], leadUnitId: unitId('朔州市') })).toMatchObject({ ok: true });

      // Each unit sees only its own task.
      expect(await call(unitAContext, 'tasks.list', {})).toMatchObject({ ok: true, value: { total: 1, rows: [{ id: taskA }] } });
      expect(await call(unitBContext, 'tasks.list', {})).toMatchObject({ ok: true, value: { total: 1, rows: [{ id: taskB }] } });

      // Unit B reports with an attachment; unit A cannot open it, B and the office can.
      const pdf = Buffer.from('%PDF-1.4\n%%EOF').toString('base64');
      const report = { taskId: taskB, status: '序时推进', percent: 30, progress: '朔州进展', problems: '', nextSteps: '', coordination: '', attachments: [{ name: '证明.pdf', contentBase64: pdf }] };
      expect(await call(unitBContext, 'progress.submit', report)).toMatchObject({ ok: true });
      const history = await call<{ reports: { attachments: { id: number }[] }[] }>(unitBContext, 'tasks.get', { id: taskB });
      if (!history.ok) throw new Error(history.error.message);
      const attachmentId = history.value.reports.flatMap((entry) => entry.attachments)[0]!.id;
      expect(await call(unitAContext, 'attachments.read', { id: attachmentId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await call(unitBContext, 'attachments.read', { id: attachmentId })).toMatchObject({ ok: true });
      expect(await call(officeContext, 'attachments.read', { id: attachmentId })).toMatchObject({ ok: true });

      // Nobody does another's part: a unit cannot run the office's work, the leader writes nothing, the admin no plan work.
      expect(await call(unitAContext, 'tasks.assign', { taskIds: [taskB], leadUnitId: unitId('大同市') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await call(leaderContext, 'progress.submit', { ...report, taskId: taskA, attachments: [] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await call(leaderContext, 'dashboard.get', { planId: 1 })).toMatchObject({ ok: true });
      expect(await call(adminContext, 'tasks.assign', { taskIds: [taskA], leadUnitId: unitId('朔州市') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      // The office reads every step in the 操作日志.
      await officePage!.getByRole('button', { name: '操作日志' }).click();
      const log = officePage!.locator('.ant-drawer');
      await expect(log.getByText('朔州市（李明）').first()).toBeVisible();
      await expect(log.getByText('填报进展').first()).toBeVisible();
      await expect(log.getByText('分配任务').first()).toBeVisible();
      await expect(log.getByText('领导（张领导）').first()).toBeVisible();
      await log.getByRole('button', { name: '校验操作日志' }).click();
      await expect(log.getByText(/校验通过/u)).toBeVisible();

      // 退出登录 ends the session: the page asks to log in again.
      await unitAPage!.getByRole('button', { name: '退出登录' }).click();
      await expect(unitAPage!.getByText('规划督办台 · 登录')).toBeVisible();
      expect(await call(unitAContext, 'tasks.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

      await Promise.all(contexts.map((context) => context.close()));
    });

    test('a changed audit row is caught by --verify-audit', async () => {
      await server.stop();
      expect(server.verifyAudit()).toMatchObject({ status: 0, output: expect.stringContaining('校验通过') });
      // What someone with the database's own tools could do: drop the append-only guard and rewrite a row.
      const tamper = "UPDATE audit_log SET summary = '无' WHERE id = (SELECT min(id) FROM audit_log WHERE channel = 'progress.submit')";
      if (postgres) {
        await queryDatabase(postgres.url, `DROP TRIGGER audit_log_no_update ON audit_log; ${tamper}`);
      } else {
        const sqlite = new BetterSqlite3(`${server.dataDir}/${DATABASE_FILE_NAME}`);
        sqlite.exec('DROP TRIGGER audit_log_no_update');
        sqlite.prepare(tamper).run();
        sqlite.close();
      }
      const tampered = server.verifyAudit();
      expect(tampered.status).toBe(1);
      expect(tampered.output).toContain('校验失败');
    });
  });
}
