import { expect, type Locator, type Page } from '@playwright/test';

/** 导入规划: the file chooser, the recognised tree with its counts, and the corrections panel. */
export class PlanImportPage {
  readonly tree: Locator;
  readonly counts: Locator;
  readonly editor: Locator;
  readonly warnings: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.tree = page.getByRole('tree', { name: '导入预览结构树' });
    this.counts = page.getByLabel('结构统计');
    this.editor = page.getByLabel('修改所选条目');
    this.warnings = page.getByLabel('导入提示');
    this.error = page.getByRole('alert').filter({ hasText: '无法导入该文件' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '规划任务' }).click();
    await this.page.getByRole('button', { name: '导入规划' }).click();
    await expect(this.page.getByRole('heading', { name: '导入规划' })).toBeVisible();
  }

  /** Chooses a file as the file dialog would hand it over. */
  async choose(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.page.locator('input[type="file"]').setInputFiles(file);
  }

  count(label: '章' | '节' | '措施' | '任务' | '拟分配'): Locator {
    return this.counts.locator('.ant-statistic').filter({ has: this.page.getByText(label, { exact: true }) }).locator('.ant-statistic-content');
  }

  item(label: string): Locator {
    return this.tree.getByRole('treeitem').filter({ hasText: label }).last();
  }

  async select(label: string): Promise<void> {
    await this.item(label).locator('.ant-tree-node-content-wrapper').click();
    await expect(this.editor.getByLabel('所选条目')).toContainText(label);
  }

  async act(action: '升一级' | '降一级' | '与上一项合并' | '删除' | '撤销'): Promise<void> {
    await this.editor.getByRole('button', { name: action, exact: true }).click();
  }

  async rename(title: string): Promise<void> {
    await this.editor.getByRole('button', { name: '改名…' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('新名称').fill(title);
    await dialog.getByRole('button', { name: '确定' }).click();
  }

  async confirm(): Promise<void> {
    await this.page.getByRole('button', { name: '确认导入' }).click();
  }
}
