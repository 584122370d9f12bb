import { expect, test, e2eDay } from './support/fixtures';
import { chooseOption, chooseSearched } from './pages/antd';
import { PlanPage } from './pages/plan-page';
import { SupervisionPage } from './pages/supervision-pages';
import { TaskBreakdownPage } from './pages/task-pages';

/** What the README promises on a task and its milestones: 新增任务, 量化目标, and an un-tick that is asked and traced. */

interface ListedTask {
  id: number;
  code: string;
}

type Api = { callApi<T>(channel: string, input: unknown): Promise<T> };

async function taskFound(app: Api, search: string): Promise<ListedTask> {
  return (await app.callApi<{ rows: ListedTask[] }>('tasks.list', { search })).rows[0]!;
}

test.describe('un-ticking a milestone', () => {
  test('asks first, keeps the tick when refused, and records who un-ticked it and who had ticked it', async ({ app }) => {
    const { page } = app;
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    const task = await taskFound(app, '承接产业转移');
    await app.callApi('tasks.assign', {
      taskIds: [task.id],
      leadUnitId: units.find((u) => u.name === '省商务厅')!.id,
      deadline: e2eDay(365),
      milestones: [{ year: 2026, title: '完成园区规划', dueDate: e2eDay(20) }],
    });
    const [milestone] = (await app.callApi<{ milestones: { id: number }[] }>('tasks.get', { id: task.id })).milestones;
    await app.callApi('milestones.setDone', { milestoneId: milestone!.id, done: true });

    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.search('承接产业转移');
    const drawer = await breakdown.openTask(task.code);
    await drawer.tab(/^阶段目标/);
    const box = drawer.root.getByRole('checkbox', { name: /完成园区规划/ });
    await expect(box).toBeChecked();

    await box.click();
    const ask = page.getByRole('dialog', { name: '取消该阶段目标的完成勾选？' });
    await expect(ask).toContainText('（测试员） 勾选完成');
    await ask.getByRole('button', { name: '保留完成' }).click();
    await expect(ask).toBeHidden();
    await expect(box).toBeChecked();
    expect((await app.callApi<{ milestones: { doneAt: string | null }[] }>('tasks.get', { id: task.id })).milestones[0]!.doneAt).not.toBeNull();

    await box.click();
    await ask.getByRole('button', { name: '取消勾选' }).click();
    await expect(box).not.toBeChecked();
    await drawer.tab('任务信息');
    await expect(drawer.root.getByText(/取消完成阶段目标：2026年 完成园区规划（原由 .*测试员.* 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 勾选完成）/)).toBeVisible();
  });
});

test.describe('新增任务 and 量化目标 in the office', () => {
  test('the office adds a task under a measure from 规划任务; it takes the next number and appears in 任务分解', async ({ app }) => {
    const { page } = app;
    const plan = new PlanPage(page);
    await plan.open();
    await plan.expand('第三章 深度融入京津冀，实现联动发展');
    await plan.expand('第一节 打造京津冀重要保障基地');
    await plan.select('3.1.1 建设京津冀清洁能源供应基地');
    await expect(plan.taskList.getByRole('listitem')).toHaveCount(5);

    await page.getByRole('button', { name: '新增任务' }).click();
    const form = page.getByRole('form', { name: '新增任务' });
    await form.getByRole('button', { name: '保存任务' }).click();
    await expect(form.getByText('请填写任务内容')).toBeVisible();
    await form.getByLabel('任务内容').fill('建设晋北风光储一体化外送示范项目');
    await form.getByRole('button', { name: '保存任务' }).click();
    await expect(page.getByText('已新增任务 3.1.1.6')).toBeVisible();
    await expect(plan.taskList.getByRole('listitem')).toHaveCount(6);
    await expect(plan.taskList.getByRole('listitem').last()).toContainText('建设晋北风光储一体化外送示范项目');

    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.search('风光储一体化外送示范');
    await expect(breakdown.row('3.1.1.6')).toBeVisible();
  });

  test('a unit is not offered 新增任务', async ({ app }) => {
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    await app.actAs({ role: 'unit', unitId: units.find((u) => u.name === '省商务厅')!.id, person: '李四' });
    await app.page.reload();
    const plan = new PlanPage(app.page);
    await plan.open();
    await plan.expand('第三章 深度融入京津冀，实现联动发展');
    await plan.expand('第一节 打造京津冀重要保障基地');
    await plan.select('3.1.1 建设京津冀清洁能源供应基地');
    await expect(plan.taskList.getByRole('listitem')).toHaveCount(5);
    await expect(app.page.getByRole('button', { name: '新增任务' })).toHaveCount(0);
  });

  test('the office sets a task\'s 量化目标 in the task drawer; a year outside the plan is refused in words', async ({ app }) => {
    const { page } = app;
    const task = await taskFound(app, '承接产业转移');
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.search('承接产业转移');
    const drawer = await breakdown.openTask(task.code);
    await drawer.root.getByRole('button', { name: '编辑量化目标' }).click();
    const form = drawer.root.getByRole('form', { name: '量化目标' });
    await form.getByRole('button', { name: '添加量化目标' }).click();
    await form.getByLabel('第 1 项目标年份').fill('2040');
    await form.getByLabel('第 1 项目标内容').fill('新引进产业项目');
    await form.getByLabel('第 1 项目标值').fill('30');
    await form.getByLabel('第 1 项计量单位').fill('个');
    await form.getByRole('button', { name: '保存量化目标' }).click();
    await expect(page.locator('.ant-message-error')).toContainText('不在规划期');

    await form.getByLabel('第 1 项目标年份').fill('2025');
    await form.getByRole('button', { name: '保存量化目标' }).click();
    await expect(page.getByText('量化目标已保存')).toBeVisible();
    await expect(drawer.root.getByRole('row').filter({ hasText: '量化目标' })).toContainText('2025年 新引进产业项目 30个');
    const detail = await app.callApi<{ targets: { year: number; value: number }[] }>('tasks.get', { id: task.id });
    expect(detail.targets).toMatchObject([{ year: 2025, value: 30, description: '新引进产业项目', unitOfMeasure: '个' }]);
  });
});

test.describe('登记问题 on the problem register', () => {
  test('the lead unit registers a problem without a report; it is listed as that unit\'s, and a cooperating unit is refused', async ({ app }) => {
    const { page } = app;
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    const unitId = (name: string) => units.find((u) => u.name === name)!.id;
    const task = await taskFound(app, '承接产业转移');
    await app.callApi('tasks.assign', { taskIds: [task.id], leadUnitId: unitId('省商务厅'), cooperatorUnitIds: [unitId('太原市')], deadline: e2eDay(365) });

    await app.actAs({ role: 'unit', unitId: unitId('省商务厅'), person: '李四' });
    await page.reload();
    await new SupervisionPage(page).open('问题台账');
    await page.getByRole('button', { name: '登记问题' }).click();
    const dialog = page.getByRole('dialog', { name: '登记问题' });
    await dialog.getByRole('button', { name: '登记' }).click();
    await expect(dialog.getByText('请选择涉及的任务')).toBeVisible();
    await expect(dialog.getByText('请填写问题描述')).toBeVisible();
    const picker = dialog.locator('.ant-form-item').filter({ hasText: '涉及任务' }).locator('.ant-select');
    await chooseSearched(page, picker, task.code, new RegExp(`^${task.code.replace(/\./gu, '\\.')} `, 'u'));
    await chooseOption(page, dialog.locator('.ant-form-item').filter({ hasText: '类别' }).locator('.ant-select'), '需协调事项');
    await dialog.getByLabel('问题描述').fill('园区用地指标不足，需省自然资源厅协调');
    await dialog.getByRole('button', { name: '登记' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole('table', { name: '问题台账' }).locator('tr').filter({ hasText: '园区用地指标不足' });
    await expect(row).toContainText('需协调事项');
    await expect(row).toContainText('省商务厅');
    await expect(row).toContainText('待解决');

    await app.actAs({ role: 'unit', unitId: unitId('太原市'), person: '王五' });
    const refused = await app.callApi('problems.add', { taskId: task.id, kind: '存在问题', text: '配合单位越权登记' }).catch((e: unknown) => e);
    expect(String(refused)).toContain('牵头单位或领导小组办公室');
  });
});

test.describe('search says where it hit', () => {
  test('a row found only through its 所属措施 says so; a row found in its own text does not', async ({ app }) => {
    const breakdown = new TaskBreakdownPage(app.page);
    await breakdown.open();
    // The measure's title 建设京津冀清洁能源供应基地 holds the words; its tasks' texts do not (…清洁能源供给).
    await breakdown.search('京津冀清洁能源供应');
    await expect(breakdown.row('3.1.1.1')).toBeVisible();
    await expect(breakdown.row('3.1.1.1').getByLabel('搜索命中所属措施：建设京津冀清洁能源供应基地')).toBeVisible();
    await expect(breakdown.row('3.1.1.1')).toContainText('命中所属措施');

    await breakdown.search('外送电通道');
    const hit = breakdown.table.locator('[data-code]').first();
    await expect(hit.locator('mark.search-hit')).toHaveText('外送电通道');
    await expect(hit).not.toContainText('命中所属措施');
  });
});
