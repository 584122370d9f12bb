import ExcelJS, { type Borders, type Cell, type Worksheet } from 'exceljs';
import { displayWidth, rowHeightFor, wrappedLines } from './text-metrics';

/**
 * The one place that lays out a report sheet the way the offices expect (shared/DOMAIN.md): a merged title, the
 * 填报单位 / 填报日期 / 调度期 line, a bold bordered header, 宋体, wrapped text in rows tall enough for it, column
 * widths that fit Chinese, a frozen header, A4 landscape with the header repeated on every printed page and
 * 第 &P 页 共 &N 页 in the footer. Every report and the fill-in template go through `addTableSheet`, so none of
 * them repeats (or forgets) any of it.
 *
 * It is also the one place user text enters a cell: `putText` keeps it text (never a formula) and strips what
 * would make the file unreadable.
 */

export const FONT_NAME = '宋体';
export const BODY_FONT_SIZE = 11;
const HEADER_FONT_SIZE = 11;
const TITLE_FONT_SIZE = 16;
/** Excel refuses longer cell text. */
const MAX_CELL_TEXT = 32_767;

export type CellValue = string | number | Date | null | undefined;

export interface TableColumn {
  header: string;
  /** Width in Excel character units; when omitted, fitted to the header and the content between min and max. */
  width?: number;
  minWidth?: number;
  maxWidth?: number;
  align?: 'left' | 'center' | 'right';
  numFmt?: string;
  /** Kept in the file for the import, hidden from the user (and from printing). */
  hidden?: boolean;
  /** Template only: a column the unit fills in, left unlocked when the sheet is protected. */
  editable?: boolean;
}

export interface MetaItem {
  label: string;
  value: string;
  /** Template only: the value cell is left unlocked for the unit to fill in (e.g. 填报日期). */
  editable?: boolean;
}

export interface TableSheetSpec {
  /** Sheet tab name; cleaned to what Excel allows. */
  name: string;
  title: string;
  /** The line under the title: 填报单位 / 填报日期 / 调度期 (or what the report is scoped by). */
  meta: MetaItem[];
  columns: TableColumn[];
  rows: CellValue[][];
  /** Columns kept visible when scrolling sideways (序号, 任务编号…). */
  freezeColumns?: number;
  /** Lines printed under the table (说明, data sources…). */
  notes?: string[];
  /** Per data row, optional fill colour (ARGB) of the whole row, e.g. red/yellow warnings. */
  rowFills?: (string | null)[];
}

export interface TableSheetLayout {
  sheet: Worksheet;
  /** 1-based row numbers. */
  titleRow: number;
  metaRow: number;
  headerRow: number;
  firstDataRow: number;
  lastDataRow: number;
  /** Row of the editable meta value cells, by label; column number of its value cell. */
  metaInputs: Map<string, { row: number; column: number }>;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = 'FFE7E6E6';

export function newWorkbook(created: Date = new Date()): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '规划督办台';
  workbook.created = created;
  workbook.modified = created;
  return workbook;
}

/** Characters the XML of an xlsx cannot hold; a file containing them does not open in Excel. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** Text as it may go into a cell: no characters the file format cannot hold, no more than Excel shows. */
export function cleanCellText(text: string): string {
  const clean = text.replace(XML_INVALID, '').replace(/\r\n?/gu, '\n');
  return clean.length > MAX_CELL_TEXT ? `${clean.slice(0, MAX_CELL_TEXT - 8)}…（已截断）` : clean;
}

/** Text a spreadsheet would take for a formula if typed in, or read from a CSV file. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/u.test(text);
}

/**
 * For a CSV export (there is none yet): a cell starting with = + - @ (or a tab / carriage return) is prefixed with
 * an apostrophe so that Excel and WPS show it as text instead of running it, and the field is quoted.
 */
export function escapeCsvField(text: string): string {
  const safe = looksLikeFormula(text) ? `'${text}` : text;
  return /[",\r\n]/u.test(safe) || safe !== text ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

/**
 * Puts a value into a cell. A string is always written as a string: exceljs only writes a formula for a
 * `{ formula }` object, and text that starts like one also gets the Text number format, so that editing the cell
 * in Excel or WPS (F2, Enter) does not turn it into a formula either.
 */
export function putValue(cell: Cell, value: CellValue): void {
  if (value === null || value === undefined) {
    cell.value = null;
    return;
  }
  if (typeof value === 'string') {
    const text = cleanCellText(value);
    cell.value = text;
    if (looksLikeFormula(text)) cell.numFmt = '@';
    return;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    cell.value = null;
    return;
  }
  cell.value = value;
}

/** Cleans a sheet name the way Excel requires: ≤ 31 characters, none of []:*?/\ . */
export function sheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/gu, ' ').trim().slice(0, 31);
  return cleaned || '工作表';
}

function textOf(value: CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return '2024-01-01';
  if (typeof value === 'number') {
    const text = String(Math.round(value * 100) / 100);
    return numFmt?.includes('%') ? `${text}%` : text;
  }
  return value;
}

/** Fits a column to its header and content: the longest line, capped, so long text wraps instead. */
function fittedWidth(column: TableColumn, values: CellValue[]): number {
  if (column.width !== undefined) return column.width;
  const min = column.minWidth ?? 6;
  const max = column.maxWidth ?? 40;
  // A header wraps onto at most two lines, so it need not be as wide as its full text.
  const header = Math.max(...column.header.split('\n').map((part) => displayWidth(part) / (part.length > 4 ? 2 : 1)));
  let content = 0;
  for (const value of values) {
    for (const line of textOf(value, column.numFmt).split('\n')) content = Math.max(content, displayWidth(line));
  }
  return Math.round(Math.min(max, Math.max(min, header + 2, content + 2)) * 10) / 10;
}

/**
 * Adds a sheet holding one table, laid out and set up for printing. Rows: 1 title, 2 meta line, 3 header,
 * 4… data, then the notes.
 */
export function addTableSheet(workbook: ExcelJS.Workbook, spec: TableSheetSpec): TableSheetLayout {
  const sheet = workbook.addWorksheet(sheetName(spec.name), {
    properties: { defaultRowHeight: rowHeightFor(1, BODY_FONT_SIZE) },
  });
  const widths = spec.columns.map((column, index) => fittedWidth(column, spec.rows.map((row) => row[index])));
  spec.columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = widths[index]!;
    if (column.hidden) sheetColumn.hidden = true;
  });
  const visible = spec.columns.map((column, index) => ({ column, index })).filter((entry) => !entry.column.hidden);
  const lastVisible = visible.length > 0 ? visible[visible.length - 1]!.index + 1 : 1;
  const visibleWidth = visible.reduce((sum, entry) => sum + widths[entry.index]!, 0);
  const baseFont = { name: FONT_NAME, size: BODY_FONT_SIZE };

  // 1: the title, merged over the visible columns.
  const titleRow = 1;
  sheet.mergeCells(titleRow, 1, titleRow, lastVisible);
  const title = sheet.getCell(titleRow, 1);
  putValue(title, spec.title);
  title.font = { name: FONT_NAME, size: TITLE_FONT_SIZE, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.getRow(titleRow).height = rowHeightFor(wrappedLines(spec.title, visibleWidth / (TITLE_FONT_SIZE / BODY_FONT_SIZE)), TITLE_FONT_SIZE) + 8;

  // 2: 填报单位 / 填报日期 / 调度期, each item over an equal share of the visible columns.
  const metaRow = 2;
  const metaInputs = new Map<string, { row: number; column: number }>();
  let metaLines = 1;
  if (spec.meta.length > 0) {
    const spans = splitSpans(visible.map((entry) => entry.index + 1), spec.meta.length);
    spec.meta.forEach((item, i) => {
      const span = spans[i]!;
      const first = span[0]!;
      const last = span[span.length - 1]!;
      const spanWidth = span.reduce((sum, col) => sum + widths[col - 1]!, 0);
      if (item.editable && span.length >= 2) {
        // Label in the first column, the value to fill in over the rest, unlocked.
        const label = sheet.getCell(metaRow, first);
        putValue(label, `${item.label}：`);
        label.font = { ...baseFont, bold: true };
        label.alignment = { horizontal: 'right', vertical: 'middle' };
        if (span.length > 2) sheet.mergeCells(metaRow, span[1]!, metaRow, last);
        const value = sheet.getCell(metaRow, span[1]!);
        putValue(value, item.value);
        value.font = baseFont;
        value.alignment = { horizontal: 'left', vertical: 'middle' };
        value.border = { bottom: THIN };
        value.protection = { locked: false };
        metaInputs.set(item.label, { row: metaRow, column: span[1]! });
      } else {
        if (last > first) sheet.mergeCells(metaRow, first, metaRow, last);
        const cell = sheet.getCell(metaRow, first);
        const text = `${item.label}：${item.value}`;
        putValue(cell, text);
        cell.font = baseFont;
        cell.alignment = { horizontal: i === 0 ? 'left' : i === spec.meta.length - 1 ? 'right' : 'center', vertical: 'middle', wrapText: true };
        metaLines = Math.max(metaLines, wrappedLines(text, spanWidth));
      }
    });
  }
  sheet.getRow(metaRow).height = rowHeightFor(metaLines, BODY_FONT_SIZE) + 4;

  // 3: the header.
  const headerRow = 3;
  let headerLines = 1;
  spec.columns.forEach((column, index) => {
    const cell = sheet.getCell(headerRow, index + 1);
    putValue(cell, column.header);
    cell.font = { name: FONT_NAME, size: HEADER_FONT_SIZE, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    if (!column.hidden) headerLines = Math.max(headerLines, wrappedLines(column.header, widths[index]!));
  });
  sheet.getRow(headerRow).height = rowHeightFor(headerLines, HEADER_FONT_SIZE) + 4;

  // 4…: the data, every cell bordered and wrapped, each row as tall as its tallest cell.
  const firstDataRow = headerRow + 1;
  spec.rows.forEach((values, r) => {
    const rowNumber = firstDataRow + r;
    let lines = 1;
    const fill = spec.rowFills?.[r] ?? null;
    spec.columns.forEach((column, index) => {
      const cell = sheet.getCell(rowNumber, index + 1);
      const value = values[index];
      if (column.numFmt) cell.numFmt = column.numFmt;
      putValue(cell, value);
      cell.font = baseFont;
      cell.alignment = {
        horizontal: column.align ?? (typeof value === 'number' ? 'center' : 'left'),
        vertical: 'middle',
        wrapText: true,
      };
      cell.border = BORDER;
      if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      if (column.editable) cell.protection = { locked: false };
      if (!column.hidden) lines = Math.max(lines, wrappedLines(textOf(value, column.numFmt), widths[index]!));
    });
    sheet.getRow(rowNumber).height = rowHeightFor(lines, BODY_FONT_SIZE);
  });
  const lastDataRow = firstDataRow + spec.rows.length - 1;

  // Notes under the table, each merged over the visible width.
  let noteRow = Math.max(lastDataRow, headerRow) + 2;
  for (const note of spec.notes ?? []) {
    sheet.mergeCells(noteRow, 1, noteRow, lastVisible);
    const cell = sheet.getCell(noteRow, 1);
    putValue(cell, note);
    cell.font = baseFont;
    cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    sheet.getRow(noteRow).height = rowHeightFor(wrappedLines(note, visibleWidth), BODY_FONT_SIZE);
    noteRow++;
  }

  const freezeColumns = spec.freezeColumns ?? 0;
  sheet.views = [
    {
      state: 'frozen',
      xSplit: freezeColumns,
      ySplit: headerRow,
      topLeftCell: sheet.getCell(firstDataRow, freezeColumns + 1).address,
      activeCell: sheet.getCell(firstDataRow, freezeColumns + 1).address,
    },
  ];
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    // 0: as many pages tall as the rows need.
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.55, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerRow}:${headerRow}`,
    printArea: `A1:${sheet.getColumn(lastVisible).letter}${Math.max(noteRow - 1, lastDataRow, headerRow)}`,
  };
  sheet.headerFooter = { oddFooter: '&C第 &P 页 共 &N 页' };
  return { sheet, titleRow, metaRow, headerRow, firstDataRow, lastDataRow, metaInputs };
}

/** Splits the visible columns into `parts` consecutive runs of about equal count. */
function splitSpans(columns: number[], parts: number): number[][] {
  const spans: number[][] = [];
  const count = Math.max(parts, 1);
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * columns.length) / count);
    const to = Math.floor(((i + 1) * columns.length) / count);
    spans.push(columns.slice(from, Math.max(to, from + 1)));
  }
  return spans;
}

/** The finished workbook as bytes. */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
