import { describe, expect, it } from 'vitest';
import { compareCodes, sortByCode } from './round-rows';

describe('task codes in number order', () => {
  const codes = ['3.10', '3.2', '10.1', '3', '3.2.1', '2.9.9', '3.2'];

  it('3.2 before 3.10, a code before its own sub-codes, 10 after 9', () => {
    expect([...codes].sort(compareCodes)).toEqual(['2.9.9', '3', '3.2', '3.2', '3.2.1', '3.10', '10.1']);
  });

  it('sortByCode gives compareCodes’ order, equal codes by the tie-breaker', () => {
    const rows = codes.map((code, index) => ({ code, index }));
    const sorted = sortByCode(rows, (row) => row.code, (a, b) => b.index - a.index);
    expect(sorted.map((row) => row.code)).toEqual([...codes].sort(compareCodes));
    // The two 3.2 rows: index 6 before index 1 (the tie-breaker's order), not their input order.
    expect(sorted.filter((row) => row.code === '3.2').map((row) => row.index)).toEqual([6, 1]);
  });
});
