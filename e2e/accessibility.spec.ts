import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

/**
 * Everyone in the office can use the app: an axe-core scan (WCAG 2.1 A and AA rules) of each main page finds no
 * serious or critical violation. A failure lists each rule with the elements it found, so the fix is obvious.
 */

/**
 * Violations still open, by page and rule, each with its reason; anything else fails. 任务分解: antd's table puts
 * its column-measure row under aria-hidden while a cell in it can take focus. 考核: a button inside a collapse
 * header (the page is being reworked).
 */
const KNOWN: Record<string, string[]> = { 任务分解: ['aria-hidden-focus'], 考核: ['nested-interactive'] };

const MAIN_PAGES: { menu: string; tab?: string }[] = [
  { menu: '规划任务', tab: '规划文本' },
  { menu: '规划任务', tab: '任务分解' },
  { menu: '跟踪分析' },
  { menu: '我的任务' },
  { menu: '调度' },
  { menu: '督办' },
  { menu: '指标与项目' },
  { menu: '考核' },
  { menu: '报表' },
  { menu: '设置' },
];

async function seriousViolations(page: Page, known: string[]): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => (v.impact === 'serious' || v.impact === 'critical') && !known.includes(v.id))
    .map((v) => `${v.id}（${v.nodes.length} 处）：${v.help}\n    ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)} ${(n.failureSummary ?? '').slice(-140)}`).join('\n    ')}`);
}

for (const { menu, tab } of MAIN_PAGES) {
  test(`axe: ${tab ?? menu} has no serious or critical WCAG 2.1 A/AA violation`, async ({ app }) => {
    const { page } = app;
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: menu }).click();
    if (tab) await page.getByRole('tab', { name: tab }).click();
    await page.waitForLoadState('networkidle');
    // Let lists and charts finish drawing: the scan reads what is on the screen.
    await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
    expect(await seriousViolations(page, KNOWN[tab ?? menu] ?? [])).toEqual([]);
  });
}

test('dashboard cards and round rows open by keyboard', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '跟踪分析' }).click();
  const card = page.getByRole('link', { name: /^在办督办/u });
  await card.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: '督办事项', selected: true })).toBeVisible();

  const plan = (await app.callApi<{ id: number }[]>('plan.list', {}))[0]!.id;
  const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
  const today = (await app.callApi<{ today: string }>('app.info', {})).today;
  const taiyuan = units.find((u) => u.name === '太原市')!.id;
  const task = (await app.callApi<{ rows: { id: number }[] }>('tasks.list', { limit: 1 })).rows[0]!;
  await app.callApi('tasks.assign', { taskIds: [task.id], leadUnitId: taiyuan });
  await app.callApi('rounds.open', { planId: plan, name: '键盘调度', periodStart: today, periodEnd: today, dueDate: today, unitIds: [taiyuan] });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '调度' }).click();
  await page.getByRole('row', { name: '查看调度：键盘调度' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('各单位报送情况')).toContainText('太原市');
});
