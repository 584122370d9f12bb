import { expect, type Locator, type Page } from '@playwright/test';

/** Helpers for Ant Design widgets, whose dropdowns render outside the control. */

/** An option as its title reads in the list (antd gives each option its label as title): the whole text, or a pattern. */
export type OptionTitle = string | RegExp;

/**
 * The select's own element (class `ant-select`), from itself, its search input (what getByLabel finds) or anything
 * inside it, so that callers may hand over whichever they have.
 */
function selectRoot(select: Locator): Locator {
  return select.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
}

/**
 * What the select shows once `option` is chosen: a single select names its value in the title of the box around its
 * search input (or of the value itself when the option is styled); a multiple one gives each chosen value a tag with
 * that title.
 */
function shownChoice(root: Locator, option: OptionTitle): Locator {
  return root
    .locator('.ant-select-content[title], .ant-select-content-value[title], .ant-select-selection-item[title]')
    .and(root.getByTitle(option, { exact: true }));
}

/**
 * The list of this select, once open. The search input names the list it controls (`aria-controls`), and that id sits
 * inside the dropdown, so another select's dropdown, still sliding out with the same options (antd animates it away;
 * the two once matched together, CI 4f29ba3), is never taken for this one.
 */
async function listOf(page: Page, input: Locator): Promise<Locator> {
  await expect(input).toHaveAttribute('aria-expanded', 'true', { timeout: 2_000 });
  const listId = await input.getAttribute('aria-controls');
  if (!listId) throw new Error(`the select ${input} is open but names no list it controls`);
  return page.locator(`.ant-select-dropdown:visible:not([class*="-leave"]):has([id="${listId}"])`);
}

async function open(root: Locator, input: Locator): Promise<void> {
  if ((await input.getAttribute('aria-expanded')) !== 'true') await root.click({ timeout: 5_000 });
}

/** Whether a chosen value's title is the option asked for. */
function isTitled(title: string, option: OptionTitle): boolean {
  return typeof option === 'string' ? title === option : option.test(title);
}

/**
 * How a caller tells that the choice took, where the select does not go on showing it: a select that settles a row is
 * gone with the row once chosen (an unknown unit mapped to a known one in 导入规划).
 */
export interface ChoiceCheck {
  taken?: () => Promise<boolean>;
}

function named(option: OptionTitle): string {
  return typeof option === 'string' ? `"${option}"` : String(option);
}

/**
 * Picks `option` in an antd select (single or multiple), typing `typed` first where the select searches, and picks it
 * again until the select shows it. A click that lands while the list is still being redrawn (the options narrowing as
 * one types, the dropdown sliding in) can be lost on a loaded machine, or land on the option that took its place, and
 * the form then says 请选择… (CI 52b27ca: 250 ms between the option's place being taken and the click). A single select
 * replaces such a wrong value on the next try; a multiple one would keep it, so it is taken off again. A value already
 * shown is left as it is: clicking it again would take it off a multiple select.
 */
async function choose(page: Page, select: Locator, option: OptionTitle, typed: string | undefined, check: ChoiceCheck): Promise<void> {
  const root = selectRoot(select);
  const input = root.locator('input[role="combobox"]');
  const chosen = shownChoice(root, option);
  const taken = check.taken ?? (async () => (await chosen.count()) > 0);
  const tags = root.locator('.ant-select-selection-item[title]');
  const tagTitles = () => tags.evaluateAll((items) => items.map((item) => item.getAttribute('title') ?? ''));
  await expect(async () => {
    if (await taken()) return;
    const before = await tagTitles();
    await open(root, input);
    if (typed !== undefined && (await input.isEditable())) await input.fill(typed);
    const list = await listOf(page, input);
    await list.locator('.ant-select-item-option').and(list.getByTitle(option, { exact: true })).click({ timeout: 5_000 });
    const stray = (await tagTitles()).filter((title) => !before.includes(title) && !isTitled(title, option));
    for (const title of stray) await tags.and(root.getByTitle(title, { exact: true })).locator('.ant-select-selection-item-remove').click();
    expect(stray, `the click meant for ${named(option)} chose another option`).toEqual([]);
    await expect.poll(taken, { message: `the select shows no ${named(option)}`, timeout: 1_000 }).toBe(true);
  }, `the select ${select} did not take the option ${named(option)}`).toPass({ timeout: 30_000 });
}

/** Picks the option titled `label` (searchable selects are narrowed to it first), until the select shows it. */
export async function chooseOption(page: Page, select: Locator, label: string, check: ChoiceCheck = {}): Promise<void> {
  await choose(page, select, label, label, check);
}

/**
 * Types `typed` into a searchable select and picks the option whose title matches `option`, until the select shows it
 * (for options found by a part of their text, such as a task's code).
 */
export async function chooseSearched(page: Page, select: Locator, typed: string, option: OptionTitle, check: ChoiceCheck = {}): Promise<void> {
  await choose(page, select, option, typed, check);
}

/** Opens the select and returns its list, to read which options it offers; Escape closes it again. */
export async function openOptions(page: Page, select: Locator): Promise<Locator> {
  const root = selectRoot(select);
  const input = root.locator('input[role="combobox"]');
  await expect(async () => {
    await open(root, input);
    await listOf(page, input);
  }, `the select ${select} did not open its list`).toPass({ timeout: 30_000 });
  return listOf(page, input);
}

export async function fillDate(picker: Locator, date: string): Promise<void> {
  await picker.click();
  await picker.fill(date);
  await picker.press('Enter');
}
