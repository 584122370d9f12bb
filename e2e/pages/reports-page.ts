import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './antd';

/** 报表: a card per report, and the 填报模板 export and import with its preview. */
export class ReportsPage {
  readonly templates: Locator;
  readonly preview: Locator;

  constructor(private readonly page: Page) {
    this.templates = page.getByLabel('填报模板', { exact: true });
    this.preview = page.getByRole('region', { name: '导入预览' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '报表' }).click();
    await expect(this.page.getByRole('heading', { name: '报表', exact: true })).toBeVisible();
  }

  card(title: string): Locator {
    return this.page.getByLabel(`报表：${title}`);
  }

  private select(label: string): Locator {
    return this.page.getByLabel(label).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]');
  }

  async choose(label: string, option: string): Promise<void> {
    await chooseOption(this.page, this.select(label), option);
  }

  /** Clicks a button that produces a download and returns the download. */
  async download(button: Locator): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    return download;
  }

  async exportReport(title: string): Promise<Download> {
    return this.download(this.card(title).getByRole('button', { name: '导出' }));
  }

  async exportTemplate(unit: string): Promise<Download> {
    await this.choose('填报模板的单位', unit);
    return this.download(this.templates.getByRole('button', { name: '导出填报模板' }));
  }

  async upload(file: { name: string; buffer: Buffer }): Promise<void> {
    await this.templates.locator('input[type=file]').setInputFiles({ name: file.name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file.buffer });
  }

  previewRow(code: string): Locator {
    return this.preview.locator(`tr[data-code="${code}"]`);
  }
}
