import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { loadWorkbook } from '../exchange/testing/template-edit';
import { addPlainSheet, addTableSheet, cleanCellText, CONTINUED_MARK, escapeCsvField, newWorkbook, sheetName, workbookBytes } from './sheet-layout';
import { displayWidth, MAX_ROW_HEIGHT, rowHeightFor, splitWrapped, wrappedLines } from './text-metrics';

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
    // The 公文 title face; the body stays 宋体.
    expect(sheet.getCell('A1').font.name).toBe('方正小标宋简体');
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

  it('styles and sizes every row of a long table, not just the first ones (rows are written as they go)', async () => {
    const workbook = newWorkbook();
    const rows = Array.from({ length: 600 }, (_, i) => [i + 1, i % 7 === 0 ? `${LONG}\n${LONG}` : '短', i % 3 === 0 ? 55.5 : null, new Date(Date.UTC(2025, 0, 1 + (i % 28)))]);
    addTableSheet(workbook, {
      name: '明细',
      title: '明细',
      meta: [],
      columns: [
        { header: '序号', align: 'center' },
        { header: '内容', width: 24 },
        { header: '进度', width: 8, numFmt: '0.0"%"' },
        { header: '日期', width: 12 },
      ],
      rows,
      rowFills: rows.map((_, i) => (i % 5 === 0 ? 'FFFFC7CE' : null)),
      notes: ['共 600 项。'],
    });
    const sheet = (await loadWorkbook(await workbookBytes(workbook))).getWorksheet('明细')!;
    for (const [i, values] of rows.entries()) {
      const row = sheet.getRow(4 + i);
      expect(row.height, `row ${4 + i}`).toBe(rowHeightFor(wrappedLines(String(values[1]), 24), 11));
      const text = row.getCell(2);
      expect([text.value, text.font.name, text.border.left?.style, text.alignment.wrapText]).toEqual([values[1], '宋体', 'thin', true]);
      expect(row.getCell(1).alignment.horizontal).toBe('center');
      expect(row.getCell(3).numFmt).toBe('0.0"%"');
      expect(row.getCell(3).border.bottom?.style).toBe('thin');
      // A date keeps its date format even where it shares a column style with other cells.
      expect(row.getCell(4).value).toEqual(values[3]);
      expect(row.getCell(4).numFmt).toMatch(/d/u);
      const fill = row.getCell(2).fill;
      expect(fill?.type === 'pattern' ? fill.fgColor?.argb : undefined).toBe(i % 5 === 0 ? 'FFFFC7CE' : undefined);
    }
    expect(sheet.getCell(4 + rows.length + 1, 1).text).toBe('共 600 项。');
  });

  it('writes a protected sheet’s parts in the order Excel requires, with its validation ranges and print options', async () => {
    const workbook = newWorkbook();
    addTableSheet(workbook, {
      name: '填报表',
      title: '填报表',
      meta: [
        { label: '填报单位', value: '省商务厅' },
        { label: '填报日期', value: '', editable: true, numFmt: 'yyyy-mm-dd' },
      ],
      columns: [
        { header: '序号' },
        { header: '任务编号' },
        { header: '具体任务', width: 30 },
        { header: '完成状态', editable: true, validation: { type: 'list', allowBlank: false, formulae: ['"滞后,序时推进"'] } },
        { header: '完成进度', editable: true },
        { header: '备注' },
        { header: '系统键', hidden: true },
      ],
      rows: Array.from({ length: 50 }, (_, i) => [i + 1, `4.1.1.${i + 1}`, LONG, '滞后', 10, '', `key-${i}`]),
      protection: { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true },
    });
    addPlainSheet(workbook, { name: '模板信息', state: 'veryHidden', rows: [['格式', 'plan-desk-template/1']], protection: { selectLockedCells: true } });
    const bytes = await workbookBytes(workbook);
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    const order = ['</sheetData>', '<sheetProtection', '<mergeCells', '<dataValidations', '<printOptions horizontalCentered="1"/>', '<pageMargins', '<pageSetup', '<headerFooter'];
    const positions = order.map((part) => xml.indexOf(part));
    expect(positions.every((at) => at >= 0), `all of ${order.join(' ')}`).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(xml).toContain('sqref="D4:D53"');

    const read = await loadWorkbook(bytes);
    const sheet = read.getWorksheet('填报表')!;
    expect(sheet.getCell('D53').protection).toMatchObject({ locked: false });
    expect(sheet.getCell('B53').protection?.locked).not.toBe(false);
    expect(sheet.getColumn(7).hidden).toBe(true);
    // The empty 填报日期 input (E2, merged over F2 too): unlocked, a date format, and read back as empty text.
    expect([sheet.getCell('D2').text, sheet.getCell('F2').master.address, sheet.getCell('F2').text]).toEqual(['填报日期：', 'E2', '']);
    expect(sheet.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('E2').protection).toMatchObject({ locked: false });
    expect(read.getWorksheet('模板信息')!.state).toBe('veryHidden');
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

  it('continues a cell too long for one row on the rows below, every character kept in order (Excel caps a row at 409 pt)', async () => {
    const long = Array.from({ length: 200 }, (_, i) => `第${i + 1}条推进重点项目建设取得新进展。`).join('').slice(0, 3000);
    const workbook = newWorkbook();
    addTableSheet(workbook, {
      name: '进展',
      title: '进展',
      meta: [],
      columns: [{ header: '序号', align: 'center' }, { header: '本期进展情况', width: 34 }, { header: '备注', width: 10 }],
      rows: [[1, '短', ''], [2, long, '备注'], [3, '短', '']],
      rowFills: [null, 'FFFFC7CE', null],
      notes: ['说明'],
    });
    const sheet = (await loadWorkbook(await workbookBytes(workbook))).getWorksheet('进展')!;
    const texts: string[] = [];
    let row = 5;
    for (; sheet.getCell(row, 1).text !== '3'; row++) {
      texts.push(sheet.getCell(row, 2).text);
      expect(sheet.getRow(row).height, `row ${row}`).toBeLessThan(MAX_ROW_HEIGHT);
      // The continued record keeps its fill; only its first row holds the other cells.
      const fill = sheet.getCell(row, 2).fill;
      expect(fill?.type === 'pattern' ? fill.fgColor?.argb : undefined).toBe('FFFFC7CE');
      if (row > 5) expect([sheet.getCell(row, 1).text, sheet.getCell(row, 3).text]).toEqual(['', '']);
    }
    expect([sheet.getCell(5, 1).text, sheet.getCell(5, 3).text]).toEqual(['2', '备注']);
    expect(texts.length).toBeGreaterThanOrEqual(8);
    expect(texts.slice(1).every((text) => text.startsWith(CONTINUED_MARK))).toBe(true);
    expect(texts.map((text) => text.replace(CONTINUED_MARK, '')).join('')).toBe(long);
    // The rows and notes below move down, and the print area reaches them.
    expect(sheet.getCell(row + 2, 1).text).toBe('说明');
    expect(sheet.pageSetup.printArea).toBe(`A1:C${row + 2}`);
  });

  it('keeps one sheet row per data row where asked (the template), its long text shown from the top', async () => {
    const workbook = newWorkbook();
    addTableSheet(workbook, { name: '填报表', title: '填报表', meta: [], columns: [{ header: '本期进展情况', width: 34 }], rows: [['长'.repeat(1000)], ['短']], oneRowPerLine: true });
    const sheet = (await loadWorkbook(await workbookBytes(workbook))).getWorksheet('填报表')!;
    expect([sheet.getCell('A4').text.length, sheet.getCell('A5').text, sheet.getRow(4).height]).toEqual([1000, '短', MAX_ROW_HEIGHT]);
    expect([sheet.getCell('A4').alignment.vertical, sheet.getCell('A5').alignment.vertical]).toEqual(['top', 'middle']);
  });

  it('cuts long text into parts of whole lines: never inside a Latin word or a character, joined they are the text', () => {
    const text = `${'推进项目建设'.repeat(30)}Shanghai Electric 签约 𠮷${'第一行\n'.repeat(30)}${'取得新进展。'.repeat(40)}`;
    const parts = splitWrapped(text, 20, 5);
    for (const part of parts) expect(wrappedLines(part, 20), part).toBeLessThanOrEqual(5);
    // A cut at a line break drops that break; everywhere else the parts join up.
    expect(parts.join('\n').replace(/\n/gu, '')).toBe(text.replace(/\n/gu, ''));
    for (const [i, part] of parts.slice(1).entries()) {
      expect(/[A-Za-z]$/u.test(parts[i]!) && /^[A-Za-z]/u.test(part), `${parts[i]} | ${part}`).toBe(false);
      expect(part.charCodeAt(0) >= 0xdc00 && part.charCodeAt(0) <= 0xdfff).toBe(false);
    }
  });
});
