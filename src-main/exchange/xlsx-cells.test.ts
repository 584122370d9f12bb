import { describe, expect, it } from 'vitest';
import { SheetGrid, type ExtractedSheet } from './xlsx-cells';

describe('a sheet’s cells by position', () => {
  // Kinds as CELL_KINDS numbers them: 0 text (an index into strings), 1 number.
  const sheet: ExtractedSheet = {
    name: '填报表',
    state: 'visible',
    merges: [],
    strings: ['进展', '改过的进展', '备注'],
    cells: [3, 2, 0, 0, 3, 5, 1, 60, 1, 1, 0, 2, 3, 2, 0, 1],
  };

  it('finds each cell by row and column, the later one where a file gives a position twice', () => {
    const grid = new SheetGrid(sheet);
    expect(grid.maxRow).toBe(3);
    expect(grid.text(3, 2)).toBe('改过的进展');
    expect(grid.get(3, 5)).toEqual({ t: 'n', v: 60, pct: false });
    expect(grid.text(1, 1)).toBe('备注');
    expect([grid.get(2, 1), grid.get(3, 4)]).toEqual([undefined, undefined]);
    expect(grid.rowColumns(3)).toEqual([2, 5]);
    expect(grid.rowColumns(9)).toEqual([]);
  });
});
