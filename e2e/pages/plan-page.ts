import { expect, type Locator, type Page } from '@playwright/test';

/** The 规划任务 screen, located by role and label as a user would find things. */
export class PlanPage {
  readonly tree: Locator;
  readonly detailTitle: Locator;
  readonly fullText: Locator;
  readonly taskList: Locator;
  readonly filter: Locator;

  constructor(private readonly page: Page) {
    this.tree = page.getByRole('tree');
    this.detailTitle = page.getByLabel('所选内容标题');
    this.fullText = page.getByLabel('全文');
    this.taskList = page.getByLabel('分解任务');
    this.filter = page.getByLabel('筛选规划结构');
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '规划任务' }).click();
  }

  treeItem(label: string): Locator {
    return this.tree.getByRole('treeitem').filter({ hasText: label }).last();
  }

  async expand(label: string): Promise<void> {
    // Ant Design's tree marks open/closed on the switcher rather than with aria-expanded, and a click that
    // lands while a sibling is still animating open can be lost: click until the branch reports itself open.
    const switcher = this.treeItem(label).locator('.ant-tree-switcher');
    await expect(async () => {
      if (await switcher.evaluate((el) => el.classList.contains('ant-tree-switcher_close'))) await switcher.click();
      await expect(switcher).toHaveClass(/ant-tree-switcher_open/, { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
  }

  async select(label: string): Promise<void> {
    await this.tree.getByText(label, { exact: true }).click();
  }
}
