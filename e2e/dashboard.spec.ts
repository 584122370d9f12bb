import { expect, test } from './support/fixtures';
import { DashboardPage, IndicatorsPage, screenshotWhole } from './pages/analysis-pages';
import { TaskBreakdownPage } from './pages/task-pages';
import { markProblemMajor, prepareCycle } from './support/cycle-data';
import { chooseOption } from './pages/antd';

test('跟踪分析: charts a leader can read, each opening the list behind it', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = app;
  const cycle = await prepareCycle(app);
  await app.callApi('notices.issue', {
    taskIds: [cycle.taskId('6.3.1.1')],
    unitId: cycle.unitId('大同市'),
    level: '红',
    reason: '本季度调度未报送进展',
    requirement: '3日内报送',
    replyDue: cycle.due,
  });
  await markProblemMajor(app, cycle);
  const indicators = await app.callApi<{ id: number; name: string }[]>('indicators.list', { planId: cycle.planId });
  const travel = indicators.find((i) => i.name === '太原到国内主要城市通达时间')!;
  await app.callApi('indicators.update', {
    id: travel.id,
    name: travel.name,
    unit: '小时',
    baselineYear: 2020,
    baselineValue: 5,
    targetYear: 2025,
    targetValue: 3,
    targetText: '3小时以内',
    direction: 'lower',
    responsibleUnitId: cycle.unitId('省交通运输厅'),
    note: '',
  });
  await app.callApi('indicators.recordValue', { indicatorId: travel.id, year: 2025, value: 3.5, note: '' });
  await app.callApi('projects.save', {
    planId: cycle.planId,
    name: '太原至北京高铁扩能',
    stage: '在建',
    plannedInvestment: 320,
    completedInvestment: 120.5,
    startDate: '2023-03-01',
    finishDate: `${cycle.year + 1}-12-31`,
    leadUnitId: cycle.unitId('省交通运输厅'),
    taskIds: [cycle.taskId('6.3.1.1')],
  });
  const summary = await app.callApi<{ byLight: Record<string, number>; total: number }>('tasks.list', { planId: cycle.planId, limit: 1 });
  await page.reload();

  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await expect(dashboard.figure('任务总数')).toContainText('270');
  await expect(dashboard.figure('已完成')).toContainText('1');
  await expect(dashboard.figure('红灯任务')).toContainText(String(summary.byLight.red));
  await expect(dashboard.figure('在办督办')).toContainText('1');
  await expect(dashboard.figure('重大问题')).toContainText('1');
  await expect(dashboard.roundUnitRow('大同市')).toContainText('未报');
  await expect(dashboard.roundUnitRow('省商务厅')).toContainText('已报');
  for (const chart of ['预警分布', '完成状态', '按章完成情况', '按区域完成情况', '按单位统计', '调度报送趋势', '主要指标完成情况', '督办与重大问题', '重大项目阶段分布']) {
    await expect(dashboard.chart(chart).locator('svg'), chart).toBeVisible();
  }
  await expect(dashboard.chart('按单位统计').locator('svg text').filter({ hasText: '大同市' })).toHaveCount(1);
  await expect(dashboard.chart('主要指标完成情况').locator('svg text').filter({ hasText: '75%' })).toHaveCount(1);
  await screenshotWhole(page, testInfo.outputPath('dashboard.png'));

  // The red slice opens 任务分解 filtered to red.
  await dashboard.clickInChart('预警分布', `红灯 ${summary.byLight.red}`);
  await expect(page).toHaveURL(/#\/plan\/tasks\?light=red$/u);
  const breakdown = new TaskBreakdownPage(page);
  await expect(breakdown.summary).toContainText(`共 ${summary.byLight.red} 项`);
  await expect(page.locator('.ant-select').filter({ has: page.getByLabel('按预警筛选') })).toContainText('红灯');

  // A region's label opens its tasks.
  await dashboard.open();
  await dashboard.clickInChart('按区域完成情况', '长三角');
  await expect(page).toHaveURL(/region=%E9%95%BF%E4%B8%89%E8%A7%92|region=长三角/u);
  await expect(breakdown.summary).toContainText('共 42 项');

  // A status bar opens the tasks in that status.
  await dashboard.open();
  await dashboard.clickInChart('完成状态', '已完成');
  await expect(breakdown.summary).toContainText('共 1 项');

  // A unit opens 我的任务 for that unit, for the office.
  await dashboard.open();
  await dashboard.clickInChart('按单位统计', '省商务厅');
  await expect(page.getByRole('heading', { name: '我的任务：省商务厅' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '牵头任务（2）' })).toBeVisible();

  // 督办 and 重大问题 open the 督办 page on the right tab.
  await dashboard.open();
  await dashboard.figure('在办督办').click();
  await expect(page).toHaveURL(/#\/supervision\?tab=notices$/u);
  await expect(page.getByRole('tab', { name: '督办事项', selected: true })).toBeVisible();
  await dashboard.open();
  await dashboard.figure('重大问题').click();
  await expect(page.getByRole('tab', { name: '重大问题清单', selected: true })).toBeVisible();
  await expect(page.getByRole('table', { name: '重大问题清单' })).toContainText('项目用地指标不足');

  // Projects by stage open the project list at that stage; indicators show their yearly value.
  await dashboard.open();
  await dashboard.clickInChart('重大项目阶段分布', '在建');
  await expect(page.getByRole('tab', { name: '重大项目', selected: true })).toBeVisible();
  const catalogue = new IndicatorsPage(page);
  await expect(catalogue.projects).toContainText('太原至北京高铁扩能');
  await catalogue.open('主要指标');
  await expect(catalogue.indicatorRow('太原到国内主要城市通达时间')).toContainText('省交通运输厅');
  await expect(catalogue.indicatorRow('太原到国内主要城市通达时间')).toContainText('75%');
});

test('the dashboard is loaded on demand, not with the first screen', async ({ app }) => {
  const { page } = app;
  const scripts = () => app.requests.filter((url) => /\/assets\/.*\.js$/u.test(url));
  expect(scripts().some((url) => url.includes('DashboardPage'))).toBe(false);
  await new DashboardPage(page).open();
  expect(scripts().some((url) => url.includes('DashboardPage'))).toBe(true);
});

test('指标与项目: the office completes an indicator, records a yearly value and registers a project', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  const catalogue = new IndicatorsPage(page);
  await catalogue.open('主要指标');
  const row = catalogue.indicatorRow('产业合作协议签约额');
  await expect(row).toContainText('目标值未设定');

  await row.getByRole('button', { name: '编辑' }).click();
  const dialog = page.getByRole('dialog', { name: /编辑指标/ });
  await dialog.getByLabel('计量单位').fill('亿元');
  await dialog.getByLabel('基期值').fill('1000');
  await dialog.getByLabel('目标值', { exact: true }).fill('900');
  await chooseOption(page, dialog.locator('.ant-form-item').filter({ hasText: '责任单位' }).locator('.ant-select'), '省商务厅');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.ant-message').getByText('目标值（900）应大于基期值（1000）')).toBeVisible();
  await dialog.getByLabel('目标值', { exact: true }).fill('1300');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('省商务厅');
  await expect(row).toContainText('2025年：1300');

  await row.getByRole('button', { name: '录入实际值' }).click();
  const values = page.getByRole('dialog', { name: /录入实际值/ });
  await values.getByLabel('实际值', { exact: true }).fill('1240');
  await values.getByRole('button', { name: '保存' }).click();
  await expect(values).toBeHidden();
  await expect(row.getByLabel('产业合作协议签约额2025年实际值')).toHaveText('1240');
  await expect(row).toContainText('80%');
  await expect(row.getByLabel(/^预警：/)).toHaveAttribute('data-light', 'yellow');

  await catalogue.open('重大项目');
  await page.getByRole('button', { name: '登记项目' }).click();
  const project = page.getByRole('dialog', { name: '登记重大项目' });
  await project.getByLabel('项目名称').fill('晋电外送通道');
  await chooseOption(page, project.locator('.ant-form-item').filter({ hasText: '项目阶段' }).locator('.ant-select'), '在建');
  await project.getByLabel('计划总投资（亿元）').fill('10');
  await project.getByLabel('已完成投资（亿元）').fill('12');
  await project.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.ant-message').getByText('超过计划总投资 10 亿元，请核实')).toBeVisible();
  const projectRow = catalogue.projects.locator('tr.ant-table-row').filter({ hasText: '晋电外送通道' });
  await expect(projectRow).toContainText('需核实');

  await projectRow.getByRole('button', { name: '填报进展' }).click();
  const report = page.getByRole('dialog', { name: /填报项目进展/ });
  await report.getByLabel(/累计完成投资/).fill('8');
  await report.getByLabel('本期进展').fill('主体工程完成 80%。');
  await report.getByRole('button', { name: '提交' }).click();
  await expect(report).toBeHidden();
  await expect(projectRow).not.toContainText('需核实');
  await expect(projectRow).toContainText('8');
});
