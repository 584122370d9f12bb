import { readFile } from 'node:fs/promises';
import { editTemplate, loadWorkbook } from '../src-main/exchange/testing/template-edit';
import { ReportsPage } from './pages/reports-page';
import { MyTasksPage } from './pages/task-pages';
import { E2E_TODAY, expect, test } from './support/fixtures';

/** 报表: reports are one click each; the 填报模板 goes out, comes back filled in, is previewed and imported. */

const CODES = ['4.1.1.1', '4.1.1.2', '4.1.1.3'];
const shots = process.env.PLAN_DESK_SCREENSHOTS;

interface TaskListed {
  rows: { id: number; code: string }[];
}

test.describe('报表', () => {
  // Exports and imports parse real workbooks (in a worker thread); on a busy 2-core machine that takes a while.
  test.describe.configure({ timeout: 90_000 });

  test('each report is one click and downloads a workbook with a Chinese name', async ({ app }) => {
    const { page } = app;
    const reports = new ReportsPage(page);
    await reports.open();
    // Ten reports, the 批示件办理台账 among them.
    await expect(page.getByLabel(/^报表：/u)).toHaveCount(10);
    await expect(page.getByLabel('报表：批示件办理台账')).toBeVisible();
    if (shots) await page.screenshot({ path: `${shots}/reports-page.png`, fullPage: true });

    const breakdown = await reports.exportReport('任务分解表');
    expect(breakdown.suggestedFilename()).toMatch(/^截至\d{4}-\d{2}-\d{2}_任务分解表\.xlsx$/u);
    const workbook = await loadWorkbook(await readFile((await breakdown.path())!));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').text).toContain('任务分解表');
    expect(sheet.getCell('A2').text).toContain('填报单位');
    // 270 tasks under the header in row 3.
    expect(sheet.getCell(273, 2).text).toMatch(/^\d+\.\d+\.\d+\.\d+$/u);

    await reports.choose('进展情况表的单位', '省商务厅');
    const unit = await reports.exportReport('进展情况表');
    expect(unit.suggestedFilename()).toMatch(/^省商务厅_截至\d{4}-\d{2}-\d{2}_进展情况表\.xlsx$/u);
    const lagging = await reports.exportReport('滞后及预警任务清单');
    expect(lagging.suggestedFilename()).toMatch(/_滞后及预警任务清单\.xlsx$/u);
  });

  test('the 填报模板 round trip: export, fill in offline, preview with a conflict, confirm', async ({ app }) => {
    const { page } = app;
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    const unitId = units.find((unit) => unit.name === '省商务厅')!.id;
    const listed = await app.callApi<TaskListed>('tasks.list', {});
    const ids = CODES.map((code) => listed.rows.find((row) => row.code === code)!.id);
    await app.callApi('tasks.assign', { taskIds: ids, leadUnitId: unitId, deadline: '2027-12-31' });

    const reports = new ReportsPage(page);
    await reports.open();
    const download = await reports.exportTemplate('省商务厅');
    expect(download.suggestedFilename()).toMatch(/^省商务厅_截至\d{4}-\d{2}-\d{2}_进展填报模板\.xlsx$/u);
    const filled = await editTemplate(await readFile((await download.path())!), {
      '4.1.1.1': { progress: '已与上海、江苏对接装备制造项目 12 个，签约 5 个。', percent: 60, status: '序时推进', problems: '用地指标紧张' },
      '4.1.1.2': { progress: '基地选址完成', percent: 30, status: '滞后' },
    }, { filledOn: `${E2E_TODAY.slice(0, 4)}年${Number(E2E_TODAY.slice(5, 7))}月${Number(E2E_TODAY.slice(8, 10))}日` });
    // Meanwhile the office edits one of the tasks: its row must show up as a conflict.
    await app.callApi('tasks.update', { id: ids[1], standard: '建成研发制造基地 2 个' });

    await reports.upload({ name: download.suggestedFilename(), buffer: filled });
    await expect(reports.preview).toContainText('填报日期');
    await expect(reports.preview).toContainText(E2E_TODAY);
    await expect(reports.previewRow('4.1.1.1')).toHaveAttribute('data-action', 'report');
    await expect(reports.previewRow('4.1.1.1')).toContainText('完成进度');
    await expect(reports.previewRow('4.1.1.2')).toHaveAttribute('data-action', 'conflict');
    await expect(reports.previewRow('4.1.1.3')).toHaveAttribute('data-action', 'unchanged');
    if (shots) await reports.templates.screenshot({ path: `${shots}/import-preview.png` });

    await reports.previewRow('4.1.1.2').getByRole('checkbox', { name: '仍然导入' }).check();
    await reports.preview.getByRole('button', { name: /确认导入（2 项）/u }).click();
    await expect(page.getByText('导入完成：记入 2 项进展')).toBeVisible();

    const task = await app.callApi<{ status: string; percent: number; reports: { source: string; sourceRef: string; unitName: string }[] }>('tasks.get', { id: ids[0] });
    expect(task).toMatchObject({ status: '序时推进', percent: 60 });
    expect(task.reports[0]).toMatchObject({ source: 'import', sourceRef: download.suggestedFilename(), unitName: '省商务厅' });

    // The same file again changes nothing.
    await reports.upload({ name: download.suggestedFilename(), buffer: filled });
    await expect(reports.preview).toContainText('记入 0 项');
    await expect(reports.preview.getByRole('button', { name: /确认导入/u })).toBeDisabled();
  });

  test('a bad file gets a Chinese error naming the problem, and no preview', async ({ app }) => {
    const reports = new ReportsPage(app.page);
    await reports.open();
    await reports.upload({ name: '进展.xlsx', buffer: Buffer.from('任务编号,完成进度\n4.1.1.1,60\n') });
    const alert = app.page.getByRole('alert').filter({ hasText: '文件未导入' });
    await expect(alert).toContainText('不是 Excel 工作簿（.xlsx）');
    await expect(reports.preview).toHaveCount(0);
  });

  test('我的任务 exports the unit’s 填报模板', async ({ app }) => {
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    const unitId = units.find((unit) => unit.name === '省商务厅')!.id;
    const listed = await app.callApi<TaskListed>('tasks.list', {});
    await app.callApi('tasks.assign', { taskIds: [listed.rows.find((row) => row.code === '4.1.1.1')!.id], leadUnitId: unitId });
    await app.actAs({ role: 'unit', unitId, person: '测试员' });
    await app.page.reload();
    const mine = new MyTasksPage(app.page);
    await mine.open();
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByRole('button', { name: '导出填报模板' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^省商务厅_截至\d{4}-\d{2}-\d{2}_进展填报模板\.xlsx$/u);
  });
});
