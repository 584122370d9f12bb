import { E2E_TODAY, OFFICE_PROFILE, e2eDay, expect, test, type RunningApp } from './support/fixtures';
import { RoundsPage, SupervisionPage } from './pages/supervision-pages';

const UNITS = { 省商务厅: ['4.1.1.1', '4.1.1.2'], 省能源局: ['3.1.1.1'], 大同市: ['6.3.1.1'] } as const;

async function prepare(app: RunningApp) {
  const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
  const unitId = (name: string) => units.find((u) => u.name === name)!.id;
  const tasks = (await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', {})).rows;
  const taskId = (code: string) => tasks.find((t) => t.code === code)!.id;
  for (const [unit, codes] of Object.entries(UNITS)) {
    await app.callApi('tasks.assign', { taskIds: codes.map(taskId), leadUnitId: unitId(unit), deadline: '2027-12-31' });
  }
  return { unitId, taskId };
}

async function actAs(app: RunningApp, unitId: number | null, action: () => Promise<unknown>) {
  await app.actAs(unitId === null ? OFFICE_PROFILE : { role: 'unit', unitId, person: '经办人' });
  await action();
}

test('one cycle: a round with one unit silent, a 督办 notice sent back once and closed, a major problem', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  const { unitId, taskId } = await prepare(app);
  const rounds = new RoundsPage(page);
  await rounds.open();
  const due = e2eDay(7);
  await rounds.openRound({ name: '本季度调度', from: e2eDay(-30), to: E2E_TODAY, due, units: Object.keys(UNITS) });
  await expect(page.getByText('调度已开启，共需报送 4 项任务')).toBeVisible();

  // Two units report; 大同市 does not. The commerce report raises a problem.
  const report = (id: number, extra = {}) => ({ taskId: id, status: '序时推进', percent: 70, progress: '按计划推进。', problems: '', nextSteps: '', coordination: '', attachments: [], ...extra });
  await actAs(app, unitId('省商务厅'), async () => {
    await app.callApi('progress.submit', report(taskId('4.1.1.1'), { problems: '项目用地指标不足。' }));
    await app.callApi('progress.submit', report(taskId('4.1.1.2')));
  });
  await actAs(app, unitId('省能源局'), () => app.callApi('progress.submit', report(taskId('3.1.1.1'))));
  await actAs(app, null, async () => undefined);
  await page.reload();
  await rounds.open();
  await expect(rounds.unitRow('省商务厅')).toContainText('已报');
  await expect(rounds.unitRow('省能源局')).toContainText('已报');
  await expect(rounds.unitRow('大同市')).toContainText('未报');

  // 督办 to 大同市: 交办 → 签收 → 反馈 → 退回 → 反馈 → 办结.
  const supervision = new SupervisionPage(page);
  await supervision.open();
  await supervision.issue({ task: '6.3.1.1 建设以高铁线路、城际快轨和高速公路为骨干的多层次城际快速交通运输体系，促进形成“半小时”经济圈。', reason: '本季度调度未报送进展', requirement: '3日内报送进展并说明原因', due });
  const year = Number(E2E_TODAY.slice(0, 4));
  const number = `督办〔${year}〕1号`;
  await expect(page.getByRole('table', { name: '督办事项' })).toContainText(number);
  await expect(page.getByRole('table', { name: '督办事项' })).toContainText('大同市');

  const step = async (as: number | null, act: (drawer: ReturnType<SupervisionPage['drawer']>) => Promise<void>, state: string) => {
    await actAs(app, as, async () => undefined);
    await page.reload();
    await supervision.open();
    const drawer = await supervision.openNotice(number);
    await act(drawer);
    await expect(drawer.getByLabel('督办状态')).toHaveText(state);
    await page.keyboard.press('Escape');
  };
  const datong = unitId('大同市');
  await step(datong, (d) => d.getByRole('button', { name: '签收' }).click(), '已签收');
  await step(datong, async (d) => (await d.getByLabel('反馈内容').fill('已补报。'), await d.getByRole('button', { name: '提交反馈' }).click()), '已反馈待审核');
  await step(null, async (d) => (await d.getByLabel('审核意见').fill('反馈过于笼统，请补充具体进度。'), await d.getByRole('button', { name: '退回重新反馈' }).click()), '已退回待重新反馈');
  await step(datong, async (d) => (await d.getByLabel('反馈内容').fill('已完成招标，月底开工，进度 40%。'), await d.getByRole('button', { name: '提交反馈' }).click()), '已反馈待审核');
  await step(null, (d) => d.getByRole('button', { name: '审核通过，办结' }).click(), '已办结');
  const drawer = await supervision.openNotice(number);
  await expect(drawer.getByLabel('办理过程')).toContainText('退回');
  await expect(drawer.getByLabel('办理过程').locator('.ant-timeline-item')).toHaveCount(6);
  await page.keyboard.press('Escape');

  // The problem raised in the report becomes major and is on the list for 省委、省政府.
  await supervision.open('问题台账');
  await page.getByRole('table', { name: '问题台账' }).locator('tr').filter({ hasText: '项目用地指标不足' }).getByRole('button', { name: '列为重大问题' }).click();
  await page.getByLabel('重大问题说明').fill('提请省政府协调用地指标');
  await page.getByRole('dialog', { name: '列入重大问题清单' }).getByRole('button', { name: '列入' }).click();
  await supervision.open('重大问题清单');
  await expect(page.getByRole('table', { name: '重大问题清单' })).toContainText('项目用地指标不足');
  await expect(page.getByRole('table', { name: '重大问题清单' })).toContainText('省商务厅');

  // Closing the round freezes it.
  await rounds.open();
  await page.getByRole('button', { name: '结束调度' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '结束调度' }).click();
  await expect(page.getByText('已结束（结果已冻结）')).toBeVisible();
  await expect(rounds.unitRow('大同市')).toContainText('逾期');
});
