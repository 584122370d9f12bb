import { describe, expect, it } from 'vitest';
import { chinaDateOf } from '../rules/report-date';
import { clockOnDate } from './clock';

describe('clockOnDate', () => {
  it('keeps the fixed Beijing date at any real time of day, and time still moves forward', () => {
    for (const real of ['2030-05-01T15:59:59.999Z', '2030-05-01T16:00:00.000Z', '2029-12-31T23:30:00.000Z']) {
      const now = clockOnDate('2026-12-07', () => new Date(real))();
      expect(chinaDateOf(now), real).toBe('2026-12-07');
    }
    const early = clockOnDate('2026-12-07', () => new Date('2030-05-01T01:00:00Z'))();
    const later = clockOnDate('2026-12-07', () => new Date('2030-05-01T02:00:00Z'))();
    expect(later.getTime() - early.getTime()).toBe(3_600_000);
  });
});
