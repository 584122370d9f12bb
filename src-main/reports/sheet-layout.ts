import type ExcelJS from 'exceljs';
import { displayWidth, linesAtLeast, linesPerRow, rowHeightFor, splitWrapped, wrappedLines } from './text-metrics';
import { columnLetter, openStreamingWorkbook, type RowData, type StreamingWorkbook } from './xlsx-stream-writer';

/**
 * The one place that lays out a report sheet the way the offices expect (shared/DOMAIN.md): a merged title, the
 * 填报单位 / 填报日期 / 调度期 line, a bold bordered header, 宋体, wrapped text in rows tall enough for it, column
 * widths that fit Chinese, a frozen header, A4 landscape with the header repeated on every printed page and
 * 第 &P 页 共 &N 页 in the footer. Every report and the fill-in template go through `addTableSheet`, so none of
 * them repeats (or forgets) any of it.
 *
 * It is also the one place user text enters a cell: `writeCell` keeps it text (never a formula) and strips what
 * would make the file unreadable.
 *
 * Builders only describe a workbook (`newWorkbook`, `addTableSheet`); `workbookBytes` writes it with exceljs's
 * streaming writer (xlsx-stream-writer.ts), the data rows straight as XML, every cell pointing at one of a few
 * shared, frozen style objects. exceljs keys its style ids by style object, so a shared one is serialised once per
 * file instead of once per cell. At 10,000 rows the in-memory workbook with per-cell styles took 2 s and 700 MB;
 * this takes about what exceljs's plain streaming writer takes for the same cells (bench/, issue 8).
 */

const FONT_NAME = '宋体';
/**
 * The 公文 title face (GB/T 9704): what office PCs with Excel or WPS have installed for titles. An xlsx cell names one
 * font, without fallbacks; where it is missing the program substitutes its own CJK face (LibreOffice through
 * fontconfig: WenQuanYi or Noto CJK here), so the title still prints, only in another face.
 */
const TITLE_FONT_NAME = '方正小标宋简体';
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
  /** Template only: a rule for the column's data cells (a dropdown, a number range), written as one range. */
  validation?: ExcelJS.DataValidation;
}

export interface MetaItem {
  label: string;
  value: string;
  /** Template only: the value cell is left unlocked for the unit to fill in (e.g. 填报日期). */
  editable?: boolean;
  /** Number format of an editable value cell (e.g. a date). */
  numFmt?: string;
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
  /** Template only: the sheet is protected (without a password) allowing this; editable cells stay unlocked. */
  protection?: Partial<ExcelJS.WorksheetProtection>;
  /**
   * Template only: every data row stays one sheet row, however long its text (the import reads one row per task,
   * see `planDataRows`); such a row shows its text from the top and is cut at Excel's tallest row on paper.
   */
  oneRowPerLine?: boolean;
}

/** A plain sheet of rows without the report layout, e.g. the template's hidden 模板信息 (label, value). */
export interface PlainSheetSpec {
  name: string;
  state?: ExcelJS.WorksheetState;
  rows: CellValue[][];
  protection?: Partial<ExcelJS.WorksheetProtection>;
}

/** A workbook as the builders describe it; `workbookBytes` writes the file. */
export interface ReportWorkbook {
  created: Date;
  sheets: ({ kind: 'table'; spec: TableSheetSpec } | { kind: 'plain'; spec: PlainSheetSpec })[];
}

export interface TableSheetLayout {
  /** 1-based row numbers. */
  titleRow: number;
  metaRow: number;
  headerRow: number;
  firstDataRow: number;
  /** Row of the editable meta value cells, by label; column number of its value cell. */
  metaInputs: Map<string, { row: number; column: number }>;
}

type CellStyle = Partial<ExcelJS.Style>;

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = 'FFE7E6E6';
const BODY_FONT: Partial<ExcelJS.Font> = { name: FONT_NAME, size: BODY_FONT_SIZE };
const BOLD_FONT: Partial<ExcelJS.Font> = { name: FONT_NAME, size: HEADER_FONT_SIZE, bold: true };

/**
 * Frozen, so that nothing sets a property on a style many cells share (exceljs's `cell.numFmt = …` and the like
 * write into the cell's style object).
 */
const style = (properties: CellStyle): CellStyle => Object.freeze(properties);

const TITLE_STYLE = style({
  // Not bold: 小标宋 is a heavy face already, and a synthesized bold blurs it.
  font: { name: TITLE_FONT_NAME, size: TITLE_FONT_SIZE },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
});
const HEADER_STYLE = style({
  font: BOLD_FONT,
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  border: BORDER,
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
});
const META_LABEL_STYLE = style({ font: BOLD_FONT, alignment: { horizontal: 'right', vertical: 'middle' } });
const NOTE_STYLE = style({ font: BODY_FONT, alignment: { horizontal: 'left', vertical: 'top', wrapText: true } });
const LABEL_STYLE = style({ font: { name: FONT_NAME } });
const PLAIN_STYLE = style({});

/** Variants of a shared style, made once per style. */
const textVariants = new WeakMap<CellStyle, CellStyle>();
const dateVariants = new WeakMap<CellStyle, CellStyle>();
/** A data row continued on the rows below: no rule between its parts, the text of each part from the top. */
const continuedVariants = { first: new WeakMap<CellStyle, CellStyle>(), middle: new WeakMap<CellStyle, CellStyle>(), last: new WeakMap<CellStyle, CellStyle>() };

/** A template row taller than a row can be: its text from the top, so at least its start is printed. */
const topVariants = new WeakMap<CellStyle, CellStyle>();

function continuedStyle(base: CellStyle, place: keyof typeof continuedVariants): CellStyle {
  return variant(continuedVariants[place], base, () => ({
    ...base,
    alignment: { ...base.alignment, vertical: 'top' },
    border: { left: THIN, right: THIN, ...(place === 'first' ? { top: THIN } : {}), ...(place === 'last' ? { bottom: THIN } : {}) },
  }));
}

function variant(cache: WeakMap<CellStyle, CellStyle>, base: CellStyle, make: () => CellStyle): CellStyle {
  let made = cache.get(base);
  if (!made) {
    made = style(make());
    cache.set(base, made);
  }
  return made;
}

export function newWorkbook(created: Date = new Date()): ReportWorkbook {
  return { created, sheets: [] };
}

/** Characters the XML of an xlsx cannot hold; a file containing them does not open in Excel. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/**
 * Without the u flag: a class of UTF-16 code units, which V8 tests about twice as fast on Chinese text. It also takes
 * the halves of a valid surrogate pair, which the cleaning below (with the u flag) then keeps.
 */
// eslint-disable-next-line no-control-regex
const MAYBE_UNCLEAN = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text as it may go into a cell: no characters the file format cannot hold, no more than Excel shows. */
export function cleanCellText(text: string): string {
  // Nearly all text has nothing to clean; finding that out is cheaper than a replace with lookarounds.
  const clean = MAYBE_UNCLEAN.test(text) ? text.replace(XML_INVALID, '').replace(/\r\n?/gu, '\n') : text;
  return clean.length > MAX_CELL_TEXT ? `${clean.slice(0, MAX_CELL_TEXT - 8)}…（已截断）` : clean;
}

/** Text a spreadsheet would take for a formula if typed in, or read from a CSV file: starting with = + - @ tab or CR. */
export function looksLikeFormula(text: string): boolean {
  // By the first character's code rather than a regular expression: this runs for every text cell of a report.
  const first = text.charCodeAt(0);
  return first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d;
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
 * Puts a value into a cell with a shared style. A string is always written as a string: exceljs only writes a
 * formula for a `{ formula }` object, and text that starts like one also gets the Text number format, so that
 * editing the cell in Excel or WPS (F2, Enter) does not turn it into a formula either.
 */
function cellContent(value: CellValue, cellStyle: CellStyle): { value: string | number | Date | null; style: CellStyle } {
  if (typeof value === 'string') {
    const text = cleanCellText(value);
    return { value: text, style: looksLikeFormula(text) ? variant(textVariants, cellStyle, () => ({ ...cellStyle, numFmt: '@' })) : cellStyle };
  }
  if (value instanceof Date) {
    // exceljs gives a date without a number format its date format, but decides once per style object: a date
    // must not share one with numbers.
    return { value, style: cellStyle.numFmt ? cellStyle : variant(dateVariants, cellStyle, () => ({ ...cellStyle })) };
  }
  return { value: typeof value === 'number' && Number.isFinite(value) ? value : null, style: cellStyle };
}

function writeCell(cell: ExcelJS.Cell, value: CellValue, cellStyle: CellStyle): void {
  const content = cellContent(value, cellStyle);
  cell.value = content.value;
  cell.style = content.style;
}

/**
 * A row to fill in. Its own style is the shared empty one: exceljs looks a row's style up like a cell's, by object,
 * and would otherwise serialise a fresh `{}` for every row.
 */
function openRow(sheet: ExcelJS.Worksheet, rowNumber: number): ExcelJS.Row {
  const row = sheet.getRow(rowNumber);
  (row as ExcelJS.Row & { style: CellStyle }).style = PLAIN_STYLE;
  return row;
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
    // Whole numbers (序号, 完成进度) as they are: rounding one through a division made a new heap number per cell.
    const text = String(Number.isInteger(value) ? value : Math.round(value * 100) / 100);
    return numFmt?.includes('%') ? `${text}%` : text;
  }
  return value;
}

/** Fits a column to its header and content: the longest line, capped, so long text wraps instead. */
function fittedWidth(column: TableColumn, rows: CellValue[][], index: number): number {
  if (column.width !== undefined) return column.width;
  const min = column.minWidth ?? 6;
  const max = column.maxWidth ?? 40;
  // A header wraps onto at most two lines, so it need not be as wide as its full text.
  const header = Math.max(...column.header.split('\n').map((part) => displayWidth(part) / (part.length > 4 ? 2 : 1)));
  let content = 0;
  for (const row of rows) {
    const text = textOf(row[index], column.numFmt);
    if (!text.includes('\n')) content = Math.max(content, displayWidth(text));
    else for (const line of text.split('\n')) content = Math.max(content, displayWidth(line));
  }
  return Math.round(Math.min(max, Math.max(min, header + 2, content + 2)) * 10) / 10;
}

// The fixed rows of every table sheet.
const TITLE_ROW = 1;
const META_ROW = 2;
const HEADER_ROW = 3;
const FIRST_DATA_ROW = HEADER_ROW + 1;

/** The visible columns (1-based) and how the meta items share them. */
function metaSpans(spec: TableSheetSpec): number[][] {
  const visible = spec.columns.flatMap((column, index) => (column.hidden ? [] : [index + 1]));
  return splitSpans(visible, spec.meta.length);
}

/**
 * Adds a sheet holding one table, laid out and set up for printing. Rows: 1 title, 2 meta line, 3 header,
 * 4… data, then the notes. A data row whose text is too long for one sheet row continues on the rows below it
 * (see `planDataRows`), so data rows and sheet rows need not be one to one.
 */
export function addTableSheet(workbook: ReportWorkbook, spec: TableSheetSpec): TableSheetLayout {
  workbook.sheets.push({ kind: 'table', spec });
  const metaInputs = new Map<string, { row: number; column: number }>();
  const spans = metaSpans(spec);
  spec.meta.forEach((item, i) => {
    const span = spans[i]!;
    if (item.editable && span.length >= 2) metaInputs.set(item.label, { row: META_ROW, column: span[1]! });
  });
  return {
    titleRow: TITLE_ROW,
    metaRow: META_ROW,
    headerRow: HEADER_ROW,
    firstDataRow: FIRST_DATA_ROW,
    metaInputs,
  };
}

/** Adds a sheet of plain rows: no layout, the first column's labels in 宋体. */
export function addPlainSheet(workbook: ReportWorkbook, spec: PlainSheetSpec): void {
  workbook.sheets.push({ kind: 'plain', spec });
}

async function writeTableSheet(book: StreamingWorkbook, spec: TableSheetSpec): Promise<void> {
  const widths = spec.columns.map((column, index) => fittedWidth(column, spec.rows, index));
  const visible = spec.columns.map((column, index) => ({ column, index })).filter((entry) => !entry.column.hidden);
  const lastVisible = visible.length > 0 ? visible[visible.length - 1]!.index + 1 : 1;
  const visibleWidth = visible.reduce((sum, entry) => sum + widths[entry.index]!, 0);
  const plan = planDataRows(spec, widths);
  const lastDataRow = FIRST_DATA_ROW + plan.sheetRows - 1;
  const firstNoteRow = Math.max(lastDataRow, HEADER_ROW) + 2;
  const notes = spec.notes ?? [];
  const freezeColumns = spec.freezeColumns ?? 0;
  const topLeftCell = `${columnLetter(freezeColumns + 1)}${FIRST_DATA_ROW}`;

  const pageSetup: Partial<ExcelJS.PageSetup> = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    // 0: as many pages tall as the rows need.
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.55, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    printArea: `A1:${columnLetter(lastVisible)}${Math.max(firstNoteRow + notes.length - 1, lastDataRow, HEADER_ROW)}`,
  };
  // Views, page setup and columns go in before the first row: the streaming writer has written them by then.
  const sheet = book.addSheet(sheetName(spec.name), {
    properties: { defaultRowHeight: rowHeightFor(1, BODY_FONT_SIZE) },
    views: [{ state: 'frozen', xSplit: freezeColumns, ySplit: HEADER_ROW, topLeftCell, activeCell: topLeftCell }],
    pageSetup,
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  // Exactly this, without the writer's defaults (scale 100, printer resolution "unknown") merged in.
  sheet.pageSetup = pageSetup;
  // Title, meta line, header and notes in the shared string table, the data inline (cheaper to write, and most of
  // the text): the 填报日期 input is an empty string merged over several cells, and exceljs reads an empty inline
  // string back as null, on which a merged cell's `.text` throws.
  book.useSharedStrings(sheet, true);
  spec.columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = widths[index]!;
    if (column.hidden) sheetColumn.hidden = true;
  });

  // 1: the title, merged over the visible columns. (Written before merging: the merged cells take the style the
  // first cell has then, e.g. the underline of an input cell.)
  const titleRow = openRow(sheet, TITLE_ROW);
  writeCell(titleRow.getCell(1), spec.title, TITLE_STYLE);
  sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, lastVisible);
  titleRow.height = rowHeightFor(wrappedLines(spec.title, visibleWidth / (TITLE_FONT_SIZE / BODY_FONT_SIZE)), TITLE_FONT_SIZE) + 8;
  titleRow.commit();

  // 2: 填报单位 / 填报日期 / 调度期, each item over an equal share of the visible columns.
  const metaRow = openRow(sheet, META_ROW);
  let metaLines = 1;
  if (spec.meta.length > 0) {
    const spans = metaSpans(spec);
    spec.meta.forEach((item, i) => {
      const span = spans[i]!;
      const first = span[0]!;
      const last = span[span.length - 1]!;
      const spanWidth = span.reduce((sum, col) => sum + widths[col - 1]!, 0);
      if (item.editable && span.length >= 2) {
        // Label in the first column, the value to fill in over the rest, unlocked.
        writeCell(metaRow.getCell(first), `${item.label}：`, META_LABEL_STYLE);
        writeCell(
          metaRow.getCell(span[1]!),
          item.value,
          style({
            font: BODY_FONT,
            alignment: { horizontal: 'left', vertical: 'middle' },
            border: { bottom: THIN },
            protection: { locked: false },
            ...(item.numFmt ? { numFmt: item.numFmt } : {}),
          }),
        );
        if (span.length > 2) sheet.mergeCells(META_ROW, span[1]!, META_ROW, last);
      } else {
        const text = `${item.label}：${item.value}`;
        const horizontal = i === 0 ? 'left' : i === spec.meta.length - 1 ? 'right' : 'center';
        writeCell(metaRow.getCell(first), text, style({ font: BODY_FONT, alignment: { horizontal, vertical: 'middle', wrapText: true } }));
        if (last > first) sheet.mergeCells(META_ROW, first, META_ROW, last);
        metaLines = Math.max(metaLines, wrappedLines(text, spanWidth));
      }
    });
  }
  metaRow.height = rowHeightFor(metaLines, BODY_FONT_SIZE) + 4;
  metaRow.commit();

  // 3: the header.
  const headerRow = openRow(sheet, HEADER_ROW);
  let headerLines = 1;
  spec.columns.forEach((column, index) => {
    writeCell(headerRow.getCell(index + 1), column.header, HEADER_STYLE);
    if (!column.hidden) headerLines = Math.max(headerLines, wrappedLines(column.header, widths[index]!));
  });
  headerRow.height = rowHeightFor(headerLines, HEADER_FONT_SIZE) + 4;
  headerRow.commit();

  // 4…: the data, every cell bordered and wrapped, each row as tall as its tallest cell, written as it goes (text
  // inline).
  await book.writeRows(sheet, dataRows(spec, plan));

  // Notes under the table, each merged over the visible width.
  notes.forEach((note, i) => {
    const rowNumber = firstNoteRow + i;
    const row = openRow(sheet, rowNumber);
    writeCell(row.getCell(1), note, NOTE_STYLE);
    sheet.mergeCells(rowNumber, 1, rowNumber, lastVisible);
    row.height = rowHeightFor(wrappedLines(note, visibleWidth), BODY_FONT_SIZE);
    row.commit();
  });

  if (spec.rows.length > 0) {
    const validations = (sheet as ExcelJS.Worksheet & { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
    spec.columns.forEach((column, index) => {
      // One range per rule (exceljs writes a clean range this way, overlapping ones cell by cell).
      const letter = columnLetter(index + 1);
      if (column.validation) validations.add(`${letter}${FIRST_DATA_ROW}:${letter}${lastDataRow}`, column.validation);
    });
  }
  if (spec.protection) await sheet.protect('', spec.protection);
  sheet.commit();
}

/** Body text lines one sheet row can show; a cell needing more continues on the next row. */
const ROW_LINES = linesPerRow(BODY_FONT_SIZE);
/**
 * Lines put in each row of a continued cell: fewer than a row can show, because Excel, WPS and LibreOffice wrap a
 * little differently from the estimate (Latin words move whole to the next line), and what is not shown is not printed.
 */
const CONTINUED_LINES = ROW_LINES - 4;
/** Starts each continued part of a cell, so that a reader of the paper sees the text go on. */
export const CONTINUED_MARK = '（续）';

/** The data rows' line counts, worked out before writing: the print area must name the last sheet row first. */
interface DataRowPlan {
  widths: number[];
  /** Per data row, the lines its tallest visible cell needs (when it fits in one sheet row). */
  lines: Uint16Array;
  /** Data rows too tall for one sheet row: per column, the parts of its text (absent: the cell fits). */
  continued: Map<number, (string[] | null)[]>;
  /** Sheet rows the data takes, continuation rows included. */
  sheetRows: number;
}

/**
 * Excel caps a row at 409 pt (about 24 lines of body text): a taller cell would lose its start and end on paper, as
 * the text is centred in the row. Such a row continues on the rows below it: each long cell's text is cut into parts
 * of whole lines, the first in the row itself, the others (marked 续) in the same column of the rows below, with
 * the row's other cells left blank there. Every character is printed, in order.
 */
function planDataRows(spec: TableSheetSpec, widths: number[]): DataRowPlan {
  const lines = new Uint16Array(spec.rows.length);
  const continued = new Map<number, (string[] | null)[]>();
  let sheetRows = 0;
  const lineCount = (values: CellValue[], index: number) => {
    const column = spec.columns[index]!;
    return column.hidden ? 1 : wrappedLines(textOf(values[index], column.numFmt), widths[index]!);
  };
  for (const [r, values] of spec.rows.entries()) {
    // A plain loop: this runs for every cell of the sheet.
    let most = 1;
    for (let index = 0; index < spec.columns.length; index++) {
      const column = spec.columns[index]!;
      if (!column.hidden) most = linesAtLeast(most, textOf(values[index], column.numFmt), widths[index]!);
    }
    if (most <= ROW_LINES || spec.oneRowPerLine) {
      lines[r] = most;
      sheetRows += 1;
      continue;
    }
    const parts = spec.columns.map((_column, index) => {
      const value = values[index];
      return typeof value === 'string' && lineCount(values, index) > CONTINUED_LINES ? splitWrapped(cleanCellText(value), widths[index]!, CONTINUED_LINES) : null;
    });
    continued.set(r, parts);
    sheetRows += Math.max(...parts.map((part) => part?.length ?? 1));
  }
  return { widths, lines, continued, sheetRows };
}

function* dataRows(spec: TableSheetSpec, plan: DataRowPlan): Generator<RowData> {
  const dataStyles = spec.columns.map((column) => dataStyleCache(column));
  const cellsOf = rowCells(spec, dataStyles);
  let number = FIRST_DATA_ROW;
  for (const [r, values] of spec.rows.entries()) {
    const fill = spec.rowFills?.[r] ?? null;
    const parts = plan.continued.get(r);
    if (!parts) {
      yield { number: number++, height: rowHeightFor(plan.lines[r]!, BODY_FONT_SIZE), ...cellsOf(values, fill, plan.lines[r]! > ROW_LINES) };
      continue;
    }
    const styleOf = (index: number) => dataStyles[index]!(typeof values[index] === 'number', fill);
    const count = Math.max(...parts.map((part) => part?.length ?? 1));
    for (let p = 0; p < count; p++) {
      let lines = 1;
      const place = p === 0 ? 'first' : p === count - 1 ? 'last' : 'middle';
      const cells = spec.columns.map((column, index) => {
        const part = parts[index];
        const value = part ? (p === 0 ? part[0] : p < part.length ? `${CONTINUED_MARK}${part[p]}` : null) : p === 0 ? values[index] : null;
        if (!column.hidden && typeof value === 'string') lines = Math.max(lines, wrappedLines(value, plan.widths[index]!));
        return cellContent(value, continuedStyle(styleOf(index), place));
      });
      yield { number: number++, height: rowHeightFor(Math.min(lines, ROW_LINES), BODY_FONT_SIZE), values: cells.map((cell) => cell.value), styles: cells.map((cell) => cell.style) };
    }
  }
}

/** Columns up to which a row's styles are shared by which of its cells hold numbers (a bit per column). */
const SHARED_STYLE_COLUMNS = 30;

/**
 * A data row's values and styles, as `cellContent` gives them cell by cell, with less work per cell (this runs for
 * every cell of the sheet): the row's own values where its text needs no cleaning, and, for a row without a fill,
 * continuation or formula-like text or date (nearly all), one styles array shared by every row whose numbers are in
 * the same columns.
 */
function rowCells(spec: TableSheetSpec, dataStyles: ((isNumber: boolean, fill: string | null) => CellStyle)[]) {
  const columnCount = spec.columns.length;
  const shared = new Map<number, CellStyle[]>();
  const styleFor = (index: number, value: CellValue, fill: string | null, tall: boolean): CellStyle => {
    const base = dataStyles[index]!(typeof value === 'number', fill);
    const placed = tall ? variant(topVariants, base, () => ({ ...base, alignment: { ...base.alignment, vertical: 'top' } })) : base;
    return cellContent(value, placed).style;
  };
  return (values: CellValue[], fill: string | null, tall: boolean): Pick<RowData, 'values' | 'styles'> => {
    let cells = values.length === columnCount ? values : Array.from({ length: columnCount }, (_unused, index) => values[index]);
    let numbers = 0;
    let ownStyles = fill !== null || tall || columnCount > SHARED_STYLE_COLUMNS;
    for (let index = 0; index < columnCount; index++) {
      const value = cells[index];
      if (typeof value === 'string') {
        const text = cleanCellText(value);
        if (text !== value) {
          if (cells === values) cells = values.slice();
          cells[index] = text;
        }
        if (looksLikeFormula(text)) ownStyles = true;
      } else if (typeof value === 'number') numbers |= 1 << index;
      else if (value instanceof Date) ownStyles = true;
    }
    if (ownStyles) return { values: cells, styles: cells.map((value, index) => styleFor(index, value, fill, tall)) };
    let styles = shared.get(numbers);
    if (!styles) {
      styles = cells.map((value, index) => styleFor(index, value, null, false));
      shared.set(numbers, styles);
    }
    return { values: cells, styles };
  };
}

/**
 * The shared style of a column's data cells, by whether the value is a number (centred unless the column says
 * otherwise) and the row's fill: a handful of objects for the whole column.
 */
function dataStyleCache(column: TableColumn): (isNumber: boolean, fill: string | null) => CellStyle {
  const made = new Map<string, CellStyle>();
  // Rows without a fill (nearly all) skip building the key: this runs for every cell.
  const unfilled: [text: CellStyle | null, number: CellStyle | null] = [null, null];
  return (isNumber, fill) => {
    if (fill === null) {
      const known = unfilled[isNumber ? 1 : 0];
      if (known) return known;
    }
    const horizontal = column.align ?? (isNumber ? 'center' : 'left');
    const key = `${horizontal}|${fill ?? ''}`;
    let cellStyle = made.get(key);
    if (!cellStyle) {
      cellStyle = style({
        ...(column.numFmt ? { numFmt: column.numFmt } : {}),
        font: BODY_FONT,
        alignment: { horizontal, vertical: 'middle', wrapText: true },
        border: BORDER,
        ...(fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } } } : {}),
        ...(column.editable ? { protection: { locked: false } } : {}),
      });
      made.set(key, cellStyle);
    }
    if (fill === null) unfilled[isNumber ? 1 : 0] = cellStyle;
    return cellStyle;
  };
}

async function writePlainSheet(book: StreamingWorkbook, spec: PlainSheetSpec): Promise<void> {
  const sheet = book.addSheet(sheetName(spec.name), spec.state ? { state: spec.state } : {});
  book.useSharedStrings(sheet, true);
  spec.rows.forEach((values, r) => {
    const row = openRow(sheet, r + 1);
    values.forEach((value, c) => writeCell(row.getCell(c + 1), value, c === 0 ? LABEL_STYLE : PLAIN_STYLE));
    row.commit();
  });
  if (spec.protection) await sheet.protect('', spec.protection);
  sheet.commit();
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

/** The finished workbook as bytes, written row by row. */
export async function workbookBytes(workbook: ReportWorkbook): Promise<Buffer> {
  const book = await openStreamingWorkbook({ creator: '规划督办台', created: workbook.created });
  for (const sheet of workbook.sheets) {
    if (sheet.kind === 'table') await writeTableSheet(book, sheet.spec);
    else await writePlainSheet(book, sheet.spec);
  }
  return book.finish();
}
