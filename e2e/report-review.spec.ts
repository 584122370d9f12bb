import { expect, test } from '@playwright/test';
import { MyTasksPage } from './pages/task-pages';
import { callAs, logInFirstTime, removeSharedData, startSharedServer, type SharedServer } from './support/shared-server';

/**
 * 单位审核人 on the shared server, in the browser: 大同市 has a filler and a reviewer. The filler submits a report in
 * its task drawer; the office does not see it as 已报 yet; the reviewer approves it from 待办 in another browser; now
 * the office sees 大同市 已报.
 */

const NEW_PASSWORD = 'Xk7#mq9-Lp2v';
let server: SharedServer;

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'the shared server runs in browser mode');
  server = await startSharedServer();
});
test.afterAll(async () => {
  await server?.stop();
  if (server) removeSharedData(server);
});

interface RoundUnit {
  unitName: string;
  reported: number;
  status: string;
}

test('a filler’s report reaches the office only once the unit’s reviewer has approved it', async ({ browser }) => {
  // Four log-ins with scrypt and a forced password change each, on a shared 2-core machine.
  test.slow();
  const [adminContext, officeContext, fillerContext, reviewerContext] = await Promise.all([0, 1, 2, 3].map(() => browser.newContext()));
  await logInFirstTime(await adminContext!.newPage(), server, 'admin', server.adminPassword, NEW_PASSWORD);
  const units = await callAs<{ id: number; name: string }[]>(adminContext!, server, 'units.list', {});
  const datong = units.find((unit) => unit.name === '大同市')!.id;
  const make = async (login: string, name: string, role: string, unitId: number | null) =>
    (await callAs<{ initialPassword: string }>(adminContext!, server, 'accounts.create', { login, name, role, unitId })).initialPassword;
  const passwords = { office: await make('wangwu', '王五', 'office', null), filler: await make('zhaoliu', '赵六', 'unit', datong), reviewer: await make('qianqi', '钱七', 'reviewer', datong) };

  // The office assigns a task to 大同市 and opens a round.
  await logInFirstTime(await officeContext!.newPage(), server, 'wangwu', passwords.office, NEW_PASSWORD);
  const task = (await callAs<{ rows: { id: number; code: string }[] }>(officeContext!, server, 'tasks.list', { limit: 1 })).rows[0]!;
  await callAs(officeContext!, server, 'tasks.assign', { taskIds: [task.id], leadUnitId: datong });
  const round = await callAs<{ id: number }>(officeContext!, server, 'rounds.open', {
    planId: 1,
    name: '2026年第四季度调度',
    periodStart: '2026-10-01',
    periodEnd: '2026-12-31',
    dueDate: '2026-12-20',
    unitIds: [datong],
  });
  const datongInRound = async () => (await callAs<{ units: RoundUnit[] }>(officeContext!, server, 'rounds.get', { id: round.id })).units.find((row) => row.unitName === '大同市')!;

  // The filler reports in the task drawer: told it waits for the reviewer; the office still sees 未报.
  const fillerPage = await fillerContext!.newPage();
  await logInFirstTime(fillerPage, server, 'zhaoliu', passwords.filler, NEW_PASSWORD);
  const myTasks = new MyTasksPage(fillerPage);
  await myTasks.open();
  const drawer = await myTasks.openTask(task.code);
  await drawer.fillReport({ status: '序时推进', percent: '40', progress: '项目完成前期手续。' });
  await expect(fillerPage.getByText('已提交，等待本单位审核人审核')).toBeVisible();
  expect(await datongInRound()).toMatchObject({ reported: 0, status: '未报' });

  // The reviewer, in another browser, finds it in 待办 and approves it.
  const reviewerPage = await reviewerContext!.newPage();
  await logInFirstTime(reviewerPage, server, 'qianqi', passwords.reviewer, NEW_PASSWORD);
  await reviewerPage.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '待办' }).click();
  // The menu's 待办 badge counts the report waiting for the reviewer, as 待办 lists it.
  const todoItems = reviewerPage.getByLabel('待办事项').locator('.ant-list-item');
  const todoBadge = reviewerPage.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '待办' }).locator('[title$="项待办"]');
  const badgeCount = async () => ((await todoBadge.count()) === 0 ? 0 : Number((await todoBadge.getAttribute('title'))!.split(' ')[0]));
  await expect(todoItems.filter({ hasText: `任务 ${task.code} 的填报待审核` })).toHaveCount(1);
  const listed = await todoItems.count();
  await expect.poll(badgeCount).toBe(listed);
  // One entry per report (antd's List keeps the name on its outer element; its items carry the review's id).
  const item = reviewerPage.getByLabel('本单位填报审核').locator('[data-review-id]').filter({ hasText: task.code });
  await expect(item).toContainText('待审核');
  await expect(item).toContainText('项目完成前期手续。');
  await item.getByRole('button', { name: '审核通过' }).click();
  await expect(reviewerPage.getByText(`任务 ${task.code} 的填报已审核通过，已报送办公室`)).toBeVisible();
  await expect(item).toContainText('审核通过');
  await expect(todoItems.filter({ hasText: '填报待审核' })).toHaveCount(0);
  await expect.poll(badgeCount).toBe(await todoItems.count());
  expect(await todoItems.count()).toBeLessThan(listed);

  // Now the office sees 大同市 已报, and the report names the filler and the reviewer.
  expect(await datongInRound()).toMatchObject({ reported: 1, status: '已报' });
  const detail = await callAs<{ history: { reporter: string }[] }>(officeContext!, server, 'tasks.get', { id: task.id });
  expect(JSON.stringify(detail)).toContain('大同市（赵六，审核：钱七）');

  // The filler sees the outcome in its own 待办.
  await drawer.close();
  await fillerPage.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '待办' }).click();
  await expect(fillerPage.getByLabel('本单位填报审核')).toContainText('钱七');
});
