import { expect, test } from './support/fixtures';
import { AssessmentPage, DashboardPage, screenshotWhole } from './pages/analysis-pages';
import { RoundsPage, SupervisionPage } from './pages/supervision-pages';
import { markProblemMajor, prepareCycle, ROUND_NAME, superviseDatong } from './support/cycle-data';

test('one full cycle ends in a ranked 考核 whose explanation accounts for every point', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = app;
  const cycle = await prepareCycle(app);
  await page.reload();

  // The round and the dashboard both show 大同市 as 未报.
  const rounds = new RoundsPage(page);
  await rounds.open();
  await expect(rounds.unitRow('省商务厅')).toContainText('已报');
  await expect(rounds.unitRow('大同市')).toContainText('未报');
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await expect(dashboard.roundUnitRow('大同市')).toContainText('未报');
  await expect(dashboard.roundUnitRow('省能源局')).toContainText('已报');

  // 督办 sent back once and closed; the reported problem goes on the 重大问题清单; the round ends.
  const number = await superviseDatong(app, cycle);
  await markProblemMajor(app, cycle);
  await app.callApi('rounds.close', { id: cycle.roundId });
  const supervision = new SupervisionPage(page);
  await supervision.open('重大问题清单');
  await expect(page.getByRole('table', { name: '重大问题清单' })).toContainText('项目用地指标不足');

  const assessment = new AssessmentPage(page);
  await assessment.open();
  await expect(page.getByLabel('考核年度').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')).toContainText(`${cycle.year} 年度`);
  await expect.poll(() => assessment.rows()).toEqual([
    ['1', '省商务厅', '40', '20', '20', '20', '100'],
    ['1', '省能源局', '40', '20', '20', '20', '100'],
    ['3', '大同市', '0', '10', '17', '20', '47'],
  ]);

  // Every unit's lines add up to its total; 大同市's name the task, the round and the notice that cost it points.
  for (const unit of ['省商务厅', '省能源局', '大同市']) {
    await assessment.expand(unit);
    const points = await assessment.linePoints(unit);
    expect(Math.round(points.reduce((a, b) => a + b, 0) * 100) / 100, unit).toBe(await assessment.total(unit));
  }
  const datong = assessment.explanation('大同市');
  await expect(datong.locator('tr').filter({ hasText: '6.3.1.1 红灯' })).toContainText('-40');
  await expect(datong.locator('tr').filter({ hasText: ROUND_NAME }).filter({ hasText: '未报送' })).toContainText('-10');
  await expect(datong.locator('tr').filter({ hasText: number }).filter({ hasText: '退回' })).toContainText('-3');
  await screenshotWhole(page, testInfo.outputPath('assessment.png'));

  // The office lightens the deduction for a missed round; the ranking follows.
  await page.getByRole('button', { name: '修改考核办法', exact: true }).click();
  const scheme = page.getByRole('form', { name: '考核办法' });
  await scheme.getByLabel('每次调度未报扣').fill('5');
  await scheme.getByLabel('任务完成权重').fill('50');
  await scheme.getByRole('button', { name: '保存考核办法' }).click();
  await expect(page.locator('.ant-message').getByText('四项权重之和应为 100 分，当前为 110 分')).toBeVisible();
  await scheme.getByLabel('任务完成权重').fill('40');
  await scheme.getByRole('button', { name: '保存考核办法' }).click();
  await expect(page.getByText('考核办法已保存')).toBeVisible();
  await expect(assessment.row('大同市')).toContainText('52');

  // Frozen: later data no longer changes the year's result.
  await assessment.freeze();
  await expect(page.getByLabel('已冻结')).toBeVisible();
  await app.callApi('progress.submit', cycle.report('6.3.1.1', { status: '已完成', percent: 100, progress: '已补报并完成。' }));
  await app.callApi('assessment.setScheme', {
    taskCompletion: { weight: 40, scope: 'all' },
    reporting: { weight: 20, perMissedRound: 20, perLateReport: 2 },
    supervision: { weight: 20, perOverdueNotice: 5, perSendBack: 3 },
    indicators: { weight: 20, basis: 'path' },
  });
  await page.reload();
  await assessment.open();
  await expect(page.getByLabel('已冻结')).toBeVisible();
  await expect.poll(() => assessment.rows()).toEqual([
    ['1', '省商务厅', '40', '20', '20', '20', '100'],
    ['1', '省能源局', '40', '20', '20', '20', '100'],
    ['3', '大同市', '0', '15', '17', '20', '52'],
  ]);
  await expect(page.getByRole('button', { name: '冻结本年度结果' })).toHaveCount(0);
});

test('a unit sees the ranking but cannot change the scheme or freeze', async ({ app }) => {
  const { page } = app;
  const cycle = await prepareCycle(app);
  await app.actAs({ role: 'unit', unitId: cycle.unitId('大同市'), person: '经办人' });
  await page.reload();
  const assessment = new AssessmentPage(page);
  await assessment.open();
  await expect(assessment.row('大同市')).toBeVisible();
  await expect(page.getByRole('button', { name: '冻结本年度结果' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '修改考核办法', exact: true })).toHaveCount(0);
  // The door refuses too, not only the screen.
  await expect(app.callApi('assessment.freeze', { planId: cycle.planId, year: cycle.year })).rejects.toThrow('只有领导小组办公室可以冻结考核结果');
});
