import { expect, test, e2eDay, E2E_TODAY } from './support/fixtures';
import { chooseOption, chooseSearched, fillDate } from './pages/antd';
import { TaskBreakdownPage } from './pages/task-pages';

/** The forms a person uses every week: sensible starts, safe clicks, plain messages, nothing typed lost. */

interface ListedTask {
  id: number;
  code: string;
  startDate: string;
  scheduleProgress: number;
  light: string;
}

test.describe('序时进度 runs from the day a task is assigned', () => {
  test('a task bulk-assigned today with a deadline 18 months away is green, not red; unassigned tasks carry no light', async ({ app }) => {
    const { page } = app;
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.filterRegion('长三角');
    // Nothing is assigned yet: no task is lit, let alone red.
    await expect(breakdown.row('4.1.1.1').locator('[data-light]')).toHaveAttribute('data-light', 'none');
    await expect(breakdown.summary).not.toContainText('红灯');

    await breakdown.select(['4.1.1.1', '4.1.1.2']);
    await breakdown.bulkAssign({ lead: '省商务厅', deadline: e2eDay(548) });
    await expect(page.getByText('已分配 2 项任务')).toBeVisible();
    await expect(breakdown.row('4.1.1.1').locator('[data-light]')).toHaveAttribute('data-light', 'green');
    const listed = await app.callApi<{ rows: ListedTask[] }>('tasks.list', { limit: 300 });
    const assigned = listed.rows.filter((r) => r.code === '4.1.1.1' || r.code === '4.1.1.2');
    expect(assigned.map((r) => [r.startDate, r.scheduleProgress, r.light])).toEqual([
      [E2E_TODAY, 0, 'green'],
      [E2E_TODAY, 0, 'green'],
    ]);
  });

  test('the office re-bases selected tasks on a start date of its choosing', async ({ app }) => {
    const { page } = app;
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    const commerce = units.find((u) => u.name === '省商务厅')!.id;
    const tasks = await app.callApi<{ rows: ListedTask[] }>('tasks.list', { search: '承接产业转移' });
    const task = tasks.rows[0]!;
    // Assigned with the plan's old clock (as before this version): started 2021, far behind.
    await app.callApi('tasks.assign', { taskIds: [task.id], leadUnitId: commerce, startDate: '2021-01-01', deadline: e2eDay(548) });

    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.search('承接产业转移');
    await expect(breakdown.row(task.code).locator('[data-light]')).toHaveAttribute('data-light', 'red');
    await breakdown.select([task.code]);
    await page.getByRole('button', { name: '批量分配' }).click();
    const dialog = page.getByRole('dialog', { name: /批量分配/ });
    await fillDate(dialog.getByLabel('开始日期'), e2eDay(-7));
    await dialog.getByRole('button', { name: '分配' }).click();
    await expect(page.getByText('已分配 1 项任务')).toBeVisible();
    await expect(breakdown.row(task.code).locator('[data-light]')).toHaveAttribute('data-light', 'green');
    const detail = await app.callApi<{ startDate: string }>('tasks.get', { id: task.id });
    expect(detail.startDate).toBe(e2eDay(-7));
  });
});

/** Assigns the task found by `search` to `unit` through the API, as the office; returns its id and code. */
async function assignedTask(app: { callApi<T>(channel: string, input: unknown): Promise<T> }, search: string, unit = '省商务厅') {
  const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
  const unitId = units.find((u) => u.name === unit)!.id;
  const task = (await app.callApi<{ rows: ListedTask[] }>('tasks.list', { search })).rows[0]!;
  await app.callApi('tasks.assign', { taskIds: [task.id], leadUnitId: unitId, deadline: e2eDay(365) });
  return { ...task, unitId };
}

test.describe('a double click does a thing once', () => {
  test('submitting a progress report', async ({ app }) => {
    const { page } = app;
    const task = await assignedTask(app, '承接产业转移');
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.search('承接产业转移');
    const drawer = await breakdown.openTask(task.code);
    await drawer.tab('填报进展');
    const form = drawer.root.getByRole('form', { name: '填报进展' });
    await chooseOption(page, form.locator('.ant-form-item').filter({ hasText: '完成状态' }).locator('.ant-select'), '序时推进');
    await form.getByLabel('完成进度（%）').fill('30');
    await form.getByLabel('本期进展情况').fill('完成园区规划编制。');
    await form.getByRole('button', { name: '提交进展' }).dblclick();
    await expect(page.getByText('进展已提交，已记入进展记录')).toBeVisible();
    await expect(page.locator('.ant-message-error')).toHaveCount(0);
    await expect.poll(async () => (await app.callApi<{ reports: unknown[] }>('tasks.get', { id: task.id })).reports.length).toBe(1);
  });

  test('issuing a 督办 notice', async ({ app }) => {
    const { page } = app;
    const task = await assignedTask(app, '承接产业转移');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '督办' }).click();
    await page.getByRole('button', { name: '发起督办' }).click();
    const dialog = page.getByRole('dialog', { name: '发起督办' });
    await chooseSearched(page, dialog.getByLabel('督办任务'), task.code, new RegExp(`^${task.code.replace(/\./gu, '\\.')} `, 'u'));
    await dialog.getByText('发起督办', { exact: true }).click();
    await dialog.getByLabel('督办事由').fill('进展滞后');
    await dialog.getByLabel('督办要求').fill('限期报送整改情况');
    await fillDate(dialog.getByLabel('反馈期限'), e2eDay(14));
    await dialog.getByRole('button', { name: '发出督办单' }).dblclick();
    await expect(dialog).toBeHidden();
    await expect.poll(async () => (await app.callApi<unknown[]>('notices.list', {})).length).toBe(1);
  });

  test('opening a round', async ({ app }) => {
    const { page } = app;
    await assignedTask(app, '承接产业转移');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '调度' }).click();
    await page.getByRole('button', { name: '开启调度' }).click();
    const dialog = page.getByRole('dialog', { name: '开启调度' });
    await dialog.getByLabel('调度名称').fill('第四季度调度');
    const range = dialog.locator('.ant-picker-range');
    await range.locator('input').first().click();
    await range.locator('input').first().fill(e2eDay(-60));
    await range.locator('input').last().click();
    await range.locator('input').last().fill(e2eDay(20));
    await range.locator('input').last().press('Enter');
    await fillDate(dialog.getByLabel('报送截止日期'), e2eDay(25));
    const units = dialog.locator('.ant-form-item').filter({ hasText: '参加调度的单位' }).locator('.ant-select');
    await chooseOption(page, units, '省商务厅');
    await dialog.getByText('开启调度', { exact: true }).click();
    await dialog.getByRole('button', { name: '开启', exact: true }).dblclick();
    await expect(dialog).toBeHidden();
    await expect(page.locator('.ant-message-error')).toHaveCount(0);
    await expect.poll(async () => (await app.callApi<unknown[]>('rounds.list', {})).length).toBe(1);
  });
});

test.describe('messages name the field as the form labels it', () => {
  test('督办要求 shows its character count and limit, marks required fields, and a too-long text is named by its label', async ({ app }) => {
    const { page } = app;
    const task = await assignedTask(app, '承接产业转移');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '督办' }).click();
    await page.getByRole('button', { name: '发起督办' }).click();
    const dialog = page.getByRole('dialog', { name: '发起督办' });
    await expect(dialog.locator('.ant-form-item-required', { hasText: '督办要求' })).toBeVisible();
    await expect(dialog.locator('.ant-form-item').filter({ hasText: '督办要求' })).toContainText('0 / 1000');
    await chooseSearched(page, dialog.getByLabel('督办任务'), task.code, new RegExp(`^${task.code.replace(/\./gu, '\\.')} `, 'u'));
    await dialog.getByText('发起督办', { exact: true }).click();
    await dialog.getByLabel('督办事由').fill('进展滞后');
    // 1001 characters, one of them outside the BMP (two UTF-16 units, one character as the server counts).
    await dialog.getByLabel('督办要求').fill(`𠮷${'要'.repeat(1000)}`);
    await expect(dialog.locator('.ant-form-item').filter({ hasText: '督办要求' })).toContainText('1001 / 1000');
    await fillDate(dialog.getByLabel('反馈期限'), e2eDay(14));
    await dialog.getByRole('button', { name: '发出督办单' }).click();
    await expect(dialog.getByText('“督办要求”不能超过 1000 个字符（现有 1001 个）')).toBeVisible();
    await expect(page.getByText(/requirement/u)).toHaveCount(0);
    expect(await app.callApi<unknown[]>('notices.list', {})).toHaveLength(0);
  });

  test('the report form counts characters against the limit in every text field', async ({ app }) => {
    const { page } = app;
    const task = await assignedTask(app, '承接产业转移');
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.search('承接产业转移');
    const drawer = await breakdown.openTask(task.code);
    await drawer.tab('填报进展');
    const form = drawer.root.getByRole('form', { name: '填报进展' });
    for (const label of ['本期进展情况', '存在问题', '下步打算', '需协调事项']) {
      await expect(form.locator('.ant-form-item').filter({ hasText: label }).first()).toContainText('0 / 5000');
    }
    await form.getByLabel('存在问题').fill('资金缺口');
    await expect(form.locator('.ant-form-item').filter({ hasText: '存在问题' })).toContainText('4 / 5000');
  });
});

test.describe('dates that make no sense', () => {
  test('a round due in the past is stopped before it is opened', async ({ app }) => {
    const { page } = app;
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '调度' }).click();
    await page.getByRole('button', { name: '开启调度' }).click();
    const dialog = page.getByRole('dialog', { name: '开启调度' });
    await dialog.getByLabel('调度名称').fill('第三季度调度');
    await fillDate(dialog.getByLabel('报送截止日期'), e2eDay(-3));
    await dialog.getByRole('button', { name: '开启', exact: true }).click();
    await expect(dialog.getByText(`“报送截止日期”（${e2eDay(-3)}）已经过去`)).toBeVisible();
    expect(await app.callApi<unknown[]>('rounds.list', {})).toHaveLength(0);
  });

  test('a deadline already past in bulk assignment asks first; Enter in a task date does not save the task', async ({ app }) => {
    const { page } = app;
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.select(['3.1.1.1']);
    await breakdown.bulkAssign({ lead: '省能源局', deadline: e2eDay(-10), confirmPastDeadline: false });
    const confirm = page.getByRole('dialog', { name: '完成时限已经过去' });
    await expect(confirm).toContainText(`完成时限 ${e2eDay(-10)} 早于今天（${E2E_TODAY}）`);
    await confirm.getByRole('button', { name: '返回修改' }).click();
    await expect(breakdown.row('3.1.1.1')).toContainText('未分配');
    await page.getByRole('dialog', { name: /批量分配/ }).getByRole('button', { name: '取消' }).click();

    const drawer = await breakdown.openTask('3.1.1.1');
    await drawer.root.getByRole('button', { name: '编辑任务' }).click();
    await drawer.root.getByLabel('开始日期').click();
    await drawer.root.getByLabel('开始日期').fill(e2eDay(30));
    await drawer.root.getByLabel('开始日期').press('Enter');
    // Still editing: the date was taken, nothing was saved.
    await expect(drawer.root.getByRole('button', { name: '保存' })).toBeVisible();
    await fillDate(drawer.root.getByLabel('完成时限'), e2eDay(10));
    await drawer.root.getByRole('button', { name: '保存' }).click();
    await expect(drawer.root.getByText(`“完成时限”（${e2eDay(10)}）不能早于“开始日期”（${e2eDay(30)}）`)).toBeVisible();
  });
});

test.describe('typed work is not lost', () => {
  test('a report typed but not submitted survives a refresh as a draft, and leaving warns first', async ({ app }) => {
    const { page } = app;
    const task = await assignedTask(app, '承接产业转移');
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.search('承接产业转移');
    let drawer = await breakdown.openTask(task.code);
    await drawer.tab('填报进展');
    let form = drawer.root.getByRole('form', { name: '填报进展' });
    await form.getByLabel('本期进展情况').fill('已完成园区总体规划初稿，正在征求意见。');
    await form.getByLabel('存在问题').fill('用地指标不足');

    // Back (to the page before 任务分解) asks first; staying keeps the text.
    await page.evaluate('history.back()');
    const ask = page.getByRole('dialog', { name: '离开此页？' });
    await expect(ask).toContainText('本期进展还没有提交');
    await ask.getByRole('button', { name: '留下继续填写' }).click();
    await expect(form.getByLabel('本期进展情况')).toHaveValue('已完成园区总体规划初稿，正在征求意见。');

    // The browser asks before a refresh; after it, the draft is back.
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => (resolve(dialog.type()), void dialog.accept())));
    await page.reload();
    expect(await asked).toBe('beforeunload');
    await new TaskBreakdownPage(page).open();
    await new TaskBreakdownPage(page).search('承接产业转移');
    drawer = await new TaskBreakdownPage(page).openTask(task.code);
    await drawer.tab('填报进展');
    form = drawer.root.getByRole('form', { name: '填报进展' });
    await expect(form.getByText('已恢复上次未提交的草稿')).toBeVisible();
    await expect(form.getByLabel('本期进展情况')).toHaveValue('已完成园区总体规划初稿，正在征求意见。');
    await expect(form.getByLabel('存在问题')).toHaveValue('用地指标不足');
  });
});

test.describe('Chinese everywhere', () => {
  test('date pickers name months and weekdays in Chinese; the sidebar shows the whole identity and the officer', async ({ app }) => {
    const { page } = app;
    const identity = page.getByLabel('当前身份');
    await expect(identity).toHaveText(/^身份：.+办公室$/u);
    expect(await identity.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    await expect(page.getByLabel('经办人', { exact: true })).toHaveText('经办人：测试员');

    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '调度' }).click();
    await page.getByRole('button', { name: '开启调度' }).click();
    await page.getByRole('dialog', { name: '开启调度' }).getByLabel('报送截止日期').click();
    const panel = page.locator('.ant-picker-dropdown:visible');
    await expect(panel.locator('thead')).toHaveText('一二三四五六日');
    await expect(panel.locator('.ant-picker-header-view')).toContainText('月');
    await expect(panel).not.toContainText(/Dec|Mo|Su/u);
  });
});

test.describe('rounds', () => {
  test('a unit with no task to report in a round is shown as such, not as a green 已报', async ({ app }) => {
    const { page } = app;
    const task = await assignedTask(app, '承接产业转移');
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    const plan = (await app.callApi<{ id: number }[]>('plan.list', {}))[0]!.id;
    await app.callApi('rounds.open', {
      planId: plan,
      name: '第四季度调度',
      periodStart: e2eDay(-60),
      periodEnd: e2eDay(20),
      dueDate: e2eDay(25),
      unitIds: [task.unitId, units.find((u) => u.name === '太原市')!.id],
    });
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '调度' }).click();
    await page.getByText('第四季度调度').first().click();
    const taiyuan = page.getByLabel('各单位报送情况').locator('tr').filter({ hasText: '太原市' });
    await expect(taiyuan).toContainText('无应报任务');
    await expect(taiyuan).not.toContainText('已报');
  });
});
