import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './antd';

/** 导入规划: the file chooser, the recognised tree with its counts, and the corrections panel. */
export class PlanImportPage {
  readonly tree: Locator;
  readonly counts: Locator;
  readonly editor: Locator;
  readonly warnings: Locator;
  readonly error: Locator;
  readonly columns: Locator;
  readonly units: Locator;
  readonly leftovers: Locator;

  constructor(private readonly page: Page) {
    this.tree = page.getByRole('tree', { name: '导入预览结构树' });
    this.counts = page.getByLabel('结构统计');
    this.editor = page.getByLabel('修改所选条目');
    this.warnings = page.getByLabel('导入提示');
    this.error = page.getByRole('alert').filter({ hasText: '无法导入该文件' });
    this.columns = page.getByLabel('列的对应');
    this.units = page.getByLabel('不在名单中的单位');
    this.leftovers = page.getByLabel('未导入的文字');
  }

  /** 列的对应: which column holds a role (`章/领域` → `第 2 列：重点任务`). */
  async mapColumn(role: string, column: string): Promise<void> {
    await chooseOption(this.page, this.columns.getByLabel(`${role}所在列`).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), column);
  }

  async readAgain(): Promise<void> {
    await this.columns.getByRole('button', { name: '按此重新识别' }).click();
  }

  /** A name not in the unit list, mapped to an existing unit. */
  async mapUnit(name: string, unit: string): Promise<void> {
    const select = this.units.getByLabel(`“${name}”对应的单位`);
    // The name is settled once mapped: its row, and the select in it, leave the list.
    await chooseOption(this.page, select, unit, { taken: async () => (await select.count()) === 0 });
  }

  /** A name not in the unit list, added as a new unit of a kind (省直部门, 设区市, 驻外招商局). */
  async createUnit(name: string, kind: string): Promise<void> {
    const row = this.units.getByRole('row').filter({ hasText: name });
    await chooseOption(this.page, row.getByLabel(`“${name}”新增为`).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), kind);
    await row.getByRole('button', { name: '新增为单位' }).click();
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
