import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_TODAY } from '../support/fixtures';
import { chooseOption, fillDate } from './antd';

/** 任务分解, 我的任务 and the task drawer, found by role and label. */

export class TaskBreakdownPage {
  readonly table: Locator;
  readonly summary: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByLabel('任务列表');
    this.summary = page.getByLabel('任务统计');
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '规划任务' }).click();
    await this.page.getByRole('tab', { name: '任务分解' }).click();
    await expect(this.summary).toContainText('共');
  }

  row(code: string): Locator {
    return this.table.locator(`[data-code="${code}"]`);
  }

  async filterRegion(region: string): Promise<void> {
    await chooseOption(this.page, this.page.getByLabel('按区域筛选').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), region);
  }

  async search(text: string): Promise<void> {
    const box = this.page.getByLabel('搜索任务');
    await box.fill(text);
    await box.press('Enter');
  }

  async codes(): Promise<string[]> {
    return codesIn(this.table);
  }

  /** Goes to a page of the list through the pager under it. */
  async goToPage(page: number): Promise<void> {
    await this.table.locator('.ant-pagination').getByTitle(String(page), { exact: true }).click();
  }

  /** Clicks a column's header to sort by it (again to reverse, a third time to clear). */
  async sortBy(column: string): Promise<void> {
    await this.table.getByRole('columnheader', { name: column }).click();
  }

  async select(codes: string[]): Promise<void> {
    for (const code of codes) await this.row(code).getByRole('checkbox').check();
  }

  /** A deadline already past asks for confirmation: given unless `confirmPastDeadline` is false. */
  async bulkAssign(options: {
    lead?: string;
    deadline?: string;
    milestones?: { year: number; title: string; dueDate: string }[];
    confirmPastDeadline?: boolean;
  }): Promise<Locator> {
    await this.page.getByRole('button', { name: '批量分配' }).click();
    const dialog = this.page.getByRole('dialog', { name: /批量分配/ });
    if (options.lead) await chooseOption(this.page, dialog.locator('.ant-form-item').filter({ hasText: '牵头单位' }).locator('.ant-select'), options.lead);
    if (options.deadline) await fillDate(dialog.getByLabel('完成时限'), options.deadline);
    for (const [index, milestone] of (options.milestones ?? []).entries()) {
      await dialog.getByRole('button', { name: '添加阶段目标' }).click();
      await dialog.getByLabel('阶段目标年份').nth(index).fill(String(milestone.year));
      await dialog.getByLabel('阶段目标内容').nth(index).fill(milestone.title);
      await fillDate(dialog.getByLabel('阶段目标时限').nth(index), milestone.dueDate);
    }
    await dialog.getByRole('button', { name: '分配' }).click();
    if (options.confirmPastDeadline !== false && options.deadline && options.deadline < E2E_TODAY) {
      await this.page.getByRole('dialog', { name: '完成时限已经过去' }).getByRole('button', { name: '仍要分配' }).click();
    }
    return dialog;
  }

  async openTask(code: string): Promise<TaskDrawer> {
    await this.row(code).getByRole('link').click();
    return new TaskDrawer(this.page);
  }
}

export class MyTasksPage {
  readonly table: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByLabel('任务列表');
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '我的任务' }).click();
  }

  tab(name: RegExp): Locator {
    return this.page.getByRole('tab', { name });
  }

  async codes(): Promise<string[]> {
    return codesIn(this.table);
  }

  async openTask(code: string): Promise<TaskDrawer> {
    await this.table.locator(`[data-code="${code}"]`).getByRole('link').click();
    return new TaskDrawer(this.page);
  }
}

export class TaskDrawer {
  readonly root: Locator;
  readonly light: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByRole('dialog', { name: /^任务 / });
    this.light = this.root.getByLabel(/^预警：/).first();
  }

  async tab(name: RegExp | string): Promise<void> {
    await this.root.getByRole('tab', { name }).click();
  }

  async fillReport(report: { status?: string; percent?: string; progress?: string; files?: { name: string; mimeType: string; buffer: Buffer }[] }): Promise<void> {
    await this.tab('填报进展');
    const form = this.root.getByRole('form', { name: '填报进展' });
    if (report.status) await chooseOption(this.page, form.locator('.ant-form-item').filter({ hasText: '完成状态' }).locator('.ant-select'), report.status);
    if (report.percent !== undefined) await form.getByLabel('完成进度（%）').fill(report.percent);
    if (report.progress !== undefined) await form.getByLabel('本期进展情况').fill(report.progress);
    if (report.files) await form.locator('input[type=file]').setInputFiles(report.files);
    await form.getByRole('button', { name: '提交进展' }).click();
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '设置' }).click();
  }

  async becomeUnit(unit: string): Promise<void> {
    const form = this.page.getByRole('form', { name: '使用身份' });
    await form.getByLabel('责任单位（填报本单位任务）').check();
    await chooseOption(this.page, form.locator('.ant-form-item').filter({ hasText: '本单位' }).locator('.ant-select'), unit);
    await form.getByRole('button', { name: '保存使用身份' }).click();
    await expect(this.page.getByLabel('当前身份')).toHaveText(`身份：${unit}`);
  }
}

/** The task codes a (virtualised) task table shows, in order. */
function codesIn(table: Locator): Promise<string[]> {
  return table.locator('[data-code]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code') ?? ''));
}
