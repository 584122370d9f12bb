import { expect, type Locator, type Page } from '@playwright/test';

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

/**
 * Types `typed` into a searchable select and picks the option whose text matches `option`, until the select shows it.
 * A click that lands while the list is still being redrawn (the options narrowing as one types, the dropdown sliding in)
 * can be lost on a loaded machine, and the form then says 请选择… (CI 52b27ca: 250 ms between the option's place and the
 * click). Picked again until the choice holds, as plan-page.ts opens a tree branch.
 */
export async function chooseSearched(page: Page, select: Locator, typed: string, option: RegExp): Promise<void> {
  // The chosen option, which antd shows (and names in its title) in the box around the search input.
  const chosen = select.locator('xpath=..');
  await expect(async () => {
    await select.fill(typed);
    await page.locator('.ant-select-dropdown:visible:not([class*="-leave"])').getByText(option).click({ timeout: 5_000 });
    await expect(chosen).toHaveAttribute('title', option, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

export async function fillDate(picker: Locator, date: string): Promise<void> {
  await picker.click();
  await picker.fill(date);
  await picker.press('Enter');
}
