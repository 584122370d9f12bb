import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TASK_STATUSES, type TaskStatus, type WarningThresholds } from '../api/tasks.types';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { DEFAULT_WARNING_THRESHOLDS, scheduleProgress, warningLag, warningLight } from './task-warning';

/**
 * The warning rule's SQL form equals the rule in task-warning.ts on the same rows. On SQLite the functions call the
 * TypeScript; on PostgreSQL (npm run test:postgres) they are plpgsql (migrations/postgres/0002_tasks.sql), and this
 * is what holds the two to one rule: rounding of halves, month ends, leap days, timestamps for dates, 未分配, 暂缓.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

const starts = ['2024-01-01', '2024-01-31', '2024-02-29', '2023-11-30', '2025-03-31', '2024-08-31T20:00:00.000Z'];
// 2024-01-09: 8 days from 2024-01-01 (1/8 = 12.5 %, a half); 2024-07-19: 200 days (57/200 = 28.499… in doubles).
const deadlines = ['2024-01-09', '2024-07-19', '2024-12-31', '2025-06-30', '2023-12-31', '2024-01-01'];
const todays = ['2024-01-02', '2024-02-27', '2024-04-30', '2024-06-15', '2024-12-31', '2025-07-01', '2023-06-01'];
const percents = [0, 13, 28, 50, 99, 100];
const otherThresholds: WarningThresholds = { yellowLag: 5, redLag: 20, dueSoonDays: 10, notStartedMonths: 1 };

interface Case {
  startDate: string;
  deadline: string;
  status: TaskStatus;
  percent: number;
  assigned: boolean;
  today: string;
  thresholds: WarningThresholds;
}

/** A fixed spread over every pool (a linear congruential sequence: the same cases on every run). */
function cases(count: number): Case[] {
  let seed = 20_240_101;
  const pick = <T>(items: readonly T[]): T => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    // The high bits: the low bits of a power-of-two modulus repeat with short periods.
    return items[Math.floor(seed / 65_536) % items.length]!;
  };
  return Array.from({ length: count }, () => ({
    startDate: pick(starts),
    deadline: pick(deadlines),
    status: pick(TASK_STATUSES),
    percent: pick(percents),
    assigned: pick([true, true, true, false]),
    today: pick(todays),
    thresholds: pick([DEFAULT_WARNING_THRESHOLDS, otherThresholds]),
  }));
}

it('pd_task_light, pd_task_lag and pd_schedule give what the TypeScript rule gives, row by row', async () => {
  const all = cases(600);
  const got: { light: string; lag: number; schedule: number }[] = [];
  for (const c of all) {
    const th = c.thresholds;
    // A comparison, not a bound boolean: 0/1 on SQLite, a boolean on PostgreSQL, like `lead_unit_id IS NOT NULL`.
    const assigned = sql<number>`(${c.assigned ? 1 : 0} = 1)`;
    const row = await t.db
      .selectNoFrom([
        sql<string>`pd_task_light(${c.startDate}, ${c.deadline}, ${c.status}, ${c.percent}, ${assigned}, ${c.today}, ${th.yellowLag}, ${th.redLag}, ${th.dueSoonDays}, ${th.notStartedMonths})`.as('light'),
        sql<number>`pd_task_lag(${c.startDate}, ${c.deadline}, ${c.status}, ${c.percent}, ${assigned}, ${c.today})`.as('lag'),
        sql<number>`pd_schedule(${c.startDate}, ${c.deadline}, ${c.today})`.as('schedule'),
      ])
      .executeTakeFirstOrThrow();
    got.push({ light: row.light, lag: Number(row.lag), schedule: Number(row.schedule) });
  }
  const expected = all.map((c) => ({
    light: warningLight(c, c.today, c.thresholds),
    lag: warningLag(c, c.today),
    schedule: scheduleProgress(c.startDate, c.deadline, c.today),
  }));
  expect(got).toEqual(expected);
  // The spread reaches every light and both halves of the rounding.
  expect(new Set(expected.map((e) => e.light))).toEqual(new Set(['green', 'yellow', 'red', 'grey', 'none']));
  expect(scheduleProgress('2024-01-01', '2024-01-09', '2024-01-02')).toBe(13);
  expect(all.some((c) => c.startDate === '2024-01-01' && c.deadline === '2024-01-09' && c.today === '2024-01-02')).toBe(true);
});
