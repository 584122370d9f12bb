import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { checkXlsx, checkXlsxAsync, columnNumber, forEachCellReference, sheetBytesExtentInSlices, sheetExtent, sheetExtentInSlices, XLSX_LIMITS } from './xlsx-guard';

/** A sheet of `rows` rows of long text cells; every seventh row without its r="…" (as some programs write them). */
function sheetXml(rows: number, options: { dimension?: string; lastCell?: string } = {}): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'];
  if (options.dimension) lines.push(`<dimension ref="${options.dimension}"/>`);
  lines.push('<sheetData>');
  for (let r = 1; r <= rows; r++) {
    const cells = ['A', 'B', 'C', 'D'].map((c) => `<c r="${c}${r}" t="inlineStr"><is><t>第${r}行的进展情况，完成项目前期手续办理，召开专题推进会议。</t></is></c>`).join('');
    lines.push(r % 7 === 0 ? `<row>${cells.replace(/ r="[A-D]\d+"/gu, '')}</row>` : `<row r="${r}">${cells}</row>`);
  }
  if (options.lastCell) lines.push(`<row r="${rows + 1}"><c r="${options.lastCell}"><v>1</v></c></row>`);
  lines.push('</sheetData></worksheet>');
  return lines.join('');
}

async function workbook(sheet: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file(
    'xl/workbook.xml',
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="填报表" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file('xl/worksheets/sheet1.xml', sheet);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the xlsx checks, off the event loop', () => {
  it('read a sheet a window at a time to the same extent as in one go, rows without numbers counted across windows', async () => {
    const xml = sheetXml(12_000, { dimension: 'A1:D12000', lastCell: 'AB12001' });
    let turns = 0;
    const sliced = await sheetExtentInSlices(xml, async () => {
      turns += 1;
      await immediate();
    });
    expect(sliced).toEqual(sheetExtent(xml));
    expect(sliced).toMatchObject({ declaredRows: 12_000, declaredColumns: 4, rows: 12_001, columns: 28 });
    // Several windows, the loop free between them.
    expect(turns).toBeGreaterThan(3);
  });

  it('read a sheet\'s bytes a window at a time to the same extent as its text, Chinese text and rows without numbers included', async () => {
    const xml = sheetXml(12_000, { dimension: 'A1:D12000', lastCell: 'AB12001' });
    let turns = 0;
    const sliced = await sheetBytesExtentInSlices(Buffer.from(xml, 'utf8'), async () => {
      turns += 1;
      await immediate();
    });
    expect(sliced).toEqual(sheetExtent(xml));
    expect(sliced).toMatchObject({ declaredRows: 12_000, declaredColumns: 4, rows: 12_001, columns: 28 });
    expect(turns).toBeGreaterThan(3);
  });

  it('check a 10,000-row workbook as the blocking check does, letting other work run while they do', async () => {
    const bytes = await workbook(sheetXml(10_000));
    let turns = 0;
    const checked = await checkXlsxAsync(bytes, async () => {
      turns += 1;
      await immediate();
    });
    const blocking = checkXlsx(bytes);
    expect(checked.maxRows).toBe(10_000);
    expect({ ...checked, parts: [...checked.parts.keys()] }).toEqual({ ...blocking, parts: [...blocking.parts.keys()] });
    expect(checked.parts.get('xl/worksheets/sheet1.xml')!.equals(blocking.parts.get('xl/worksheets/sheet1.xml')!)).toBe(true);
    expect(turns).toBeGreaterThan(3);
  });

  it('refuse a sheet past the row limit and a zip bomb with the same messages', async () => {
    const tooLong = await workbook(sheetXml(10, { lastCell: `A${XLSX_LIMITS.rows + 5}` }));
    await expect(checkXlsxAsync(tooLong, immediate)).rejects.toThrow(/“填报表”用到第 20005 行，超过 20000 行的导入上限/u);
    expect(() => checkXlsx(tooLong)).toThrow(/“填报表”用到第 20005 行/u);
    // 110 MB of one repeated character: a few hundred KB compressed, more than the cap inflated.
    const bomb = await workbook(`<worksheet>${'x'.repeat(110 * 1024 * 1024)}</worksheet>`);
    await expect(checkXlsxAsync(bomb, immediate)).rejects.toThrow(/解压后超过 100 MB 的上限/u);
  });
});

describe('cell references in a sheet', () => {
  /** What the extent check read each cell's reference with before, by a regular expression. */
  const byRegExp = (xml: string) => [...xml.matchAll(/<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]{1,4})(\d+)"/gu)].map((m) => [columnNumber(m[1]!), Number(m[2])]);
  const byHand = (xml: string) => {
    const found: number[][] = [];
    forEachCellReference(xml, (column, row) => found.push([column, row]));
    return found;
  };

  it('are read by hand as the regular expression read them, odd tags included', () => {
    const cases = [
      '<c r="A1"/>', '<x:c r="B22" s="1">', '<c:foo r="A1">', '<c:c r="AB3">', '<col r="A1">', '<cr="A1">', '<c xr="A1" r="C3">',
      '<c r="ABCDE1" r="B2">', '<c r="A" r="B2">', '<c r="A1>', '<c>r="A1"', '<c r="a9"><c r="IV65536">', '<:c r="A1">', '<c\tr="Z9">',
      '<c r="A12x" r="B1">', '<c s="1"r="A1">', '<_:c r="A1">', '<c1 r="A1">', 'text<c r="D4"', '<c r="XFD1048576">', '<c r="A1"<c r="B2">',
      '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="L3" s="2"/></row><x:c r="AAA9"/>',
    ];
    for (const xml of cases) expect(byHand(xml), xml).toEqual(byRegExp(xml));
  });

  it('are read by hand as the regular expression read them in a whole template', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('填报表');
    for (let r = 1; r <= 300; r++) sheet.addRow(Array.from({ length: 12 }, (_, c) => (c % 3 === 0 ? r * c : `第${r}行`)));
    sheet.getCell('AB400').value = '远处的单元格';
    const xml = checkXlsx(Buffer.from(await workbook.xlsx.writeBuffer())).parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(byHand(xml)).toEqual(byRegExp(xml));
    expect(byHand(xml).length).toBeGreaterThan(3600);
  });
});
