// Parses an .xlsx with exceljs inside a worker thread whose heap is capped (see xlsx-reader.ts), and hands back
// only plain cell data. Plain JavaScript on purpose: the same file runs under vitest (from the source folder) and
// in the built app (as its own entry in electron.vite.config.ts), where a .ts worker could not be started.
// The shape it posts is `ExtractedWorkbook` in xlsx-cells.ts. `extract` is exported for the in-process fallback
// used when a worker cannot be started at all (see xlsx-reader.ts).
import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';

/** A cell's value as plain data: text, number (with whether it is shown as a percentage), date, boolean or error. */
function plain(value, numFmt, depth = 0) {
  if (value === null || value === undefined || depth > 3) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { t: 'd', v: value.toISOString() };
  if (typeof value === 'string') return { t: 's', v: value };
  if (typeof value === 'number') return Number.isFinite(value) ? { t: 'n', v: value, pct: typeof numFmt === 'string' && numFmt.includes('%') } : null;
  if (typeof value === 'boolean') return { t: 'b', v: value };
  if (typeof value === 'object') {
    // A formula (LibreOffice keeps formulas as { formula, result }): its last computed result is what the user saw.
    if ('formula' in value || 'sharedFormula' in value) return plain(value.result, numFmt, depth + 1);
    // Rich text (LibreOffice turns mixed Chinese/Latin text into runs): the runs' text joined.
    if (Array.isArray(value.richText)) return { t: 's', v: value.richText.map((run) => (run && typeof run.text === 'string' ? run.text : '')).join('') };
    if ('hyperlink' in value) return plain(value.text, numFmt, depth + 1);
    if ('error' in value) return { t: 'e', v: String(value.error) };
  }
  return null;
}

export async function extract(bytes) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const sheets = [];
  workbook.eachSheet((sheet) => {
    const cells = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        // A merged cell reads back with its master's value in every cell; only the master is the data.
        if (cell.isMerged && cell.master !== cell) return;
        const value = plain(cell.value, cell.numFmt);
        if (value !== null) cells.push([rowNumber, columnNumber, value]);
      });
    });
    const merges = Object.values(sheet._merges ?? {}).map((range) => ({ top: range.top, left: range.left, bottom: range.bottom, right: range.right }));
    sheets.push({ name: sheet.name, state: sheet.state ?? 'visible', merges, cells });
  });
  return { sheets };
}

if (parentPort && workerData && workerData.bytes) {
  // Says the worker (and exceljs) loaded, so the reader can tell a file that breaks the parse from a worker that
  // could not start.
  parentPort.postMessage({ ready: true });
  extract(workerData.bytes).then(
    (workbook) => parentPort.postMessage({ ok: true, workbook }),
    (error) => parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
}
