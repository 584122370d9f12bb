import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption, fillDate } from './antd';

/** 调度 and 督办 screens. */

export class RoundsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '调度' }).click();
  }

  async openRound(round: { name: string; from: string; to: string; due: string; units: string[] }): Promise<void> {
    await this.page.getByRole('button', { name: '开启调度' }).click();
    const dialog = this.page.getByRole('dialog', { name: '开启调度' });
    await dialog.getByLabel('调度名称').fill(round.name);
    const range = dialog.locator('.ant-picker-range');
    await range.locator('input').first().click();
    await range.locator('input').first().fill(round.from);
    await range.locator('input').last().click();
    await range.locator('input').last().fill(round.to);
    await range.locator('input').last().press('Enter');
    await fillDate(dialog.getByLabel('报送截止日期'), round.due);
    const units = dialog.locator('.ant-form-item').filter({ hasText: '参加调度的单位' }).locator('.ant-select');
    for (const unit of round.units) await chooseOption(this.page, units, unit);
    // Close the multi-select's list by clicking the dialog title (Escape would close the dialog).
    await dialog.getByText('开启调度', { exact: true }).click();
    await dialog.getByRole('button', { name: '开启', exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  unitRow(unit: string): Locator {
    return this.page.getByLabel('各单位报送情况').locator('tr').filter({ hasText: unit });
  }
}

export class SupervisionPage {
  constructor(private readonly page: Page) {}

  async open(tab: '督办事项' | '问题台账' | '重大问题清单' = '督办事项'): Promise<void> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '督办' }).click();
    await this.page.getByRole('tab', { name: tab }).click();
  }

  async issue(notice: { task: string; reason: string; requirement: string; due: string }): Promise<void> {
    await this.page.getByRole('button', { name: '发起督办' }).click();
    const dialog = this.page.getByRole('dialog', { name: '发起督办' });
    await chooseOption(this.page, dialog.locator('.ant-form-item').filter({ hasText: '督办任务' }).locator('.ant-select'), notice.task);
    await dialog.getByText('发起督办', { exact: true }).click();
    await dialog.getByLabel('督办事由').fill(notice.reason);
    await dialog.getByLabel('督办要求').fill(notice.requirement);
    await fillDate(dialog.getByLabel('反馈期限'), notice.due);
    await dialog.getByRole('button', { name: '发出督办单' }).click();
    await expect(dialog).toBeHidden();
  }

  drawer(): Locator {
    return this.page.getByRole('dialog', { name: /^督办单/ });
  }

  async openNotice(number: string): Promise<Locator> {
    await this.page.getByRole('table', { name: '督办事项' }).getByRole('link', { name: number }).click();
    return this.drawer();
  }
}
