import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { chooseOption } from './pages/antd';
import { RoundsPage, SupervisionPage } from './pages/supervision-pages';
import { TaskBreakdownPage } from './pages/task-pages';
import { E2E_TODAY, OFFICE_PROFILE, e2eDay, expect, test, type RunningApp } from './support/fixtures';

/**
 * The office's weekly lists: a round that asks cooperating units too, each list exported as seen, 督办 to several
 * units in one step, and a unit's 反馈 with its stamped scan.
 */

const shots = process.env.PLAN_DESK_SCREENSHOTS;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

async function shoot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}/${name}-${size.width}x${size.height}.png` });
  }
  if (before) await page.setViewportSize(before);
}

/** The data rows of an exported 台账 (rows whose 序号 is a number), as text, keyed by header. */
async function exportedRows(download: Download): Promise<Record<string, string>[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const header = (sheet.getRow(3).values as unknown[]).slice(1).map(String);
  const rows: Record<string, string>[] = [];
  sheet.eachRow((row, number) => {
    if (number <= 3 || typeof row.getCell(1).value !== 'number') return;
    rows.push(Object.fromEntries(header.map((name, i) => [name, String(row.getCell(i + 1).value ?? '')])));
  });
  return rows;
}

async function ids(app: RunningApp) {
  const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
  const tasks = (await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', {})).rows;
  return { unitId: (name: string) => units.find((u) => u.name === name)!.id, taskId: (code: string) => tasks.find((t) => t.code === code)!.id };
}

test.describe('the office’s lists', () => {
  test.describe.configure({ timeout: 120_000 });

  test('a round asking lead and cooperating units: chosen when opening, shown on the round, exported as shown', async ({ app }) => {
    const { page } = app;
    const { unitId, taskId } = await ids(app);
    await app.callApi('tasks.assign', { taskIds: [taskId('4.1.1.1'), taskId('4.1.1.2')], leadUnitId: unitId('省商务厅'), cooperatorUnitIds: [unitId('大同市')], deadline: '2027-12-31' });

    const rounds = new RoundsPage(page);
    await rounds.open();
    await page.getByRole('button', { name: '开启调度' }).click();
    const dialog = page.getByRole('dialog', { name: '开启调度' });
    // Lead units only unless the office chooses otherwise.
    await expect(dialog.getByRole('radio', { name: '仅牵头单位' })).toBeChecked();
    await dialog.getByLabel('调度名称').fill('本月调度');
    const range = dialog.locator('.ant-picker-range');
    await range.locator('input').first().click();
    await range.locator('input').first().fill(e2eDay(-30));
    await range.locator('input').last().click();
    await range.locator('input').last().fill(E2E_TODAY);
    await range.locator('input').last().press('Enter');
    await dialog.getByLabel('报送截止日期').fill(e2eDay(7));
    await dialog.getByLabel('报送截止日期').press('Enter');
    const units = dialog.locator('.ant-form-item').filter({ hasText: '参加调度的单位' }).locator('.ant-select');
    for (const unit of ['省商务厅', '大同市']) await chooseOption(page, units, unit);
    await dialog.getByText('开启调度', { exact: true }).click();
    await dialog.getByRole('radio', { name: '牵头单位和配合单位' }).check();
    await shoot(page, 'round-open-scope');
    await dialog.getByRole('button', { name: '开启', exact: true }).click();
    await expect(page.getByText('调度已开启，共需报送 4 项任务')).toBeVisible();

    await expect(page.getByLabel('报送范围')).toHaveText('报送范围：牵头单位和配合单位');
    await expect(rounds.unitRow('大同市')).toContainText('2');
    const detail = page.getByLabel('任务报送明细');
    await expect(detail.locator('tr').filter({ hasText: '大同市' }).first()).toContainText('配合');
    await shoot(page, 'round-detail-cooperating');

    const round = (await app.callApi<{ id: number }[]>('rounds.list', {}))[0]!;
    const listed = await app.callApi<{ tasks: { code: string; unitName: string; role: string }[] }>('rounds.get', { id: round.id });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出明细' }).click()]);
    expect(download.suggestedFilename()).toBe('本月调度_任务报送明细.xlsx');
    const rows = await exportedRows(download);
    expect(rows.map((row) => [row['任务编号'], row['报送单位'], row['牵头/配合']])).toEqual(
      listed.tasks.map((task) => [task.code, task.unitName, task.role === 'lead' ? '牵头' : '配合']),
    );
    expect(rows).toHaveLength(4);
  });

  test('任务分解 exports the filtered list, every page of it, in the list’s order', async ({ app }) => {
    const { page } = app;
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await breakdown.filterRegion('长三角');
    await breakdown.search('产业');
    await expect(breakdown.summary).toContainText('共');
    await shoot(page, 'task-breakdown-export');
    const listed = await app.callApi<{ rows: { code: string }[]; total: number }>('tasks.list', { region: '长三角', search: '产业' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toBe(`截至${E2E_TODAY}_任务分解清单.xlsx`);
    const rows = await exportedRows(download);
    expect(rows.map((row) => row['任务编号'])).toEqual(listed.rows.map((row) => row.code));
    expect(rows.length).toBe(listed.total);
    expect(rows.length).toBeGreaterThan(0);
  });

  test('督办 to two units in one step, one notice each; a unit’s 反馈 carries its stamped scan; the 督办 list exports as shown', async ({ app }) => {
    const { page } = app;
    const { unitId, taskId } = await ids(app);
    await app.callApi('tasks.assign', { taskIds: [taskId('4.1.1.1')], leadUnitId: unitId('省商务厅'), cooperatorUnitIds: [unitId('大同市')], deadline: '2027-12-31' });
    const supervision = new SupervisionPage(page);
    await supervision.open();
    await page.getByRole('button', { name: '发起督办' }).click();
    const dialog = page.getByRole('dialog', { name: '发起督办' });
    const task = await app.callApi<{ code: string; text: string }>('tasks.get', { id: taskId('4.1.1.1') });
    await chooseOption(page, dialog.locator('.ant-form-item').filter({ hasText: '督办任务' }).locator('.ant-select'), `${task.code} ${task.text}`);
    await dialog.getByText('发起督办', { exact: true }).click();
    // The lead unit comes first; the cooperating unit is added.
    await chooseOption(page, dialog.locator('.ant-form-item').filter({ hasText: '督办单位' }).locator('.ant-select'), '大同市');
    await dialog.getByText('发起督办', { exact: true }).click();
    await dialog.getByLabel('督办事由').fill('进度滞后于序时进度');
    await dialog.getByLabel('督办要求').fill('5日内反馈整改措施');
    await dialog.getByLabel('反馈期限').fill(e2eDay(5));
    await dialog.getByLabel('反馈期限').press('Enter');
    await shoot(page, 'notice-issue-several');
    await dialog.getByRole('button', { name: '发出督办单' }).dblclick();
    const year = Number(E2E_TODAY.slice(0, 4));
    await expect(page.getByText(`已发出 督办〔${year}〕1号、督办〔${year}〕2号`)).toBeVisible();
    const notices = await app.callApi<{ id: number; number: string; unitName: string }[]>('notices.list', {});
    expect(notices.map((n) => [n.number, n.unitName]).sort()).toEqual([
      [`督办〔${year}〕1号`, '省商务厅'],
      [`督办〔${year}〕2号`, '大同市'],
    ]);

    // 大同市 signs and answers with its stamped scan.
    const scan = Buffer.from('%PDF-1.4\n% 大同市 反馈 盖章件\n%%EOF');
    const datong = notices.find((n) => n.unitName === '大同市')!;
    await app.actAs({ role: 'unit', unitId: unitId('大同市'), person: '经办人' });
    await app.callApi('notices.sign', { id: datong.id });
    await page.reload();
    await supervision.open();
    let drawer = await supervision.openNotice(datong.number);
    await drawer.getByLabel('反馈内容').fill('已制定整改方案，盖章件附后。');
    await drawer.locator('input[type=file]').setInputFiles({ name: '大同市反馈（盖章）.pdf', mimeType: 'application/pdf', buffer: scan });
    await drawer.getByRole('button', { name: '提交反馈' }).click();
    await expect(drawer.getByLabel('督办状态')).toHaveText('已反馈待审核');
    await expect(drawer.getByLabel('办理过程')).toContainText('大同市反馈（盖章）.pdf');
    await shoot(page, 'notice-reply-scan');
    await page.keyboard.press('Escape');

    // The office opens the scan from the notice.
    await app.actAs(OFFICE_PROFILE);
    await page.reload();
    await supervision.open();
    drawer = await supervision.openNotice(datong.number);
    const [file] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: '下载 大同市反馈（盖章）.pdf' }).click()]);
    expect((await readFile((await file.path())!)).equals(scan)).toBe(true);
    await page.keyboard.press('Escape');

    await shoot(page, 'notices-export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    const rows = await exportedRows(download);
    const shown = await app.callApi<{ number: string }[]>('notices.list', {});
    expect(rows.map((row) => row['督办编号'])).toEqual(shown.map((n) => n.number));
  });
});
