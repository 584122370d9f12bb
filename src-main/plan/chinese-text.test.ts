import { expect, it } from 'vitest';
import { parseChineseNumeral, toChineseNumeral } from './chinese-text';

it('writes Chinese numerals that read back as the same number', () => {
  expect([1, 10, 14, 20, 21, 105, 110].map(toChineseNumeral)).toEqual(['一', '十', '十四', '二十', '二十一', '一百零五', '一百一十']);
  for (let n = 1; n <= 999; n++) expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
  expect(() => toChineseNumeral(0)).toThrow(RangeError);
});
