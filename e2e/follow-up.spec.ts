import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import JSZip from 'jszip';
import { loadWorkbook } from '../src-main/exchange/testing/template-edit';
import { E2E_TODAY, OFFICE_PROFILE, e2eDay, expect, test, type RunningApp } from './support/fixtures';
import { RoundsPage } from './pages/supervision-pages';
import { chooseOption, chooseSearched } from './pages/antd';

/**
 * The 督办 loop around a round: a unit opens the app to its 待办 (the round to report on, a notice to 签收), asks to
 * move a deadline; the office finds the request in its 待办 and approves it, sends a 催办 to the unit still 未报,
 * closes the round and saves the 调度情况通报; the unit then sees the answer to its request.
 */

const UNITS = { 省商务厅: ['4.1.1.1'], 大同市: ['6.3.1.1', '6.3.1.2'] } as const;

async function seriousViolations(page: Page): Promise<string[]> {
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function prepare(app: RunningApp) {
  const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
  const unitId = (name: string) => units.find((u) => u.name === name)!.id;
  const tasks = (await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', {})).rows;
  const taskId = (code: string) => tasks.find((t) => t.code === code)!.id;
  for (const [unit, codes] of Object.entries(UNITS)) {
    await app.callApi('tasks.assign', { taskIds: codes.map(taskId), leadUnitId: unitId(unit), deadline: '2027-12-31' });
  }
  const plans = await app.callApi<{ id: number }[]>('plan.list', {});
  return { unitId, taskId, planId: plans[0]!.id };
}

test('待办, 延期, 催办 and the 调度情况通报 around one round', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  const { unitId, taskId, planId } = await prepare(app);
  const datong = unitId('大同市');
  await app.callApi('rounds.open', { planId, name: '本季度调度', periodStart: e2eDay(-30), periodEnd: E2E_TODAY, dueDate: e2eDay(5), unitIds: [datong, unitId('省商务厅')] });
  await app.callApi('notices.issue', { taskIds: [taskId('6.3.1.1')], unitId: datong, level: '黄', reason: '进展滞后', requirement: '书面反馈', replyDue: e2eDay(10) });
  await app.callApi('progress.submit', { taskId: taskId('4.1.1.1'), status: '序时推进', percent: 50, progress: '推进中。', problems: '', nextSteps: '', coordination: '', attachments: [] });

  // The unit opens the app: its 待办 holds the round and the notice, with the count on the menu.
  await app.actAs({ role: 'unit', unitId: datong, person: '经办人' });
  // Opened afresh at the app's own address, it lands on 待办, not on the plan.
  await page.goto(page.url().replace(/#.*$/u, ''));
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(page.getByRole('heading', { name: /^待办/u })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/todo');
  await expect(nav.getByRole('menuitem', { name: '待办' })).toContainText('2');
  // The day's reminder: the round and the notice both fall due within the warning window; shown once a day.
  await expect(page.getByText('待办提醒：2 项临近期限。')).toBeVisible();
  await page.reload();
  await expect(nav.getByRole('menuitem', { name: '待办' })).toContainText('2');
  await expect(page.getByText('待办提醒：')).toHaveCount(0);
  await nav.getByRole('menuitem', { name: '待办' }).click();
  const todo = page.getByLabel('待办事项');
  await expect(todo).toContainText('本季度调度：尚有 2 项任务未报送');
  // The new page, its badges and the reminder pass the same WCAG 2.1 A/AA scan as the other main pages.
  expect(await seriousViolations(page)).toEqual([]);
  await todo.getByRole('button', { name: /^督办单 督办〔\d+〕1号：请签收$/u }).click();
  await expect(page.getByRole('dialog', { name: /^督办单 督办〔\d+〕1号/u })).toBeVisible();
  await page.keyboard.press('Escape');
  await nav.getByRole('menuitem', { name: '待办' }).click();

  const letter = { name: '大同市关于陆港建设延期的函.pdf', contentBase64: Buffer.from('%PDF-1.4 延期函').toString('base64') };
  await app.callApi('extensions.request', { taskId: taskId('6.3.1.1'), requestedDate: '2028-06-30', reason: '征地手续延后', attachments: [letter] });

  // The office approves the request from its own 待办, for another date.
  await app.actAs(OFFICE_PROFILE);
  await page.reload();
  await nav.getByRole('menuitem', { name: '待办' }).click();
  await page.getByLabel('待办事项').getByRole('button', { name: '大同市申请任务 6.3.1.1 延期' }).click();
  const drawer = page.getByRole('dialog', { name: '任务 6.3.1.1' });
  await drawer.getByRole('tab', { name: '延期' }).click();
  // The unit's letter is beside the request; the office opens it before deciding.
  const letterLink = drawer.getByLabel('申请所附材料').getByRole('button', { name: `下载 ${letter.name}` });
  const letterDownload = page.waitForEvent('download');
  await letterLink.click();
  const letterFile = await letterDownload;
  expect(letterFile.suggestedFilename()).toBe(letter.name);
  expect((await readFile((await letterFile.path())!)).toString()).toBe('%PDF-1.4 延期函');
  await drawer.getByLabel('审批意见').fill('同意延至2028年3月底');
  await drawer.getByLabel('批准的完成时限').fill('2028-03-31');
  await drawer.getByLabel('批准的完成时限').press('Enter');
  await drawer.getByRole('button', { name: '批准延期' }).click();
  await expect(page.getByText('已批准延期，完成时限已调整')).toBeVisible();
  await expect(drawer).toContainText('原定时限 2027-12-31，调整后时限 2028-03-31');
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  // 催办 of every unit still 未报: only 大同市, counted on its row.
  const rounds = new RoundsPage(page);
  await rounds.open();
  await page.getByRole('button', { name: '催办未报单位' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '催办' }).click();
  await expect(page.getByText('已催办：大同市')).toBeVisible();
  await expect(rounds.unitRow('大同市')).toContainText('已催办 1 次');
  await expect(rounds.unitRow('省商务厅')).not.toContainText('已催办');

  // Closing the round, then the 通报 as a Word file.
  await page.getByRole('button', { name: '结束调度' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '结束调度' }).click();
  await expect(page.getByText('已结束（结果已冻结）')).toBeVisible();
  await page.getByRole('button', { name: '起草调度情况通报' }).click();
  const dialog = page.getByRole('dialog', { name: '起草调度情况通报（Word）' });
  await dialog.getByLabel('发文字号').fill('晋区融办〔2026〕3号');
  await dialog.getByRole('button', { name: '起草' }).click();
  // Every paragraph of the draft is there to edit: the title, the unit lines, the requirements, the 落款.
  const paragraphs = dialog.getByRole('group', { name: '通报各段' });
  await expect(paragraphs.getByLabel('标题', { exact: true })).toHaveValue('关于本季度调度情况的通报');
  await expect(paragraphs.getByRole('textbox').filter({ hasText: '大同市：应报' })).toHaveCount(1);
  await paragraphs.getByLabel('标题', { exact: true }).fill('关于本季度调度及督办情况的通报');
  const first = paragraphs.getByLabel('正文第1段', { exact: true });
  await first.fill('为推动规划任务落实，办公室组织开展了本季度调度。现将有关情况通报如下。');
  await paragraphs.getByLabel('落款', { exact: true }).fill('省区域融合发展领导小组办公室（代章）');
  await page.screenshot({ path: test.info().outputPath('circular-paragraphs.png') });
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: '生成并保存' }).click();
  const circular = await downloading;
  expect(circular.suggestedFilename()).toBe('本季度调度情况通报.docx');
  const xml = await (await JSZip.loadAsync(await readFile((await circular.path())!))).file('word/document.xml')!.async('string');
  for (const edited of ['关于本季度调度及督办情况的通报', '办公室组织开展了本季度调度', '（代章）', '晋区融办〔2026〕3号', '大同市：应报']) expect(xml).toContain(edited);
  expect(xml).not.toContain('关于本季度调度情况的通报');

  // The unit sees the answer to its request.
  await app.actAs({ role: 'unit', unitId: datong, person: '经办人' });
  await page.reload();
  await nav.getByRole('menuitem', { name: '待办' }).click();
  await expect(page.getByLabel('待办事项')).toContainText('任务 6.3.1.1 的延期申请已批准');
  await expect(page.getByLabel('待办事项')).toContainText('完成时限调整为 2028-03-31（申请 2028-06-30）');
});

test('领导批示 recorded, turned into a 督办 notice and followed in the 批示件办理台账', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await prepare(app);
  await page.reload();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '督办' }).click();
  await page.getByRole('tab', { name: '领导批示' }).click();
  await page.getByRole('button', { name: '登记领导批示' }).click();
  const record = page.getByRole('dialog', { name: '登记领导批示' });
  await chooseSearched(page, record.getByLabel('批示涉及的任务'), '6.3.1.1', /^6\.3\.1\.1 /u);
  await record.getByLabel('批示人').fill('张副省长');
  await record.getByLabel('批示日期').fill(e2eDay(-1));
  await record.getByLabel('批示日期').press('Enter');
  await record.getByLabel('批示内容').fill('请抓紧推进陆港建设，月底前报进展。');
  await record.getByRole('button', { name: '登记' }).click();
  const ledger = page.getByRole('table', { name: '领导批示' });
  await expect(ledger).toContainText('张副省长');
  await expect(ledger).toContainText('待转办');

  await ledger.getByRole('button', { name: '转为督办' }).click();
  const toNotice = page.getByRole('dialog', { name: '将领导批示转为督办' });
  await toNotice.getByLabel('督办要求').fill('月底前书面报告');
  await toNotice.getByLabel('反馈期限').fill(e2eDay(14));
  await toNotice.getByLabel('反馈期限').press('Enter');
  await toNotice.getByRole('button', { name: '发出督办单' }).click();
  await expect(page.getByText(/^已发出 督办〔\d+〕1号/u)).toBeVisible();
  await expect(ledger).toContainText('督办中');
  await expect(ledger).toContainText(/督办〔\d+〕1号（已交办/u);
  expect(await seriousViolations(page)).toEqual([]);

  // The office's 待办 follows it.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '待办' }).click();
  await expect(page.getByLabel('待办事项')).toContainText('领导批示（张副省长');
});

test('领导批示 on a problem, with its scan, turned into a notice; the 批示件办理台账 downloaded', async ({ app }) => {
  test.setTimeout(150_000);
  const { page } = app;
  const { taskId, unitId } = await prepare(app);
  // 大同市 registered a problem on its task (the problem register's own door).
  await app.callApi('problems.add', { taskId: taskId('6.3.1.1'), kind: '需协调事项', text: '陆港用地指标不足，需省级统筹' });
  await page.reload();
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('menuitem', { name: '督办' }).click();
  await page.getByRole('tab', { name: '领导批示' }).click();
  await page.getByRole('button', { name: '登记领导批示' }).click();
  const record = page.getByRole('dialog', { name: '登记领导批示' });
  await chooseOption(page, record.getByLabel('批示对象'), '问题');
  await chooseSearched(page, record.getByLabel('批示涉及的问题'), '陆港用地指标不足', /陆港用地指标不足/u);
  await record.getByLabel('批示人').fill('张副省长');
  await record.getByLabel('批示日期').fill(e2eDay(-1));
  await record.getByLabel('批示日期').press('Enter');
  await record.getByLabel('批示内容').fill('请省自然资源厅会同大同市研究解决用地指标。');
  await record.locator('input[type=file]').setInputFiles({ name: '张副省长批示件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 批示件') });
  await expect(record.getByText('张副省长批示件.pdf')).toBeVisible();
  await record.getByRole('button', { name: '登记' }).click();

  const ledger = page.getByRole('table', { name: '领导批示' });
  const row = ledger.getByRole('row').filter({ hasText: '张副省长' });
  await expect(row).toContainText('问题');
  await expect(row).toContainText('需协调事项（任务 6.3.1.1）：陆港用地指标不足');
  await expect(row).toContainText('待转办');
  await expect(row.getByRole('button', { name: '下载 张副省长批示件.pdf' })).toBeVisible();

  await row.getByRole('button', { name: '转为督办' }).click();
  const toNotice = page.getByRole('dialog', { name: '将领导批示转为督办' });
  await toNotice.getByLabel('督办要求').fill('十日内书面报告协调结果');
  await toNotice.getByLabel('反馈期限').fill(e2eDay(10));
  await toNotice.getByLabel('反馈期限').press('Enter');
  await toNotice.getByRole('button', { name: '发出督办单' }).click();
  await expect(page.getByText(/^已发出 督办〔\d+〕1号/u)).toBeVisible();
  await expect(row).toContainText('督办中');
  await page.screenshot({ path: test.info().outputPath('instruction-ledger.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // The 批示件办理台账 as Excel: the 批示, what it is about, its notice and that notice's state.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出批示件办理台账' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe(`截至${E2E_TODAY}_批示件办理台账.xlsx`);
  const workbook = await loadWorkbook(await readFile((await file.path())!));
  const texts: string[] = [];
  workbook.worksheets[0]!.eachRow((r) => r.eachCell((cell) => void texts.push(cell.text)));
  for (const expected of ['批示件办理台账', '张副省长', e2eDay(-1), '问题', '需协调事项（任务 6.3.1.1）：陆港用地指标不足，需省级统筹', '大同市', '请省自然资源厅会同大同市研究解决用地指标。', '张副省长批示件.pdf', '已交办', '督办中']) {
    expect(texts.some((text) => text.includes(expected)), `台账 shows “${expected}”`).toBe(true);
  }
  expect(texts.some((text) => /^督办〔\d+〕1号$/u.test(text))).toBe(true);

  // 大同市 finds the notice in its 待办, and the 批示 with its scan under 领导批示.
  await app.actAs({ role: 'unit', unitId: unitId('大同市'), person: '经办人' });
  await page.reload();
  await nav.getByRole('menuitem', { name: '待办' }).click();
  await expect(page.getByLabel('待办事项').getByRole('button', { name: /^督办单 督办〔\d+〕1号：请签收$/u })).toBeVisible();
  await nav.getByRole('menuitem', { name: '督办' }).click();
  await page.getByRole('tab', { name: '领导批示' }).click();
  const scanDownload = page.waitForEvent('download');
  await page.getByRole('table', { name: '领导批示' }).getByRole('button', { name: '下载 张副省长批示件.pdf' }).click();
  expect((await readFile((await (await scanDownload).path())!)).toString()).toBe('%PDF-1.4 批示件');
});
