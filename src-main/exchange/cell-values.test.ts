import { describe, expect, it } from 'vitest';
import { charCount, excelSerialDate, parseDateCell, parseDateText, parsePercent } from './cell-values';

describe('dates as people type them', () => {
  it.each([
    ['2025-04-08', '2025-04-08'],
    ['2025-4-8', '2025-04-08'],
    ['2025/4/8', '2025-04-08'],
    ['2025/04/08 09:30', '2025-04-08'],
    ['2025-04-08T00:00:00.000Z', '2025-04-08'],
    ['2025.04.08', '2025-04-08'],
    ['2025年4月8日', '2025-04-08'],
    ['2025 年 4 月 8 日', '2025-04-08'],
    ['２０２５年４月８日', '2025-04-08'],
    ['２０２５－０４－０８', '2025-04-08'],
    ['20250408', '2025-04-08'],
    ['二〇二五年四月八日', '2025-04-08'],
    ['二○二五年十二月三十一日', '2025-12-31'],
    ['二〇二五年十月十日', '2025-10-10'],
  ])('%s → %s', (text, expected) => {
    expect(parseDateText(text)).toBe(expected);
  });

  it.each(['下月底', '2025年2月30日', '2025-13-01', '4/8/2025', '1999-12-31', '', '2025年'])('refuses %s', (text) => {
    expect(parseDateText(text)).toBeNull();
  });

  it('reads Excel day numbers and date cells, and says what is wrong otherwise', () => {
    expect(excelSerialDate(45755)).toBe('2025-04-08');
    expect(parseDateCell({ t: 'n', v: 45755, pct: false })).toEqual({ ok: true, value: '2025-04-08' });
    expect(parseDateCell({ t: 'd', v: '2025-04-08T00:00:00.000Z' })).toEqual({ ok: true, value: '2025-04-08' });
    expect(parseDateCell(undefined)).toEqual({ ok: true, value: null });
    expect(parseDateCell({ t: 's', v: '月底' })).toMatchObject({ ok: false, message: expect.stringMatching(/不是可识别的日期/u) });
  });
});

describe('完成进度 as people type it', () => {
  it.each([
    [{ t: 'n', v: 60, pct: false }, 60],
    [{ t: 'n', v: 0.57, pct: true }, 57],
    [{ t: 's', v: '60' }, 60],
    [{ t: 's', v: ' 60% ' }, 60],
    [{ t: 's', v: '６０％' }, 60],
    [{ t: 's', v: '100' }, 100],
    [{ t: 'n', v: 0, pct: false }, 0],
  ] as const)('%j → %d', (cell, expected) => {
    expect(parsePercent(cell)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [undefined, /不能为空/u],
    [{ t: 's', v: '' }, /不能为空/u],
    [{ t: 'n', v: 101, pct: false }, /应在 0 到 100 之间，收到“101”/u],
    [{ t: 'n', v: 1.2, pct: true }, /应在 0 到 100 之间，收到“120%”/u],
    [{ t: 's', v: '-1' }, /应在 0 到 100 之间/u],
    [{ t: 'n', v: 33.3, pct: false }, /应为整数/u],
    [{ t: 's', v: '过半' }, /不是数字/u],
    [{ t: 'd', v: '2025-01-01T00:00:00Z' }, /日期/u],
    [{ t: 'e', v: '#DIV/0!' }, /#DIV\/0!/u],
  ] as const)('refuses %j', (cell, message) => {
    const parsed = parsePercent(cell);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('charCount', () => {
  it('counts characters as people do: a surrogate pair is one, a lone surrogate one, whatever surrounds them', () => {
    const byCodePoints = (text: string) => [...text].length;
    for (const text of ['', '推进', '𠮷', '𠮷野家', 'a\uD842', '\uDFB7b', '\uD842\uD842\uDFB7', '进展𠮷\uDFB7\uD842', 'x'.repeat(5001)]) {
      expect(charCount(text)).toBe(byCodePoints(text));
    }
    expect(charCount('𠮷野家')).toBe(3);
  });
});
