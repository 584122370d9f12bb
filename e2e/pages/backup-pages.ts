import { expect, type Locator, type Page } from '@playwright/test';

/** 设置 → 数据备份. */
export class BackupSection {
  readonly card: Locator;
  readonly backUpNow: Locator;

  constructor(private readonly page: Page) {
    this.card = page.locator('.ant-card').filter({ has: page.getByText('数据备份', { exact: true }) });
    this.backUpNow = this.card.getByRole('button', { name: /立即备份/ });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  }

  rows(kind?: string): Locator {
    const rows = this.card.locator('.ant-table-tbody tr.ant-table-row');
    return kind ? rows.filter({ hasText: kind }) : rows;
  }

  /** Clicks 恢复 on a row, checks the dialog says what it would set aside (`impact`), and confirms. */
  async restore(row: Locator, impact: string[] = []): Promise<void> {
    await row.getByRole('button', { name: /^恢复/ }).click();
    const dialog = this.page.getByRole('dialog').filter({ hasText: '恢复到这个备份？' });
    for (const text of impact) await expect(dialog).toContainText(text);
    await dialog.getByRole('button', { name: '恢复' }).click();
  }
}

/** The screen shown instead of the app when the database cannot be opened. */
export class RecoveryScreen {
  readonly heading: Locator;
  readonly rows: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: '数据库无法打开，需要从备份恢复' });
    this.rows = page.locator('.ant-table-tbody tr.ant-table-row');
  }

  async restore(row: Locator): Promise<void> {
    await row.getByRole('button', { name: /用此备份恢复/ }).click();
    const dialog = this.page.getByRole('dialog').filter({ hasText: '用这个备份恢复？' });
    await dialog.getByRole('button', { name: '恢复' }).click();
  }
}
