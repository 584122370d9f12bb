import { describe, expect, it } from 'vitest';
import { apportion, fromCents, toCents } from './apportion';

describe('apportion', () => {
  it('splits into whole hundredths that add up exactly', () => {
    expect(apportion(1000, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(apportion(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(apportion(2000, [30, 10])).toEqual([1500, 500]);
    for (const total of [0, 1, 7, 999, 4000]) {
      for (const weights of [[1], [1, 2, 3], [0.3, 0.3, 0.4], [5, 0, 5]]) {
        const parts = apportion(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((part, i) => expect(part === 0 || weights[i]! > 0).toBe(true));
      }
    }
  });

  it('gives nothing when there is nothing to give, and refuses to spread over zero weights', () => {
    expect(apportion(0, [0, 0])).toEqual([0, 0]);
    expect(() => apportion(5, [0, 0])).toThrow();
    expect(() => apportion(1.5, [1])).toThrow();
  });

  it('converts between points and hundredths', () => {
    expect(toCents(13.33)).toBe(1333);
    expect(fromCents(1333)).toBe(13.33);
    expect(fromCents(-200)).toBe(-2);
  });
});
