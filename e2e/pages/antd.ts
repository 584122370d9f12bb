import type { Locator, Page } from '@playwright/test';

/** Helpers for Ant Design widgets, whose dropdowns render outside the control. */

export async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  // Searchable selects narrow the list as one types; plain ones are picked from the full list.
  const search = select.locator('input').first();
  if ((await search.count()) && (await search.isEditable())) await search.fill(label);
  // The dropdown just opened: a previous select's may still be on screen, sliding out with the same options (antd
  // animates it away; the two once matched together, CI 4f29ba3).
  await page.locator('.ant-select-dropdown:visible:not([class*="-leave"])').getByTitle(label, { exact: true }).click();
}

export async function fillDate(picker: Locator, date: string): Promise<void> {
  await picker.click();
  await picker.fill(date);
  await picker.press('Enter');
}
