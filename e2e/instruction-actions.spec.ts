import type { Locator, Page } from '@playwright/test';
import { SettingsPage, TaskBreakdownPage } from './pages/task-pages';
import { e2eDay, expect, test, type RunningApp } from './support/fixtures';

/**
 * 记录批示 where the office meets the record: a row of the 问题台账, a 重大项目's row and a report in a task's 进展记录
 * open the one 登记领导批示 form with that record chosen; each 批示 lands in the 批示件办理台账 naming its record.
 */

async function prepare(app: RunningApp) {
  const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
  const datong = units.find((u) => u.name === '大同市')!.id;
  const tasks = (await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', {})).rows;
  // The first task of the list, on the first page of 任务分解.
  const { id: task, code } = tasks[0]!;
  await app.callApi('tasks.assign', { taskIds: [task], leadUnitId: datong, deadline: '2027-12-31' });
  const planId = (await app.callApi<{ id: number }[]>('plan.list', {}))[0]!.id;
  await app.callApi('problems.add', { taskId: task, kind: '需协调事项', text: '陆港用地指标不足，需省级统筹' });
  await app.callApi('projects.save', {
    planId,
    name: '大同陆港物流园',
    stage: '在建',
    plannedInvestment: 12,
    completedInvestment: 3,
    startDate: null,
    finishDate: null,
    leadUnitId: datong,
    taskIds: [task],
  });
  await app.callApi('progress.submit', { taskId: task, status: '序时推进', percent: 35, progress: '陆港一期场站主体完工。', problems: '', nextSteps: '', coordination: '', attachments: [] });
  return code;
}

/** The form opened from a record: the record is chosen (and fixed); the office writes the 批示 and records it. */
async function recordOn(page: Page, button: Locator, expected: { kind: string; record: RegExp }, instruction: { leader: string; text: string }) {
  await button.click();
  const form = page.getByRole('dialog', { name: '登记领导批示' });
  await expect(form.locator('.ant-form-item').filter({ hasText: '批示对象' }).first()).toContainText(expected.kind);
  await expect(form).toContainText(expected.record);
  await form.getByLabel('批示人').fill(instruction.leader);
  await form.getByLabel('批示日期').fill(e2eDay(-1));
  await form.getByLabel('批示日期').press('Enter');
  await form.getByLabel('批示内容').fill(instruction.text);
  await form.getByRole('button', { name: '登记' }).click();
  // The form closes only once the 批示 is recorded (the 台账 below lists all three); the confirmation of the record
  // before may still be showing beside this one's.
  await expect(form).toBeHidden();
  await expect(page.getByText('已登记领导批示').last()).toBeVisible();
  await expect(page.locator('.ant-message-error')).toHaveCount(0);
}

test('记录批示 on a problem, a major project and a progress report opens the 登记领导批示 form with that record chosen', async ({ app }) => {
  test.setTimeout(150_000);
  const { page } = app;
  const code = await prepare(app);
  const codePattern = code.replaceAll('.', '\\.');
  await page.reload();
  const nav = page.getByRole('navigation', { name: '主导航' });

  // A row of the 问题台账.
  await nav.getByRole('menuitem', { name: '督办' }).click();
  await page.getByRole('tab', { name: '问题台账' }).click();
  const problemRow = page.getByRole('row').filter({ hasText: '陆港用地指标不足' });
  await recordOn(page, problemRow.getByRole('button', { name: '记录批示' }), { kind: '问题', record: new RegExp(`需协调事项（任务 ${codePattern}，大同市）：陆港用地指标不足`, 'u') }, { leader: '张副省长', text: '请会同大同市研究解决用地指标。' });

  // A 重大项目's row.
  await nav.getByRole('menuitem', { name: '指标与项目' }).click();
  await page.getByRole('tab', { name: '重大项目' }).click();
  const projectRow = page.getByRole('row').filter({ hasText: '大同陆港物流园' });
  await recordOn(page, projectRow.getByRole('button', { name: '记录批示' }), { kind: '重大项目', record: /大同陆港物流园/u }, { leader: '李厅长', text: '加快二期前期手续。' });

  // A report in the task's 进展记录.
  const breakdown = new TaskBreakdownPage(page);
  await breakdown.open();
  const drawer = await breakdown.openTask(code);
  await drawer.tab(/进展记录/u);
  const report = drawer.root.locator('[data-report-id]').filter({ hasText: '陆港一期场站主体完工。' });
  await recordOn(page, report.getByRole('button', { name: '记录批示' }), { kind: '进展报告', record: /\d{4}-\d{2}-\d{2} 序时推进 35%：陆港一期场站主体完工。/u }, { leader: '王秘书长', text: '进展情况很好，继续保持。' });
  await drawer.close();

  // Each is in the 批示件办理台账, on the record it was recorded from.
  await nav.getByRole('menuitem', { name: '督办' }).click();
  await page.getByRole('tab', { name: '领导批示' }).click();
  const ledger = page.getByRole('table', { name: '领导批示' });
  const rowOf = (leader: string) => ledger.getByRole('row').filter({ hasText: leader });
  await expect(rowOf('张副省长')).toContainText('问题');
  await expect(rowOf('张副省长')).toContainText('陆港用地指标不足');
  await expect(rowOf('李厅长')).toContainText('重大项目');
  await expect(rowOf('李厅长')).toContainText('大同陆港物流园');
  await expect(rowOf('王秘书长')).toContainText('进展报告');
  await expect(rowOf('王秘书长')).toContainText(code);
  for (const leader of ['张副省长', '李厅长', '王秘书长']) await expect(rowOf(leader)).toContainText('待转办');

  // Only the office records 批示: 大同市 sees its problem's row without the action.
  const settings = new SettingsPage(page);
  await settings.open();
  await settings.becomeUnit('大同市');
  await nav.getByRole('menuitem', { name: '督办' }).click();
  await page.getByRole('tab', { name: '问题台账' }).click();
  await expect(problemRow.getByRole('button', { name: '更新进展' })).toBeVisible();
  await expect(problemRow.getByRole('button', { name: '记录批示' })).toHaveCount(0);
});
