import ExcelJS from 'exceljs';
import { headerRole, type TemplateRole } from '../template-format';

/** Filling in a 填报模板 as a unit would in Excel: for unit tests and the e2e suite alike (exceljs only, no database). */

export type RowEdit = Partial<Record<'progress' | 'percent' | 'status' | 'problems' | 'nextSteps' | 'coordination', string | number | null>>;

/** Opens a template, finds the header by the 系统键 column and the rows by 任务编号, and writes what a unit would. */
export async function editTemplate(
  bytes: Buffer,
  edits: Record<string, RowEdit>,
  options: { filledOn?: string | number | Date; change?: (sheet: ExcelJS.Worksheet, at: TemplateLocator) => void } = {},
): Promise<Buffer> {
  const workbook = await loadWorkbook(bytes);
  const sheet = workbook.getWorksheet('填报表')!;
  const at = locate(sheet);
  for (const [code, edit] of Object.entries(edits)) {
    const row = at.rowOf(code);
    for (const [role, value] of Object.entries(edit) as [TemplateRole, string | number | null][]) sheet.getCell(row, at.column(role)).value = value;
  }
  if (options.filledOn !== undefined) sheet.getCell(2, at.filledOnColumn).value = options.filledOn;
  options.change?.(sheet, at);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** exceljs's typings want an ArrayBuffer-backed Buffer; a copy of the bytes is one. */
export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}

export interface TemplateLocator {
  headerRow: number;
  filledOnColumn: number;
  column(role: TemplateRole): number;
  rowOf(code: string): number;
}

export function locate(sheet: ExcelJS.Worksheet): TemplateLocator {
  let headerRow = 0;
  const columns = new Map<TemplateRole, number>();
  sheet.eachRow((row, rowNumber) => {
    if (headerRow) return;
    row.eachCell((cell, column) => {
      const role = headerRole(cell.text);
      if (role) columns.set(role, column);
    });
    if (columns.has('key')) headerRow = rowNumber;
    else columns.clear();
  });
  let filledOnColumn = 0;
  sheet.getRow(2).eachCell((cell, column) => {
    if (cell.text.startsWith('填报日期')) filledOnColumn = column + 1;
  });
  return {
    headerRow,
    filledOnColumn,
    column: (role) => columns.get(role)!,
    rowOf: (code) => {
      for (let r = headerRow + 1; r <= sheet.rowCount; r++) if (sheet.getCell(r, columns.get('code')!).text === code) return r;
      throw new Error(`no row for ${code}`);
    },
  };
}


/**
 * A copy of a sheet's cells (values, number formats, merges) under another name, as 移动或复制工作表 → 建立副本 makes
 * one: what the import sees of a copied sheet.
 */
export function copySheet(workbook: ExcelJS.Workbook, from: ExcelJS.Worksheet, name: string): ExcelJS.Worksheet {
  const copy = workbook.addWorksheet(name);
  from.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const target = copy.getCell(rowNumber, column);
      target.value = cell.value;
      target.numFmt = cell.numFmt;
    });
  });
  for (const range of from.model.merges) copy.mergeCells(range);
  return copy;
}
