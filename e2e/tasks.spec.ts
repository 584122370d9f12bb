import { expect, test } from './support/fixtures';
import { MyTasksPage, SettingsPage, TaskBreakdownPage } from './pages/task-pages';

const BATCH = ['4.1.1.1', '4.1.1.2', '4.1.2.1'];

test.describe('任务分解 → 我的任务 → 填报', () => {
  test('the office assigns a batch to 省商务厅; the unit sees exactly those, ticks a milestone and reports with evidence', async ({ app }) => {
    test.setTimeout(120_000);
    const { page } = app;
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await expect(breakdown.summary).toContainText('共 270 项');
    await breakdown.filterRegion('长三角');
    await expect(breakdown.summary).toContainText('共 42 项');
    await breakdown.select(BATCH);
    await breakdown.bulkAssign({
      lead: '省商务厅',
      deadline: '2027-12-31',
      milestones: [{ year: 2026, title: '完成与长三角产业对接方案', dueDate: '2026-12-31' }],
    });
    await expect(page.getByText('已分配 3 项任务')).toBeVisible();
    for (const code of BATCH) await expect(breakdown.row(code)).toContainText('省商务厅');

    const settings = new SettingsPage(page);
    await settings.open();
    await settings.becomeUnit('省商务厅');

    const mine = new MyTasksPage(page);
    await mine.open();
    await expect(mine.tab(/牵头任务（3）/)).toBeVisible();
    await expect.poll(() => mine.codes()).toEqual(BATCH);

    const drawer = await mine.openTask('4.1.1.1');
    // Assigned today with a year to go: on schedule from its first day, not red.
    await expect(drawer.light).toHaveAttribute('data-light', 'green');
    await drawer.tab(/阶段目标/);
    const milestone = drawer.root.getByRole('checkbox', { name: /完成与长三角产业对接方案/ });
    // The box turns checked once the tick is saved and the task reloaded, not on the click itself.
    await milestone.click();
    await expect(milestone).toBeChecked();
    await expect(drawer.root.getByText(/省商务厅（测试员）? ?于 .* 勾选完成|省商务厅.*勾选完成/)).toBeVisible();

    await drawer.fillReport({
      status: '超序时进度',
      percent: '95',
      progress: '已与上海、江苏对接装备制造项目 12 个，签约 5 个。',
      files: [{ name: '签约协议.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 佐证材料') }],
    });
    await expect(page.getByText('进展已提交，已记入进展记录')).toBeVisible();
    await expect(drawer.light).toHaveAttribute('data-light', 'green');
    await drawer.tab(/进展记录（1）/);
    const history = drawer.root.getByLabel('进展记录', { exact: true });
    await expect(history).toContainText('省商务厅');
    await expect(history).toContainText('完成 95%');
    await expect(history.getByRole('button', { name: /签约协议\.pdf/ })).toBeVisible();
    await drawer.tab('任务信息');
    await expect(drawer.root).toContainText('填报进展：超序时进度，完成 95%，附佐证材料 1 个');
    await expect(drawer.root).toContainText('完成阶段目标：2026年 完成与长三角产业对接方案');
  });

  test('the list comes a page at a time, sorted over the whole plan, and a selection spans pages', async ({ app }) => {
    test.setTimeout(120_000);
    const { page } = app;
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await expect(breakdown.summary).toContainText('共 270 项');
    const planOrder = (await app.callApi<{ rows: { code: string }[] }>('tasks.list', {})).rows.map((r) => r.code);
    await expect.poll(() => breakdown.codes()).toEqual(planOrder.slice(0, 50));
    await expect(breakdown.table).toContainText('第 1–50 项，共 270 项');

    await breakdown.goToPage(2);
    await expect.poll(() => breakdown.codes()).toEqual(planOrder.slice(50, 100));
    // One task from page 2 and, after going back, one from page 1: both stay selected.
    await breakdown.select([planOrder[60]!]);
    await breakdown.goToPage(1);
    await breakdown.select([planOrder[0]!]);
    await expect(page.getByText('已选 2 项')).toBeVisible();
    await breakdown.bulkAssign({ lead: '省商务厅', deadline: '2026-03-31' });
    await expect(page.getByText('已分配 2 项任务')).toBeVisible();

    // Sorting by 完成时限 happens over all 270 tasks: the two now due 2026-03-31 (the rest by the plan's end,
    // 2025-12-31) come last going up and first going down, ties in the plan's order.
    const assigned = [planOrder[0]!, planOrder[60]!];
    await breakdown.sortBy('完成时限');
    await expect.poll(() => breakdown.codes()).toEqual(planOrder.filter((code) => !assigned.includes(code)).slice(0, 50));
    await breakdown.sortBy('完成时限');
    await expect.poll(async () => (await breakdown.codes()).slice(0, 3)).toEqual([...assigned, planOrder[1]]);
  });

  test('bad reports get a clear Chinese error and change nothing', async ({ app }) => {
    test.setTimeout(120_000);
    const { page } = app;
    const unitId = (await app.callApi<{ id: number; name: string }[]>('units.list', {})).find((u) => u.name === '省商务厅')!.id;
    const list = await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', { search: '承接产业转移' });
    const task = list.rows[0]!;
    await app.callApi('tasks.assign', { taskIds: [task.id], leadUnitId: unitId, deadline: '2027-12-31' });

    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.search('承接产业转移');
    const drawer = await breakdown.openTask(task.code);
    const attempts: [Parameters<typeof drawer.fillReport>[0], RegExp][] = [
      [{ percent: '150', progress: '进展' }, /完成进度应为 0 到 100 之间的整数/],
      [{ status: '已完成', percent: '100', progress: '' }, /必须在“本期进展情况”中写明完成了什么/],
      [{ status: '序时推进', percent: '50', progress: '进展', files: [{ name: 'CON.txt', mimeType: 'text/plain', buffer: Buffer.from('x') }] }, /附件名“CON.txt”不可用/],
      [{ percent: '50', progress: '进展', files: [{ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024) }] }, /超过单个附件 10 MB 的上限/],
    ];
    for (const [report, message] of attempts) {
      await drawer.fillReport(report);
      await expect(page.locator('.ant-message').getByText(message)).toBeVisible();
      if (report.files) await drawer.root.locator('.ant-upload-list-item').getByRole('button').last().click();
    }
    await drawer.tab(/进展记录/);
    await expect(drawer.root.getByRole('tab', { name: '进展记录（0）' })).toBeVisible();
    const detail = await app.callApi<{ reports: unknown[]; percent: number }>('tasks.get', { id: task.id });
    expect(detail).toMatchObject({ reports: [], percent: 0 });
  });

  test('a deadline before the plan starts is refused in bulk assignment', async ({ app }) => {
    const breakdown = new TaskBreakdownPage(app.page);
    await breakdown.open();
    await breakdown.select(['3.1.1.1']);
    const dialog = await breakdown.bulkAssign({ lead: '省能源局', deadline: '2020-06-30' });
    await expect(app.page.locator('.ant-message').getByText(/早于规划开始时间（2021-01-01）/)).toBeVisible();
    await expect(dialog).toBeVisible();
    await expect(breakdown.row('3.1.1.1')).toContainText('未分配');
  });

  test('search finds 高铁 (two characters) and 清洁能源, highlighted', async ({ app }) => {
    const breakdown = new TaskBreakdownPage(app.page);
    await breakdown.open();
    await breakdown.search('高铁');
    await expect(breakdown.summary).toContainText('共 3 项');
    await expect.poll(() => breakdown.codes()).toEqual(['3.2.2.2', '6.1.1.1', '6.3.1.1']);
    await expect(breakdown.table.locator('mark.search-hit', { hasText: '高铁' }).first()).toBeVisible();
    await breakdown.search('清洁能源');
    await expect.poll(() => breakdown.codes()).toEqual(expect.arrayContaining(['3.1.1.1', '3.1.1.4', '3.1.1.5']));
  });
});

test.describe('first run', () => {
  test.use({ identity: null });
  test('asks who is using the app before anything is recorded', async ({ app }) => {
    const dialog = app.page.getByRole('dialog', { name: /请选择使用身份/ });
    await expect(dialog).toBeVisible();
    // Clicked while the dialog was still zooming open, the button once took no click (CI): as a person would, wait
    // until it stands still.
    await expect(dialog).not.toHaveClass(/ant-zoom-appear/);
    await dialog.getByRole('button', { name: '保存使用身份' }).click();
    await expect(dialog).toBeHidden();
    await expect(app.page.getByLabel('当前身份')).toContainText('领导小组办公室');
  });
});
