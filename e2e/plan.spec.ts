import { expect, test } from './support/fixtures';
import { PlanPage } from './pages/plan-page';

test.describe('规划任务: the plan tree', () => {
  test('opens on 待办 with all areas in the navigation; 规划任务 shows the seven chapters', async ({ app }) => {
    const { page } = app;
    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const area of ['待办', '规划任务', '我的任务', '调度', '督办', '考核', '报表', '设置']) {
      await expect(nav.getByRole('menuitem', { name: area })).toBeVisible();
    }
    // Everyone opens the app to what is theirs to do.
    await expect(page.getByRole('heading', { name: /^待办/u })).toBeVisible();
    await expect(nav.getByRole('menuitem', { name: '待办' })).toHaveClass(/ant-menu-item-selected/u);
    const plan = new PlanPage(page);
    await plan.open();
    await expect(page.getByRole('heading', { name: /山西省“十四五”京津冀、长三角、大湾区等区域融合发展实现高水平崛起规划/ })).toBeVisible();
    for (const chapter of ['第一章 规划背景', '第二章 总体要求', '第三章 深度融入京津冀，实现联动发展', '第七章 保障措施']) {
      await expect(plan.treeItem(chapter)).toBeVisible();
    }
    await expect(plan.tree.getByRole('treeitem').filter({ hasText: /^第[一二三四五六七]章/ })).toHaveCount(7);
  });

  test('walks to 3.1.1 and shows its full text and its tasks', async ({ app }) => {
    const plan = new PlanPage(app.page);
    await plan.open();
    await plan.expand('第三章 深度融入京津冀，实现联动发展');
    await plan.expand('第一节 打造京津冀重要保障基地');
    await plan.select('3.1.1 建设京津冀清洁能源供应基地');
    await expect(plan.detailTitle).toHaveText('3.1.1 建设京津冀清洁能源供应基地');
    await expect(plan.fullText).toContainText('向国家争取规划建设山西—京津唐');
    await expect(app.page.getByRole('navigation', { name: '所在位置' })).toContainText('第一节 打造京津冀重要保障基地');
    const tasks = plan.taskList.getByRole('listitem');
    await expect(tasks).toHaveCount(5);
    await expect(tasks.first()).toContainText('3.1.1.1');
    await expect(tasks.last()).toContainText('3.1.1.5');
  });

  test('opens 7.3.1 落实主体责任 in the supervision chapter', async ({ app }) => {
    const plan = new PlanPage(app.page);
    await plan.open();
    await plan.expand('第七章 保障措施');
    await plan.expand('第三节 强化监督考核');
    await plan.select('7.3.1 落实主体责任');
    await expect(plan.detailTitle).toHaveText('7.3.1 落实主体责任');
    await expect(plan.fullText).toContainText('制定本规划的具体实施方案');
  });

  test('filters the tree down to what matches', async ({ app }) => {
    const plan = new PlanPage(app.page);
    await plan.open();
    await plan.filter.fill('京津冀清洁能源');
    await expect(plan.treeItem('3.1.1 建设京津冀清洁能源供应基地')).toBeVisible();
    await expect(plan.treeItem('第四章 强化协作长三角，实现共赢发展')).toHaveCount(0);
    await plan.filter.fill('没有这样的内容');
    await expect(app.page.getByText('没有与“没有这样的内容”匹配的内容')).toBeVisible();
  });

  test('shows the preface and the starting indicator table', async ({ app }) => {
    const plan = new PlanPage(app.page);
    await plan.open();
    await plan.select('前言与主要指标');
    await expect(plan.fullText).toContainText('党的十八大以来');
    const table = app.page.getByRole('table');
    await expect(table).toContainText('太原到国内主要城市通达时间');
    await expect(table).toContainText('较2020年增长30%以上');
  });

  test('settings show the data folder and the default units', async ({ app }) => {
    await app.page.getByRole('menuitem', { name: '设置' }).click();
    await expect(app.page.getByText(app.dataDir)).toBeVisible();
    await expect(app.page.getByRole('cell', { name: '省发展改革委', exact: true })).toBeVisible();
    await expect(app.page.getByRole('cell', { name: '运城市', exact: true })).toBeVisible();
  });

  test('makes no request outside the app', async ({ app }) => {
    const plan = new PlanPage(app.page);
    await plan.open();
    await plan.select('第三章 深度融入京津冀，实现联动发展');
    await expect(plan.detailTitle).toHaveText('第三章 深度融入京津冀，实现联动发展');
    const origin = app.address ? new URL(app.address).origin : 'file://';
    expect(app.requests.length).toBeGreaterThan(3);
    expect(app.requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  });
});

test.describe('browser mode door', () => {
  test('without the token the page says how to get in, and the API refuses', async ({ app }) => {
    test.skip(app.address === null, '仅适用于浏览器模式');
    const { page } = app;
    const bare = new URL(app.address!);
    bare.search = '';
    const fresh = await page.context().newPage();
    await fresh.goto(bare.toString());
    await expect(fresh.getByText('缺少访问口令')).toBeVisible();
    const status = await fresh.evaluate(async () => (await fetch('/api/plan.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(status).toBe(401);
  });

  test('the token leaves the address bar once the app has it', async ({ app }) => {
    test.skip(app.address === null, '仅适用于浏览器模式');
    await new PlanPage(app.page).open();
    await expect(app.page.getByRole('tree')).toBeVisible();
    expect(app.page.url()).not.toContain('token=');
  });
});
