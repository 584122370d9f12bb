import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { damageDatabaseFile } from '../src-main/testing/damage-database';
import { RecoveryScreen } from './pages/backup-pages';
import { expect, runBrowserModeOnce, test } from './support/fixtures';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
let damagedHash = '';

test.describe('恢复界面: the database was damaged while the app was closed', () => {
  test.use({
    identity: null,
    prepareDataDir: {
      async run(dataDir) {
        // A first run creates the database and its start-up backup; then garbage lands on its pages.
        await runBrowserModeOnce(dataDir);
        damageDatabaseFile(join(dataDir, 'plan-desk.sqlite3'));
        damagedHash = sha256(join(dataDir, 'plan-desk.sqlite3'));
      },
    },
  });

  test('explains what happened, lists the backups, restores one, and the plan is back', async ({ app }, testInfo) => {
    // Walks several screens (and, for recovery, starts the app twice): more than the default 30 s on a busy CI box.
    test.setTimeout(90_000);
    const { page } = app;
    const recovery = new RecoveryScreen(page);
    await expect(recovery.heading).toBeVisible();
    await expect(page.getByText(/数据库文件已损坏：启动时的完整性检查发现了错误/)).toBeVisible();
    await expect(page.getByText(join(app.dataDir, 'plan-desk.sqlite3'), { exact: true })).toBeVisible();
    await expect(page.getByText('程序没有修改或删除这个文件', { exact: false })).toBeVisible();
    await expect(recovery.rows).toHaveCount(1);
    await expect(recovery.rows.first()).toContainText('自动备份');
    await page.screenshot({ path: testInfo.outputPath('recovery-screen.png'), fullPage: true });

    // The app's other channels are closed while the database is unreadable.
    await expect(app.callApi('plan.list', {})).rejects.toThrow(/恢复模式/);

    await recovery.restore(recovery.rows.first());
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
    // The app opens on 待办 again (behind the first-run identity dialog here), and the plan is back in the database.
    await expect(page.getByRole('heading', { name: /^待办/u })).toBeVisible();
    const plans = await app.callApi<{ title: string }[]>('plan.list', {});
    expect(plans.map((plan) => plan.title).join()).toMatch(/山西省“十四五”京津冀、长三角、大湾区等区域融合发展实现高水平崛起规划/u);

    // The damaged file was moved aside, byte for byte, not deleted.
    const setAside = readdirSync(join(app.dataDir, 'set-aside'));
    const moved = setAside.find((name) => name.endsWith('.sqlite3'))!;
    expect(moved).toMatch(/^plan-desk_corrupt_/);
    expect(sha256(join(app.dataDir, 'set-aside', moved))).toBe(damagedHash);
  });
});
