/** Plain cell data as the parsing worker (xlsx-read.worker.mjs) hands it back. */

export type CellData =
  | { t: 's'; v: string }
  /** A number; `pct` when the cell is formatted as a percentage (Excel stores 50% as 0.5). */
  | { t: 'n'; v: number; pct: boolean }
  /** A date, as an ISO string (a date-formatted number is read as a UTC date, as exceljs reads it). */
  | { t: 'd'; v: string }
  | { t: 'b'; v: boolean }
  | { t: 'e'; v: string }
  /** A formula (its text, without "=") that no spreadsheet program has computed: the file holds no value for it. */
  | { t: 'f'; v: string };

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * One sheet as the parsing worker hands it back: compact, because a 10,000-row template has 120,000 cells and an
 * object per cell cost more to pass between threads (and to collect afterwards) than reading the file (bench/).
 */
export interface ExtractedSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  merges: MergeRange[];
  /** The texts the cells hold, each once. */
  strings: string[];
  /**
   * Every cell that holds something, four numbers each: row, column (1-based), kind (an index into CELL_KINDS) and
   * value: the number itself, 1/0 for a boolean, or for text, dates and errors an index into `strings`. A typed array
   * from the parsing worker (moved between threads without a copy).
   */
  cells: ArrayLike<number>;
}

export interface ExtractedWorkbook {
  sheets: ExtractedSheet[];
}

/** What the third number of a cell in `ExtractedSheet.cells` means. */
export const CELL_KINDS = ['text', 'number', 'percent', 'date', 'boolean', 'error', 'uncomputed'] as const;

/** The cell whose four numbers start at `offset` in `sheet.cells`. */
export function cellAt(sheet: ExtractedSheet, offset: number): CellData {
  const value = sheet.cells[offset + 3]!;
  switch (CELL_KINDS[sheet.cells[offset + 2]!]) {
    case 'text':
      return { t: 's', v: sheet.strings[value]! };
    case 'number':
      return { t: 'n', v: value, pct: false };
    case 'percent':
      return { t: 'n', v: value, pct: true };
    case 'date':
      return { t: 'd', v: sheet.strings[value]! };
    case 'boolean':
      return { t: 'b', v: value !== 0 };
    case 'uncomputed':
      return { t: 'f', v: sheet.strings[value]! };
    default:
      return { t: 'e', v: sheet.strings[value]! };
  }
}

/** Every cell of a sheet as [row, column, value], in the order the file has them. */
export function sheetCells(sheet: ExtractedSheet): [number, number, CellData][] {
  const cells: [number, number, CellData][] = [];
  for (let offset = 0; offset < sheet.cells.length; offset += 4) cells.push([sheet.cells[offset]!, sheet.cells[offset + 1]!, cellAt(sheet, offset)]);
  return cells;
}

/** The text a cell shows, as the import reads it. */
export function cellText(cell: CellData | undefined): string {
  if (!cell) return '';
  switch (cell.t) {
    case 's':
      return cell.v;
    case 'n':
      return String(cell.v);
    case 'd':
      return cell.v.slice(0, 10);
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.v;
    case 'f':
      // What the cell holds is unknown; the import refuses such cells where it reads them (template.parser.ts).
      return '';
  }
}

/** A sheet's cells by position. */
export class SheetGrid {
  /**
   * row → the offsets of its cells in `sheet.cells`, in file order. A short list per row rather than a Map: a row has a
   * dozen cells, and 10,000 Maps were most of what reading a template allocated besides the cells themselves.
   */
  private readonly byRow = new Map<number, number[]>();
  readonly maxRow: number;

  constructor(readonly sheet: ExtractedSheet) {
    let maxRow = 0;
    const { cells } = sheet;
    for (let offset = 0; offset < cells.length; offset += 4) {
      const row = cells[offset]!;
      const line = this.byRow.get(row);
      if (line) line.push(offset);
      else this.byRow.set(row, [offset]);
      maxRow = Math.max(maxRow, row);
    }
    this.maxRow = maxRow;
  }

  /** The cell at a position; a position the file gives twice holds the later one. */
  get(row: number, column: number): CellData | undefined {
    const line = this.byRow.get(row);
    if (!line) return undefined;
    const { cells } = this.sheet;
    for (let i = line.length - 1; i >= 0; i--) if (cells[line[i]! + 1] === column) return cellAt(this.sheet, line[i]!);
    return undefined;
  }

  text(row: number, column: number): string {
    return cellText(this.get(row, column));
  }

  /** The row's columns that hold a cell, in the order the file first gives them. */
  rowColumns(row: number): number[] {
    const { cells } = this.sheet;
    return [...new Set((this.byRow.get(row) ?? []).map((offset) => cells[offset + 1]!))];
  }
}
