/** Plain cell data as the parsing worker (xlsx-read.worker.mjs) hands it back. */

export type CellData =
  | { t: 's'; v: string }
  /** A number; `pct` when the cell is formatted as a percentage (Excel stores 50% as 0.5). */
  | { t: 'n'; v: number; pct: boolean }
  /** A date, as an ISO string (exceljs reads date-formatted numbers as UTC dates). */
  | { t: 'd'; v: string }
  | { t: 'b'; v: boolean }
  | { t: 'e'; v: string };

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface ExtractedSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  merges: MergeRange[];
  /** [row, column, value], 1-based, only cells that hold something. */
  cells: [number, number, CellData][];
}

export interface ExtractedWorkbook {
  sheets: ExtractedSheet[];
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
  }
}

/** A sheet's cells by position. */
export class SheetGrid {
  private readonly byRow = new Map<number, Map<number, CellData>>();
  readonly maxRow: number;

  constructor(readonly sheet: ExtractedSheet) {
    let maxRow = 0;
    for (const [row, column, value] of sheet.cells) {
      let line = this.byRow.get(row);
      if (!line) this.byRow.set(row, (line = new Map()));
      line.set(column, value);
      maxRow = Math.max(maxRow, row);
    }
    this.maxRow = maxRow;
  }

  get(row: number, column: number): CellData | undefined {
    return this.byRow.get(row)?.get(column);
  }

  text(row: number, column: number): string {
    return cellText(this.get(row, column));
  }

  rowColumns(row: number): number[] {
    return [...(this.byRow.get(row)?.keys() ?? [])];
  }
}
