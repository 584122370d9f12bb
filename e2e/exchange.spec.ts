import { readFileSync } from 'node:fs';
import { E2E_TODAY, e2eDay, expect, startAnotherApp, test } from './support/fixtures';
import { RoundsPage } from './pages/supervision-pages';

/**
 * Two PCs that never talk to each other: the office's (the test's app) and 大同市's isolated PC (a second server with
 * its own data folder, in its own browser context). Files move between them as a USB stick would carry them.
 */

interface Listed {
  rows: { id: number; code: string }[];
}

test('下发包 from 调度 → a new PC takes it at first run → 上报包 from 设置 → the office imports it and the round shows 已报', async ({ app }, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'browser', 'two data folders side by side: browser mode');
  const office = app;
  const datong = (await office.callApi<{ id: number; name: string }[]>('units.list', {})).find((unit) => unit.name === '大同市')!.id;
  const task = (await office.callApi<Listed>('tasks.list', { limit: 1 })).rows[0]!;
  await office.callApi('tasks.assign', { taskIds: [task.id], leadUnitId: datong, deadline: e2eDay(200) });
  await office.callApi('rounds.open', { planId: 1, name: '本月调度', periodStart: e2eDay(-30), periodEnd: E2E_TODAY, dueDate: e2eDay(5), unitIds: [datong] });
  const officeFingerprint = (await office.callApi<{ fingerprint: string }>('exchange.info', {})).fingerprint;

  // The office saves 大同市's 下发包 from its row in 调度.
  await office.page.reload();
  const rounds = new RoundsPage(office.page);
  await rounds.open();
  const [dispatchDownload] = await Promise.all([office.page.waitForEvent('download'), rounds.unitRow('大同市').getByRole('button', { name: '导出大同市的下发包' }).click()]);
  expect(dispatchDownload.suggestedFilename()).toBe(`大同市-下发包-第1号-${E2E_TODAY}.zip`);
  const dispatchFile = testInfo.outputPath('dispatch.zip');
  await dispatchDownload.saveAs(dispatchFile);

  const unitPc = await startAnotherApp(office.page.context().browser()!, null);
  try {
    const page = unitPc.page;
    // First run on the unit's PC: the welcome dialog offers the 下发包.
    const welcome = page.getByRole('dialog', { name: /欢迎使用规划督办台/u });
    await welcome.getByText('这台电脑不联网、由领导小组办公室下发任务？导入下发包').click();
    await welcome.locator('input[type=file][accept=".zip"]').setInputFiles(dispatchFile);
    await expect(welcome.getByTestId('sender-fingerprint')).toHaveText(officeFingerprint);
    const confirm = welcome.getByRole('button', { name: '确认导入' });
    await expect(confirm).toBeDisabled();
    await welcome.getByText('已与对方电话核对').click();
    await confirm.click();
    await expect(welcome).toBeHidden();

    // The window now acts as 大同市, and 我的任务 holds the office's task with the office's deadline.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '我的任务' }).click();
    await expect(page.getByText(task.code).first()).toBeVisible();
    await unitPc.actAs({ role: 'unit', unitId: datong, person: '赵六' });
    await unitPc.callApi('progress.submit', { taskId: task.id, status: '序时推进', percent: 35, progress: '离线填报的进展', problems: '', nextSteps: '', coordination: '', attachments: [] });

    // 设置 shows this PC as 大同市's, with the office's fingerprint among the trusted; the unit saves its 上报包.
    await page.reload();
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
    await expect(page.getByText('“大同市”的填报机（由下发包建立）')).toBeVisible();
    await expect(page.getByText(officeFingerprint).first()).toBeVisible();
    const unitFingerprint = (await page.getByTestId('own-fingerprint').textContent())!;
    const [reportDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '生成上报包' }).click()]);
    expect(reportDownload.suggestedFilename()).toBe(`大同市-上报包-第1号-${E2E_TODAY}.zip`);
    const reportFile = testInfo.outputPath('report.zip');
    await reportDownload.saveAs(reportFile);
    expect(readFileSync(reportFile).subarray(0, 2).toString()).toBe('PK');

    // The office imports it from 设置, confirming 大同市's fingerprint; the round shows 大同市 已报.
    await office.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
    await office.page.locator('input[type=file][accept=".zip"]').setInputFiles(reportFile);
    const preview = office.page.getByRole('region', { name: '上报包预览' });
    await expect(preview.getByTestId('sender-fingerprint')).toHaveText(unitFingerprint);
    await expect(preview).toContainText(`单位填报日期 ${E2E_TODAY}`);
    await preview.getByText('已与对方电话核对').click();
    await preview.getByRole('button', { name: '确认导入' }).click();
    await expect(office.page.getByText('已导入第 1 号上报包')).toBeVisible();
    await rounds.open();
    await expect(rounds.unitRow('大同市')).toContainText('已报');
  } finally {
    await unitPc.close();
  }
});
