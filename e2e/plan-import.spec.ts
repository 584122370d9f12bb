import { makeDocxTable } from '../src-main/plan-import/testing/docx-fixture';
import { encodeGbk } from '../src-main/plan-import/testing/gbk';
import { DIVISION_TABLE_HEADER, DIVISION_TABLE_ROWS, DIVISION_TABLE_TITLE } from '../src-main/plan-import/testing/office-documents';
import { makeLedgerXlsx } from '../src-main/plan-import/testing/xlsx-fixture';
import { CITY_ACTION_PLAN } from '../src-main/plan-import/testing/sample-documents';
import { PlanImportPage } from './pages/plan-import-page';
import { PlanPage } from './pages/plan-page';
import { chooseOption, openOptions } from './pages/antd';
import { MyTasksPage, TaskBreakdownPage } from './pages/task-pages';
import { expect, test } from './support/fixtures';

const CITY_PLAN = '太原市深化区域融合发展三年行动方案（2023—2025年）';

test.describe('导入规划', () => {
  test('imports a second plan from a GBK text file, corrects the preview, saves it and assigns one of its tasks', async ({ app }) => {
    const { page } = app;
    const importer = new PlanImportPage(page);
    await importer.open();
    await importer.choose({ name: '行动方案.txt', mimeType: 'text/plain', buffer: Buffer.from(encodeGbk(CITY_ACTION_PLAN)) });

    await expect(page.getByLabel('规划名称')).toHaveValue(CITY_PLAN);
    await expect(page.getByText('文本文件（GB18030）')).toBeVisible();
    await expect(importer.count('章')).toHaveText('3');
    await expect(importer.count('措施')).toHaveText('6');
    await expect(importer.count('任务')).toHaveText('9');
    await expect(importer.count('拟分配')).toHaveText('5');
    await expect(importer.item('围绕新能源汽车')).toContainText('牵头：省商务厅');
    await expect(importer.item('围绕新能源汽车')).toContainText('时限：2025-06-30');
    await expect(importer.warnings).toContainText('民航山西监管局');
    // A name not in the unit list holds the save until the office says what it is.
    await expect(page.getByRole('button', { name: '确认导入' })).toBeDisabled();
    await importer.createUnit('民航山西监管局', '省直部门');
    await expect(importer.units).toHaveCount(0);
    await expect(importer.item('新开通太原至长三角城市航线')).toContainText('民航山西监管局（将新增）');
    // The covering notice and the web page are listed, not lost.
    await expect(importer.leftovers).toContainText('现将《太原市深化区域融合发展三年行动方案（2023—2025年）》印发给你们');

    // The office drops the background chapter, merges two tasks and names the implied section.
    await importer.select('一、 总体要求');
    await importer.act('删除');
    await expect(importer.count('章')).toHaveText('2');
    await importer.select('建立月调度制度。');
    await importer.act('与上一项合并');
    await expect(importer.item('成立工作专班')).toContainText('成立工作专班，统筹推进各项工作。建立月调度制度。');
    await expect(importer.count('任务')).toHaveText('8');
    await importer.select('（未分节）');
    await importer.rename('强化保障');
    // A refused edit says why and changes nothing.
    await importer.select('二、 重点任务');
    await importer.act('升一级');
    await expect(importer.editor.getByRole('alert')).toHaveText('章已是最高一级，不能再升级。');
    await expect(page.getByLabel('规划名称')).toHaveValue(CITY_PLAN);
    await importer.confirm();

    // Back on the plan page, the switcher is on the new plan and its tree shows the corrected structure.
    await expect(page.getByText(/已导入《太原市深化区域融合发展三年行动方案（2023—2025年）》：2 章、6 项措施、8 项任务/)).toBeVisible();
    const switcher = page.getByLabel('规划范围').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]');
    await expect(switcher).toContainText(CITY_PLAN);
    await expect(page.getByRole('heading', { name: `《${CITY_PLAN}》` })).toBeVisible();
    const plan = new PlanPage(page);
    await expect(plan.tree.getByRole('treeitem').filter({ hasText: /^二、 重点任务/ })).toBeVisible();
    await expect(plan.tree.getByRole('treeitem').filter({ hasText: '总体要求' })).toHaveCount(0);
    await plan.expand('三、 保障措施');
    await plan.expand('强化保障');
    await plan.expand('2.1.1 加强组织领导');
    await expect(plan.treeItem('2.1.1.1 成立工作专班，统筹推进各项工作。建立月调度制度。')).toBeVisible();

    // Both plans are in the switcher.
    const options = await openOptions(page, switcher);
    await expect(options.getByTitle('全部规划')).toBeVisible();
    await expect(options.getByTitle(CITY_PLAN)).toBeVisible();
    await expect(options.getByTitle(/山西省“十四五”京津冀/)).toBeVisible();
    await page.keyboard.press('Escape');

    // 任务分解 follows the switcher: the imported units are there, and the office assigns one more task.
    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await expect(breakdown.summary).toContainText('共 8 项');
    await expect(breakdown.row('1.1.1.1')).toContainText('省发展改革委');
    await breakdown.select(['2.1.1.1']);
    await breakdown.bulkAssign({ lead: '省商务厅' });
    await expect(page.getByText('已分配 1 项任务')).toBeVisible();
    await expect(breakdown.row('2.1.1.1')).toContainText('省商务厅');

    // 我的任务 follows the switcher too: 省商务厅 also leads a task of the shipped plan, listed only under 全部规划.
    const units = await app.callApi<{ id: number; name: string }[]>('units.list', {});
    const shipped = (await app.callApi<{ id: number; title: string }[]>('plan.list', {})).find((p) => p.title !== CITY_PLAN)!;
    const shippedTask = (await app.callApi<{ rows: { id: number; code: string }[] }>('tasks.list', { planId: shipped.id, limit: 1 })).rows[0]!;
    await app.callApi('tasks.assign', { taskIds: [shippedTask.id], leadUnitId: units.find((u) => u.name === '省商务厅')!.id });
    const mine = new MyTasksPage(page);
    await mine.open();
    await chooseOption(page, page.getByLabel('查看单位').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), '省商务厅');
    // 1.1.2.1 was proposed for 省商务厅 by the import, 2.1.1.1 assigned above.
    await expect.poll(() => mine.codes()).toEqual(['1.1.2.1', '2.1.1.1']);
    await expect(mine.tab(/牵头任务（2）/)).toBeVisible();
    await chooseOption(page, switcher, '全部规划');
    await expect(mine.tab(/牵头任务（3）/)).toBeVisible();
    expect(await mine.codes()).toEqual(expect.arrayContaining(['1.1.2.1', '2.1.1.1', shippedTask.code]));
  });

  test('imports a 分工表 from a Word table: maps its columns, settles a unit, saves and assigns', async ({ app }) => {
    const { page } = app;
    const importer = new PlanImportPage(page);
    await importer.open();
    const docx = await makeDocxTable([DIVISION_TABLE_TITLE], DIVISION_TABLE_HEADER, DIVISION_TABLE_ROWS, ['注：各单位每季度末报送进展情况。']);
    await importer.choose({ name: '分工表.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(docx) });

    await expect(page.getByLabel('规划名称')).toHaveValue(DIVISION_TABLE_TITLE);
    await expect(page.getByLabel('开始年份')).toHaveValue('2024');
    await expect(page.getByLabel('结束年份')).toHaveValue('2025');
    await expect(importer.count('章')).toHaveText('1');
    await expect(importer.count('措施')).toHaveText('3');
    await expect(importer.count('任务')).toHaveText('5');
    await expect(importer.item('建立跨区域产业链供需对接平台')).toContainText('牵头：省发展改革委');
    await expect(importer.leftovers).toContainText('注：各单位每季度末报送进展情况。');

    // The office reads 重点任务 as the chapters instead, and the table is read again.
    await importer.mapColumn('章/领域', '第 2 列：重点任务');
    await importer.mapColumn('重点任务（措施）', '（不读取）');
    await importer.readAgain();
    await expect(importer.count('章')).toHaveText('3');
    await expect(importer.count('任务')).toHaveText('5');

    // 市人力资源和社会保障局 is not in the list: the office says it means 省人力资源社会保障厅.
    await importer.mapUnit('市人力资源和社会保障局', '省人力资源社会保障厅');
    await expect(importer.units).toHaveCount(0);
    await expect(importer.item('互认旅游年票')).toContainText('配合：省人力资源社会保障厅');
    await importer.confirm();
    await expect(page.getByText(`已导入《${DIVISION_TABLE_TITLE}》：3 章、5 项措施、5 项任务`)).toBeVisible();

    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await expect(breakdown.summary).toContainText('共 5 项');
    await expect(breakdown.row('1.1.1.1')).toContainText('省发展改革委');
    await expect(breakdown.row('2.1.2.1')).toContainText('省文化和旅游厅');
    await breakdown.select(['2.1.1.1']);
    await breakdown.bulkAssign({ lead: '省商务厅' });
    await expect(page.getByText('已分配 1 项任务')).toBeVisible();
    await expect(breakdown.row('2.1.1.1')).toContainText('省商务厅');
  });

  test('imports an Excel 台账: adds the unit it names, saves and assigns', async ({ app }) => {
    const { page } = app;
    const importer = new PlanImportPage(page);
    await importer.open();
    const xlsx = await makeLedgerXlsx(DIVISION_TABLE_TITLE, DIVISION_TABLE_HEADER, DIVISION_TABLE_ROWS);
    await importer.choose({ name: '台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(xlsx) });

    await expect(page.getByText('Excel 工作簿')).toBeVisible();
    await expect(importer.columns).toContainText('工作表“任务台账”');
    await expect(importer.count('措施')).toHaveText('3');
    await expect(importer.count('任务')).toHaveText('5');
    await expect(importer.leftovers).toContainText('填报单位：省区域融合发展领导小组办公室');
    await importer.createUnit('市人力资源和社会保障局', '省直部门');
    await importer.confirm();
    await expect(page.getByText(`已导入《${DIVISION_TABLE_TITLE}》：1 章、3 项措施、5 项任务`)).toBeVisible();
    const units = await app.callApi<{ name: string; kind: string }[]>('units.list', {});
    expect(units.find((u) => u.name === '市人力资源和社会保障局')?.kind).toBe('department');

    const breakdown = new TaskBreakdownPage(page);
    await breakdown.open();
    await expect(breakdown.row('1.1.2.2')).toContainText('省文化和旅游厅');
    await breakdown.select(['1.1.2.1']);
    await breakdown.bulkAssign({ lead: '省商务厅' });
    await expect(page.getByText('已分配 1 项任务')).toBeVisible();
    await expect(breakdown.row('1.1.2.1')).toContainText('省商务厅');
  });

  test('an empty, binary or unrecognisable file gets a clear Chinese message and nothing is written', async ({ app }) => {
    const { page } = app;
    const importer = new PlanImportPage(page);
    await importer.open();
    await importer.choose({ name: '空白.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await expect(importer.error).toContainText('文件“空白.txt”为空');
    await importer.choose({ name: '图片.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]) });
    await expect(importer.error).toContainText('文件不是文本或 Word 文档（.docx）');
    await importer.choose({ name: '旧文档.doc', mimeType: 'application/msword', buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) });
    await expect(importer.error).toContainText('另存为“Word 文档（*.docx）”');
    await importer.choose({ name: '随笔.txt', mimeType: 'text/plain', buffer: Buffer.from('今天天气很好。我们去公园散步。', 'utf8') });
    await expect(importer.error).toContainText('未能识别出任何章节或条目，请确认这是一份规划文本');
    expect((await app.callApi<unknown[]>('plan.list', {})).length).toBe(1);
  });
});
