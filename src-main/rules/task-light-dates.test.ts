import { describe, expect, it } from 'vitest';
import { TASK_STATUSES, type TaskLight, type WarningThresholds } from '../api/tasks.types';
import { ALWAYS, lightDates, lightOnDay } from './task-light-dates';
import { DEFAULT_WARNING_THRESHOLDS, warningLight, type TaskTiming } from './task-warning';

/**
 * The light as stored dates (what the lists and the dashboard count) against the rule itself (what a task's own row
 * and every report show): the same light on every day, for every kind of task and thresholds.
 */

const DAY_MS = 86_400_000;
const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** A small seeded generator, so a failure names a case that runs again the same way. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const task = (overrides: Partial<TaskTiming> = {}): TaskTiming => ({
  startDate: '2024-01-01',
  deadline: '2025-01-01',
  status: '序时推进',
  percent: 50,
  assigned: true,
  ...overrides,
});

describe('lightDates', () => {
  it('gives the day the light turns yellow and the day it turns red, as the rule says on the days around them', () => {
    // 50 % done on a 2024 task: 10 points behind on 2024-08-06 (序时 218/366 → 60), 31 on 2024-10-22 (295/366 → 81).
    const dates = lightDates(task(), DEFAULT_WARNING_THRESHOLDS);
    expect(dates).toEqual({ base: 'green', yellowFrom: '2024-08-06', redFrom: '2024-10-22' });
    expect(warningLight(task(), '2024-08-05')).toBe('green');
    expect(warningLight(task(), '2024-08-06')).toBe('yellow');
    expect(warningLight(task(), '2024-10-21')).toBe('yellow');
    expect(warningLight(task(), '2024-10-22')).toBe('red');
  });

  it('turns on the deadline: 30 days before it yellow, the day after it red, when on schedule throughout', () => {
    const done99 = task({ percent: 99, status: '序时推进' });
    expect(lightDates(done99, DEFAULT_WARNING_THRESHOLDS)).toEqual({ base: 'green', yellowFrom: '2024-12-02', redFrom: '2025-01-02' });
  });

  it('turns red three months after the start while 未启动', () => {
    const idle = task({ status: '未启动', percent: 0, deadline: '2030-01-01' });
    expect(lightDates(idle, DEFAULT_WARNING_THRESHOLDS).redFrom).toBe('2024-04-01');
  });

  it('keeps a fixed light for 已完成 (green), 暂缓 (grey) and 未分配 (none)', () => {
    expect(lightDates(task({ status: '已完成', percent: 100 }), DEFAULT_WARNING_THRESHOLDS)).toEqual({ base: 'green', yellowFrom: null, redFrom: null });
    expect(lightDates(task({ status: '暂缓' }), DEFAULT_WARNING_THRESHOLDS)).toEqual({ base: 'grey', yellowFrom: null, redFrom: null });
    expect(lightDates(task({ assigned: false }), DEFAULT_WARNING_THRESHOLDS)).toEqual({ base: 'none', yellowFrom: null, redFrom: null });
  });

  it('is yellow from always when the thresholds make every task yellow (0 points behind)', () => {
    const dates = lightDates(task(), { ...DEFAULT_WARNING_THRESHOLDS, yellowLag: 0 });
    expect(dates.yellowFrom).toBe(ALWAYS);
    expect(lightOnDay(dates, '1990-01-01')).toBe('yellow');
    expect(warningLight(task(), '1990-01-01', { ...DEFAULT_WARNING_THRESHOLDS, yellowLag: 0 })).toBe('yellow');
  });

  it('moves with the thresholds: stricter ones turn the same task earlier', () => {
    const strict: WarningThresholds = { ...DEFAULT_WARNING_THRESHOLDS, yellowLag: 5, redLag: 15 };
    const dates = lightDates(task(), strict);
    expect(dates.yellowFrom! < '2024-08-06').toBe(true);
    expect(dates.redFrom! < '2024-10-22').toBe(true);
  });

  it('gives the rule’s light on every day, for 3,000 random tasks and thresholds', () => {
    const rnd = random(20261207);
    const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
    const base = dayOf('2021-01-01');
    let checked = 0;
    for (let n = 0; n < 3000; n++) {
      const start = base + Math.floor(rnd() * 1500);
      // Some deadlines before their start (a bad import), some on it, most after.
      const deadline = start + Math.floor(rnd() * 1600) - 100;
      const timing: TaskTiming = { startDate: iso(start), deadline: iso(deadline), status: pick(TASK_STATUSES), percent: Math.floor(rnd() * 101), assigned: rnd() > 0.1 };
      const yellowLag = Math.floor(rnd() * 40);
      const thresholds: WarningThresholds = {
        yellowLag,
        redLag: yellowLag + 1 + Math.floor(rnd() * 50),
        dueSoonDays: Math.floor(rnd() * 90) - 5,
        notStartedMonths: Math.floor(rnd() * 12),
      };
      const dates = lightDates(timing, thresholds);
      const days = [start - 400, start - 1, start, deadline - thresholds.dueSoonDays, deadline, deadline + 1, deadline + 400];
      for (let i = 0; i < 30; i++) days.push(start - 200 + Math.floor(rnd() * (deadline - start + 400)));
      // And the days either side of each transition.
      for (const at of [dates.yellowFrom, dates.redFrom]) if (at && at !== ALWAYS) days.push(dayOf(at) - 1, dayOf(at));
      for (const day of days) {
        const expected: TaskLight = warningLight(timing, iso(day), thresholds);
        const stored = lightOnDay(dates, iso(day));
        if (stored !== expected) throw new Error(`${JSON.stringify({ timing, thresholds, day: iso(day), dates })}: stored ${stored}, rule ${expected}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100_000);
  });
});
