import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseInWorker, readXlsx } from './xlsx-reader';

/** The parse runs in a worker thread: a file that needs more memory or time than allowed ends the worker, not the app. */

async function bigSheet(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('数据');
  for (let r = 1; r <= rows; r++) sheet.addRow(Array.from({ length: 12 }, (_, c) => `第${r}行第${c + 1}列：积极承接京津冀产业转移`));
  return Buffer.from(await workbook.xlsx.writeBuffer());
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
    expect(read.sheets[0]!.cells).toEqual([
      [1, 1, { t: 's', v: '文字' }],
      [1, 2, { t: 'n', v: 0.6, pct: true }],
      [1, 3, { t: 'd', v: '2025-04-08T00:00:00.000Z' }],
      [1, 4, { t: 'n', v: 2, pct: false }],
      [1, 5, { t: 's', v: '富Text' }],
    ]);
  });

  it('contains a parse that runs out of its memory limit, with a Chinese message', async () => {
    const bytes = await bigSheet(4000);
    await expect(parseInWorker(bytes, { heapMb: 16, timeoutMs: 60_000 })).rejects.toThrow(/超出 16 MB 的内存上限/u);
    // The app is still here, and a normal parse works afterwards.
    expect((await parseInWorker(await bigSheet(3))).sheets[0]!.cells).toHaveLength(36);
  }, 120_000);

  it('parses in-process when a worker cannot be started at all', async () => {
    const missing = new URL('./no-such-worker.mjs', import.meta.url);
    expect((await parseInWorker(await bigSheet(2), { heapMb: 512, timeoutMs: 30_000, workerUrl: missing })).sheets[0]!.cells).toHaveLength(24);
  });

  it('stops a parse that takes too long', async () => {
    await expect(parseInWorker(await bigSheet(3000), { heapMb: 512, timeoutMs: 1 })).rejects.toThrow(/解析超过 0.001 秒/u);
  }, 60_000);
});
