import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { checkXlsx, checkXlsxAsync, sheetExtent, sheetExtentInSlices, XLSX_LIMITS } from './xlsx-guard';

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
