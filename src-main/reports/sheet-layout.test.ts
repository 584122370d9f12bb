import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { loadWorkbook } from '../exchange/testing/template-edit';
import { addTableSheet, cleanCellText, escapeCsvField, newWorkbook, sheetName, workbookBytes } from './sheet-layout';
import { displayWidth, rowHeightFor, wrappedLines } from './text-metrics';

const LONG = '积极承接京津冀产业转移，围绕装备制造、新材料、现代物流等重点领域开展精准招商，推动一批标志性项目落地见效。';

async function sample() {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '进展情况表',
    title: '省商务厅任务进展情况表',
    meta: [
      { label: '填报单位', value: '省商务厅' },
      { label: '填报日期', value: '2025-04-10' },
      { label: '调度期', value: '2025年第一季度调度' },
    ],
    columns: [
      { header: '序号', align: 'center' },
      { header: '任务编号' },
      { header: '具体任务', width: 30 },
      { header: '完成进度', width: 8, numFmt: '0"%"' },
      { header: '备注', width: 20 },
    ],
    rows: [
      [1, '4.1.1.1', LONG, 60, '=SUM(A1:A9)'],
      [2, '4.1.1.2', '短', 30, '+86 351 1234567'],
      [3, '4.1.1.3', '第一行\n第二行\n第三行', 0, '@所有人 -注意'],
    ],
    freezeColumns: 2,
  });
  return workbookBytes(workbook);
}

describe('the shared sheet layout', () => {
  it('lays out title, meta line, bold bordered header, 宋体, wrapped rows tall enough, frozen header and A4 landscape print', async () => {
    const bytes = await sample();
    const sheet = (await loadWorkbook(bytes)).getWorksheet('进展情况表')!;
    expect(sheet.getCell('A1').text).toBe('省商务厅任务进展情况表');
    expect(sheet.getCell('A1').isMerged).toBe(true);
    expect(sheet.getCell('E1').master.address).toBe('A1');
    expect(sheet.getCell('A2').text).toBe('填报单位：省商务厅');
    expect([sheet.getCell('A3').font.bold, sheet.getCell('A3').font.name, sheet.getCell('A3').border.bottom?.style]).toEqual([true, '宋体', 'thin']);
    expect(sheet.getCell('C4').alignment.wrapText).toBe(true);
    expect(sheet.getCell('C4').font.name).toBe('宋体');
    // Row heights fit the wrapped text: the long task takes several lines, the short row one, the three-line cell three.
    expect(sheet.getRow(4).height).toBe(rowHeightFor(wrappedLines(LONG, 30), 11));
    expect(sheet.getRow(4).height).toBeGreaterThan(sheet.getRow(5).height * 2);
    expect(sheet.getRow(6).height).toBe(rowHeightFor(3, 11));
    // Columns fit Chinese: 任务编号's width is fitted to its header and content.
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(displayWidth('4.1.1.1'));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(sheet.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
  });

  it('keeps user text that starts with = + - @ as text, never a formula', async () => {
    const bytes = await sample();
    const sheet = (await loadWorkbook(bytes)).getWorksheet('进展情况表')!;
    expect(sheet.getCell('E4').value).toBe('=SUM(A1:A9)');
    expect(sheet.getCell('E4').numFmt).toBe('@');
    expect(sheet.getCell('E5').value).toBe('+86 351 1234567');
    expect(sheet.getCell('E6').value).toBe('@所有人 -注意');
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).not.toContain('<f>');
  });

  it('escapes formula-like text for CSV, cleans what a cell cannot hold, and names sheets as Excel allows', () => {
    expect(escapeCsvField('=1+1')).toBe(`"'=1+1"`);
    expect(escapeCsvField('-较上月')).toBe(`"'-较上月"`);
    expect(escapeCsvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(escapeCsvField('普通文字')).toBe('普通文字');
    expect(escapeCsvField('含,逗号')).toBe('"含,逗号"');
    expect(cleanCellText('a\u0000b\u0007c\r\nd')).toBe('abc\nd');
    expect(cleanCellText('长'.repeat(40_000)).length).toBeLessThanOrEqual(32_767);
    expect(sheetName('2025/第一季度:汇总[全省]*?超过三十一个字符的工作表名称会被截断')).toHaveLength(31);
  });
});
