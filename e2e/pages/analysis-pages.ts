import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './antd';

/** 跟踪分析, 考核 and 指标与项目, located by role and label. */

export class DashboardPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '跟踪分析' }).click();
    await expect(this.page.getByRole('heading', { name: '跟踪分析' })).toBeVisible();
    await expect(this.chart('预警分布').locator('svg')).toBeVisible();
  }

  /** A headline figure, clickable, e.g. 红灯任务. */
  figure(label: string): Locator {
    return this.page.getByRole('link', { name: new RegExp(`^${label} `) });
  }

  chart(label: string): Locator {
    return this.page.getByRole('figure', { name: label });
  }

  /** Clicks a label drawn in a chart (a data label or a category axis label): what a leader clicks. */
  async clickInChart(label: string, text: string | RegExp): Promise<void> {
    await this.chart(label).locator('svg text').filter({ hasText: text }).first().click();
  }

  roundUnitRow(unit: string): Locator {
    return this.page.getByRole('table', { name: '本期调度报送情况' }).locator('tr').filter({ hasText: unit });
  }
}

export class AssessmentPage {
  readonly results: Locator;

  constructor(private readonly page: Page) {
    this.results = page.getByRole('table', { name: '考核结果' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '考核' }).click();
    await expect(this.page.getByRole('heading', { name: '考核' })).toBeVisible();
  }

  async chooseYear(year: number): Promise<void> {
    await chooseOption(this.page, this.page.getByLabel('考核年度').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), `${year} 年度`);
  }

  row(unit: string): Locator {
    return this.results.locator('tr.ant-table-row').filter({ hasText: unit });
  }

  /** Rank, unit, four category scores and the total, as shown. */
  async rows(): Promise<string[][]> {
    return this.results.locator('tr.ant-table-row').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => (cell.textContent ?? '').trim())),
    );
  }

  explanation(unit: string): Locator {
    return this.page.getByRole('table', { name: `${unit}得分说明` });
  }

  async expand(unit: string): Promise<Locator> {
    await this.row(unit).getByRole('button', { name: /展开/ }).click();
    const table = this.explanation(unit);
    await expect(table).toBeVisible();
    return table;
  }

  /** The points of every explanation line, as numbers. */
  async linePoints(unit: string): Promise<number[]> {
    return this.explanation(unit)
      .locator('[data-points]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-points'))));
  }

  async total(unit: string): Promise<number> {
    return Number(await this.explanation(unit).getByLabel(`${unit}合计`).textContent());
  }

  async freeze(): Promise<void> {
    await this.page.getByRole('button', { name: '冻结本年度结果' }).click();
    await this.page.getByRole('tooltip').getByRole('button', { name: '冻结' }).click();
  }
}

export class IndicatorsPage {
  readonly indicators: Locator;
  readonly projects: Locator;

  constructor(private readonly page: Page) {
    this.indicators = page.getByRole('table', { name: '主要指标' });
    this.projects = page.getByRole('table', { name: '重大项目' });
  }

  async open(tab: '主要指标' | '重大项目' = '主要指标'): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '指标与项目' }).click();
    await this.page.getByRole('tab', { name: tab }).click();
  }

  indicatorRow(name: string): Locator {
    return this.indicators.locator('tr.ant-table-row').filter({ hasText: name });
  }
}

/**
 * A screenshot of the whole screen content: the app scrolls inside its content pane, not the page, so the window is
 * made as tall as that content for the shot and put back afterwards.
 */
export async function screenshotWhole(page: Page, path: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await page.locator('main.ant-layout-content, .ant-layout-content').first().evaluate((pane) => pane.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.min(height, 6000)) });
  // Only the height changes, and every chart has a fixed height: nothing needs to re-render before the shot.
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}
