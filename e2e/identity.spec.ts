import type { Browser, Page } from '@playwright/test';
import { chooseOption } from './pages/antd';
import { MyTasksPage } from './pages/task-pages';
import { OFFICE_PROFILE, expect, test } from './support/fixtures';

/**
 * One loopback server, two people in two browser contexts: each tab holds the person chosen in it and sends it
 * with every call, so choosing an identity in one never changes what the other saves under.
 */
test.use({ identity: null });

async function choose(page: Page, unit: string, person: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: /请选择使用身份/ });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('责任单位（填报本单位任务）').check();
  await chooseOption(page, dialog.locator('.ant-form-item').filter({ hasText: '本单位' }).locator('.ant-select'), unit);
  await dialog.getByLabel('经办人姓名').fill(person);
  await dialog.getByRole('button', { name: '保存使用身份' }).click();
  await expect(page.getByLabel('当前身份')).toHaveText(`身份：${unit}`);
}

async function secondTab(browser: Browser, address: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(address);
  return page;
}

test('two people on one server each save under their own name', async ({ app, browser }, testInfo) => {
  testInfo.skip(app.address === null, '两个浏览器标签页同时使用一个服务只在浏览器模式下适用；桌面版每个窗口各自保存身份，由单元测试覆盖。');
  await app.actAs(OFFICE_PROFILE);
  const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
  const unitId = (name: string) => units.find((unit) => unit.name === name)!.id;
  const tasks = await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', {});
  const taskId = (code: string) => tasks.rows.find((row) => row.code === code)!.id;
  await app.callApi('tasks.assign', { taskIds: [taskId('3.1.1.1')], leadUnitId: unitId('省能源局') });
  await app.callApi('tasks.assign', { taskIds: [taskId('3.1.1.2')], leadUnitId: unitId('大同市') });
  await app.actAs(null);

  // 李明 of 省能源局 starts a report; meanwhile 赵六 of 大同市 opens the same server in another browser.
  const liming = app.page;
  await liming.reload();
  await choose(liming, '省能源局', '李明');
  const mine = new MyTasksPage(liming);
  await mine.open();
  const drawer = await mine.openTask('3.1.1.1');

  const zhaoliu = await secondTab(browser, app.address!);
  await choose(zhaoliu, '大同市', '赵六');

  await drawer.fillReport({ status: '序时推进', percent: '40', progress: '完成电力外送通道前期工作。' });
  await expect(liming.getByText('进展已提交，已记入进展记录')).toBeVisible();
  await drawer.tab(/进展记录（1）/);
  const history = drawer.root.getByLabel('进展记录', { exact: true });
  await expect(history).toContainText('省能源局（李明）');
  await expect(history).not.toContainText('赵六');

  // 赵六 reports on his own task as himself, and 李明's tab still shows 李明's unit.
  const theirs = new MyTasksPage(zhaoliu);
  await theirs.open();
  const other = await theirs.openTask('3.1.1.2');
  await other.fillReport({ status: '序时推进', percent: '20', progress: '完成选址。' });
  await other.tab(/进展记录（1）/);
  await expect(other.root.getByLabel('进展记录', { exact: true })).toContainText('大同市（赵六）');
  await liming.reload();
  await expect(liming.getByLabel('当前身份')).toHaveText('身份：省能源局');

  // A unit cannot do the office's work through the door either.
  await app.actAs({ role: 'unit', unitId: unitId('大同市'), person: '赵六' });
  await expect(app.callApi('warnings.setThresholds', { yellowLag: 5, redLag: 50, dueSoonDays: 10, notStartedMonths: 2 })).rejects.toThrow(
    '只有领导小组办公室可以调整预警规则',
  );
  await zhaoliu.context().close();
});
