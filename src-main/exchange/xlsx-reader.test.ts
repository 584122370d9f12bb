import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { sheetCells } from './xlsx-cells';
import { checkXlsx } from './xlsx-guard';
import { parseInWorker, parserStartCount, readXlsx } from './xlsx-reader';

/** The parse runs in a worker thread: a file that needs more memory or time than allowed ends the worker, not the app. */

/** The parts of a sheet of `rows` × 12 distinct texts, as xlsx-guard.ts hands them to the parser. */
async function bigSheet(rows: number): Promise<Map<string, Buffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('数据');
  for (let r = 1; r <= rows; r++) sheet.addRow(Array.from({ length: 12 }, (_, c) => `第${r}行第${c + 1}列：积极承接京津冀产业转移`));
  return checkXlsx(Buffer.from(await workbook.xlsx.writeBuffer())).parts;
}

describe('parsing in a worker', () => {
  it('reads plain cell data back: text, numbers with their percentage format, dates, formulas as results', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('表');
    sheet.getCell('A1').value = '文字';
    sheet.getCell('B1').value = 0.6;
    sheet.getCell('B1').numFmt = '0%';
    sheet.getCell('C1').value = new Date(Date.UTC(2025, 3, 8));
    sheet.getCell('D1').value = { formula: '1+1', result: 2 };
    sheet.getCell('E1').value = { richText: [{ text: '富' }, { text: 'Text' }] };
    const { workbook: read } = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(sheetCells(read.sheets[0]!)).toEqual([
      [1, 1, { t: 's', v: '文字' }],
      [1, 2, { t: 'n', v: 0.6, pct: true }],
      [1, 3, { t: 'd', v: '2025-04-08T00:00:00.000Z' }],
      [1, 4, { t: 'n', v: 2, pct: false }],
      [1, 5, { t: 's', v: '富Text' }],
    ]);
  });

  it('reads what other programs write: absolute part paths, inline and rich text, phonetic guides, typed dates, 1904 dates, formulas without results, merged ranges, hidden sheets', async () => {
    // Written by hand as openpyxl, WPS or a script might: nothing here comes from exceljs.
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    zip.file(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="${main}" xmlns:r="${rel}"><x:workbookPr date1904="1"/><x:sheets>` +
        `<x:sheet name="数据" sheetId="1" r:id="rId1"/><x:sheet name="隐藏" sheetId="2" state="veryHidden" r:id="rId2"/></x:sheets></x:workbook>`,
    );
    zip.file(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="/xl/worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${rel}/worksheet" Target="worksheets/sheet2.xml"/>` +
        `<Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId4" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    );
    zip.file('xl/sharedStrings.xml', `<sst xmlns="${main}"><si><r><t>富</t></r><r><t xml:space="preserve">文本 </t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></si><si><t>A &amp; B</t></si></sst>`);
    zip.file('xl/styles.xml', `<styleSheet xmlns="${main}"><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="164"/></cellXfs></styleSheet>`);
    zip.file(
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="${main}"><sheetData>` +
        `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>行</t></r><r><t>内</t></r></is></c><c r="C1" s="1"><v>0.25</v></c><c r="D1" s="2"><v>0</v></c></row>` +
        `<row r="2"><c r="A2" t="d"><v>2025-04-08T00:00:00Z</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="str"><f>A1</f><v>公式结果</v></c><c r="E2"><f>1+1</f></c><c r="F2"><f>2+2</f><v></v></c><c r="G2" t="str"><f>""</f><v></v></c></row>` +
        `<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>0</v></c></row>` +
        `</sheetData><mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells></worksheet>`,
    );
    zip.file('xl/worksheets/sheet2.xml', `<worksheet xmlns="${main}"><sheetData><row><c><v>7</v></c></row></sheetData></worksheet>`);
    const { workbook } = await readXlsx(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(workbook.sheets.map((sheet) => ({ name: sheet.name, state: sheet.state, merges: sheet.merges, cells: sheetCells(sheet) }))).toEqual([
      {
        name: '数据',
        state: 'visible',
        merges: [{ top: 3, left: 1, bottom: 3, right: 2 }],
        cells: [
          [1, 1, { t: 's', v: '富文本 ' }],
          [1, 2, { t: 's', v: '行内' }],
          [1, 3, { t: 'n', v: 0.25, pct: true }],
          // 1904 date system: serial 0 is 1904-01-01.
          [1, 4, { t: 'd', v: '1904-01-01T00:00:00.000Z' }],
          [2, 1, { t: 'd', v: '2025-04-08T00:00:00.000Z' }],
          [2, 2, { t: 'b', v: true }],
          [2, 3, { t: 'e', v: '#N/A' }],
          [2, 4, { t: 's', v: '公式结果' }],
          // A formula without a result (<f> and no <v>) is kept as one, not read as an empty cell.
          [2, 5, { t: 'f', v: '1+1' }],
          // openpyxl's way of writing one: an empty <v>. A text formula's empty <v> is its (empty) result.
          [2, 6, { t: 'f', v: '2+2' }],
          [2, 7, { t: 's', v: '' }],
          // B3 lies under the merged range A3:B3: only its first cell is data.
          [3, 1, { t: 's', v: 'A & B' }],
        ],
      },
      { name: '隐藏', state: 'veryHidden', merges: [], cells: [[1, 1, { t: 'n', v: 7, pct: false }]] },
    ]);
  });

  it('contains a parse that runs out of its memory limit, with a Chinese message', async () => {
    const bytes = await bigSheet(4000);
    await expect(parseInWorker(bytes, { heapMb: 8, timeoutMs: 60_000 })).rejects.toThrow(/超出 8 MB 的内存上限/u);
    // The app is still here, and a normal parse works afterwards.
    expect(sheetCells((await parseInWorker(await bigSheet(3))).sheets[0]!)).toHaveLength(36);
  }, 120_000);

  it('parses in-process when a worker cannot be started at all', async () => {
    const missing = new URL('./no-such-worker.mjs', import.meta.url);
    expect(sheetCells((await parseInWorker(await bigSheet(2), { heapMb: 512, timeoutMs: 30_000, workerUrl: missing })).sheets[0]!)).toHaveLength(24);
  });

  it('parses the next file in the worker kept from the last one that parsed well, and never in one whose parse failed', async () => {
    const [first, second, third] = [await bigSheet(2), await bigSheet(5), await bigSheet(3)];
    await parseInWorker(first);
    const before = parserStartCount();
    // The kept worker reads each file's own cells, not the last one's.
    expect(sheetCells((await parseInWorker(second)).sheets[0]!)).toHaveLength(60);
    expect(sheetCells((await parseInWorker(third)).sheets[0]!)).toHaveLength(36);
    expect(parserStartCount()).toBe(before);
    // A parse that fails (here: out of its memory) takes its worker with it; the next file gets a new one.
    await expect(parseInWorker(await bigSheet(4000), { heapMb: 8, timeoutMs: 60_000 })).rejects.toThrow(/超出 8 MB 的内存上限/u);
    const afterFailure = parserStartCount();
    expect(sheetCells((await parseInWorker(first, { heapMb: 8, timeoutMs: 60_000 })).sheets[0]!)).toHaveLength(24);
    expect(parserStartCount()).toBe(afterFailure + 1);
  }, 120_000);

  it('stops a parse that takes too long', async () => {
    await expect(parseInWorker(await bigSheet(3000), { heapMb: 512, timeoutMs: 1 })).rejects.toThrow(/解析超过 0.001 秒/u);
  }, 60_000);
});
