import { resolve } from 'node:path';
import { BackupSection } from './pages/backup-pages';
import { PlanPage } from './pages/plan-page';
import { builtOutput } from './support/built-output';
import { externalReferences } from './support/external-urls';
import { OFFICE_PROFILE, expect, test } from './support/fixtures';

/**
 * Offline, proven: the app is used on isolated intranet PCs, so nothing it does may reach outside itself. The
 * main flows are walked while every request the page makes is recorded, and the built files are scanned for
 * anything that would be loaded from elsewhere.
 */
test.describe('离线: nothing leaves the app', () => {
  test('the main flows make requests to the app itself only', async ({ app }, testInfo) => {
    // Walks several screens (and, for recovery, starts the app twice): more than the default 30 s on a busy CI box.
    test.setTimeout(90_000);
    const { page } = app;
    const origin = app.address ? new URL(app.address).origin : 'file://';
    // Requests from any page or worker in this browser context, not just the first page.
    const everything: string[] = [];
    page.context().on('request', (request) => everything.push(request.url()));

    const plan = new PlanPage(page);
    await plan.open();
    await plan.expand('第三章 深度融入京津冀，实现联动发展');
    await plan.expand('第一节 打造京津冀重要保障基地');
    await plan.select('3.1.1 建设京津冀清洁能源供应基地');
    await expect(plan.detailTitle).toHaveText('3.1.1 建设京津冀清洁能源供应基地');
    await plan.select('前言与主要指标');
    await expect(page.getByRole('table').first()).toContainText('太原到国内主要城市通达时间');

    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const [area, path] of [['我的任务', 'my-tasks'], ['调度', 'rounds'], ['督办', 'supervision'], ['考核', 'assessment'], ['报表', 'reports']]) {
      await nav.getByRole('menuitem', { name: area }).click();
      await expect(page).toHaveURL(new RegExp(`#/${path}`));
    }

    const backups = new BackupSection(page);
    await backups.open();
    await expect(backups.rows('自动备份')).toHaveCount(1);
    await backups.backUpNow.click();
    await expect(page.getByText(/^已备份：/)).toBeVisible();
    await expect(backups.rows('手动备份')).toHaveCount(1);
    await backups.card.screenshot({ path: testInfo.outputPath('settings-backups.png') });

    // A unit reports after the backup: the restore dialog names whose work it would set aside.
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    const commerce = units.find((unit) => unit.name === '省商务厅')!.id;
    const { rows } = await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', {});
    const taskId = rows.find((row) => row.code === '4.1.1.1')!.id;
    await app.callApi('tasks.assign', { taskIds: [taskId], leadUnitId: commerce });
    await app.actAs({ role: 'unit', unitId: commerce, person: '测试员' });
    await app.callApi('progress.submit', { taskId, status: '序时推进', percent: 20, progress: '推进中', problems: '', nextSteps: '', coordination: '', attachments: [] });
    await app.actAs(OFFICE_PROFILE);
    await backups.restore(backups.rows('手动备份'), ['省商务厅', '进展填报 1 条']);
    await expect(page.getByText(/^已恢复到 .* 的备份/)).toBeVisible();
    await expect(backups.rows('恢复前备份')).toHaveCount(1);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await backups.card.screenshot({ path: testInfo.outputPath('settings-backups-after-restore.png') });

    const seen = [...new Set([...app.requests, ...everything])];
    const outside = seen.filter((url) => !url.startsWith(`${origin}/`) && url !== origin && !url.startsWith('data:'));
    expect(outside).toEqual([]);
    expect(app.requests.length).toBeGreaterThan(10);
    console.log(`[figures] offline walk (${testInfo.project.name}): ${app.requests.length} requests seen, ${seen.length} distinct URLs, 0 outside ${origin}`);
  });

  test('the built renderer references no script, style, font or image outside the package', () => {
    const { files, references } = externalReferences(resolve(builtOutput(), 'renderer'));
    expect(files).toBeGreaterThan(2);
    expect(references).toEqual([]);
  });
});
