import type { CellValue, TableColumn } from './sheet-layout';

/**
 * A 台账 sheet's columns, each with its layout and what a line puts in it, so that a header and its cells cannot
 * drift apart: adding, dropping or moving a column moves its cells with it.
 */
export type LedgerColumn<Line> = TableColumn & { cell: (line: Line, index: number) => CellValue };

/** 序号: the line's place in the sheet, from 1. Every 台账 starts with it. */
export const SEQ_COLUMN: LedgerColumn<unknown> = { header: '序号', align: 'center', minWidth: 5, cell: (_line, index) => index + 1 };

/** The sheet's columns and rows (for addTableSheet) from one list of lines and one list of columns. */
export function ledger<Line>(lines: readonly Line[], columns: LedgerColumn<Line>[]): { columns: TableColumn[]; rows: CellValue[][] } {
  return {
    columns: columns.map(({ cell: _cell, ...layout }) => layout),
    rows: lines.map((line, index) => columns.map((column) => column.cell(line, index))),
  };
}
