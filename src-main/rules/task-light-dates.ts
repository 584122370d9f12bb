import { sql, type RawBuilder } from 'kysely';
import type { TaskLight, WarningThresholds } from '../api/tasks.types';
import { addMonths, dayNumber, warningLight, type TaskTiming } from './task-warning';

/**
 * The warning light as dates, so that lists and the dashboard count lights from stored columns instead of working the
 * rule out for every task on every call. For fixed inputs (dates, status, percent, lead unit, thresholds) each of the
 * rule's conditions, once true, stays true as the days pass: 序时进度 only grows, days to the deadline only shrink,
 * 未启动 too long only becomes true. So a task's light is a constant (none, grey, green for 已完成), or green until
 * `yellowFrom`, yellow until `redFrom`, red after. The dates are found by asking `warningLight` itself (a binary
 * search over days), so the rule keeps its one owner; the test holds the stored form equal to it day by day.
 */

export interface LightDates {
  /** The light before any transition: none (未分配), grey (暂缓), green (on schedule, or 已完成 for good). */
  base: 'none' | 'green' | 'grey';
  /** First day (ISO) the light is yellow or red; null when it never turns. */
  yellowFrom: string | null;
  /** First day (ISO) the light is red; null when it never turns. */
  redFrom: string | null;
}

/** Stands for "from always": the light is already yellow (or red) however early the day (e.g. yellowLag 0). */
export const ALWAYS = '0001-01-01';

const DAY_MS = 86_400_000;
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const RANK: Record<TaskLight, number> = { none: 0, grey: 0, green: 0, yellow: 1, red: 2 };

export function lightDates(task: TaskTiming, thresholds: WarningThresholds): LightDates {
  if (!task.assigned) return { base: 'none', yellowFrom: null, redFrom: null };
  if (task.status === '暂缓') return { base: 'grey', yellowFrom: null, redFrom: null };
  if (task.status === '已完成') return { base: 'green', yellowFrom: null, redFrom: null };
  const start = dayNumber(task.startDate);
  const deadline = dayNumber(task.deadline);
  // Before every date the rule looks at, its facts no longer change (序时 0, lag 0, not due, not stalled): the light
  // there is the light of every earlier day. The day after the deadline is red whatever else holds.
  const low = Math.min(start, deadline, deadline - thresholds.dueSoonDays, dayNumber(addMonths(task.startDate, thresholds.notStartedMonths))) - 1;
  const high = deadline + 1;
  const rankOn = (day: number) => RANK[warningLight(task, isoOfDay(day), thresholds)];
  const firstDayAtLeast = (rank: number, guess: number | null): string => {
    if (rankOn(low) >= rank) return ALWAYS;
    // The day the rule's own facts suggest, taken only when the rule agrees it is the first (a quarter of the calls
    // of the search below: 24,840 tasks' dates are worked out again when the thresholds change).
    if (guess !== null && guess > low && guess <= high && rankOn(guess) >= rank && rankOn(guess - 1) < rank) return isoOfDay(guess);
    let below = low;
    let atOrAbove = high;
    while (atOrAbove - below > 1) {
      const mid = Math.floor((below + atOrAbove) / 2);
      if (rankOn(mid) >= rank) atOrAbove = mid;
      else below = mid;
    }
    return isoOfDay(atOrAbove);
  };
  // First days each condition of the rule holds: behind 序时 by k points, due soon, past the deadline, 未启动 too long.
  const behindBy = (points: number) => firstDayBehind(start, deadline, task.percent + points);
  const soon = deadline - thresholds.dueSoonDays;
  const stalled = task.status === '未启动' ? dayNumber(addMonths(task.startDate, thresholds.notStartedMonths)) : Infinity;
  const yellowGuess = Math.min(behindBy(thresholds.yellowLag), soon, deadline + 1, stalled, behindBy(thresholds.redLag + 1));
  const redGuess = Math.min(behindBy(thresholds.redLag + 1), deadline + 1, stalled);
  return { base: 'green', yellowFrom: firstDayAtLeast(1, Number.isFinite(yellowGuess) ? yellowGuess : null), redFrom: firstDayAtLeast(2, Number.isFinite(redGuess) ? redGuess : null) };
}

/** About the first day 序时进度 reaches `target` points (Infinity when it never does); checked by the rule's caller. */
function firstDayBehind(start: number, deadline: number, target: number): number {
  if (target > 100) return Infinity;
  if (deadline <= start) return deadline;
  return start + Math.max(0, Math.ceil(((target - 0.5) * (deadline - start)) / 100));
}

/** The light on `today` from the stored dates: what `storedLightSql` computes in SQL. */
export function lightOnDay(dates: LightDates, today: string): TaskLight {
  if (dates.redFrom !== null && dates.redFrom <= today) return 'red';
  if (dates.yellowFrom !== null && dates.yellowFrom <= today) return 'yellow';
  return dates.base;
}

/** `lightOnDay` over the tasks table's stored columns (plain comparisons of ISO dates: any SQL database). */
export function storedLightSql(today: string): RawBuilder<TaskLight> {
  const { red, yellowOrRed } = storedLightConditions(today);
  return sql<TaskLight>`(CASE WHEN ${red} THEN 'red' WHEN ${yellowOrRed} THEN 'yellow' ELSE tasks.light_base END)`;
}

/**
 * The same as conditions on a task row, for queries that count lights instead of naming each (the task lists'
 * counts, 跟踪分析's tallies): red from its first red day on; yellow or red from its first yellow day on (a task's
 * yellow day is never after its red one). Neither holds on a task whose light is only its base light.
 */
export function storedLightConditions(today: string): { red: RawBuilder<unknown>; yellowOrRed: RawBuilder<unknown> } {
  return { red: sql`tasks.light_red_from <= ${today}`, yellowOrRed: sql`tasks.light_yellow_from <= ${today}` };
}

/**
 * The task rows whose stored light is not the same on the two days: a light turns only on its yellow or red day, so
 * it differs between two days exactly when one of those days comes after the earlier and no later than the later
 * (either way round). Every other task meets storedLightConditions alike on both days. The tallies move from one day
 * to another by these rows alone (dashboard/plan-tallies.ts); a test holds this to the conditions on both days.
 */
export function storedLightTurnsBetween(day: string, otherDay: string): RawBuilder<boolean> {
  const [after, upTo] = day < otherDay ? [day, otherDay] : [otherDay, day];
  return sql<boolean>`((tasks.light_yellow_from > ${after} AND tasks.light_yellow_from <= ${upTo}) OR (tasks.light_red_from > ${after} AND tasks.light_red_from <= ${upTo}))`;
}

/** The thresholds the stored dates were worked out with, as kept beside them: equal thresholds, equal text. */
export function thresholdsKey(t: WarningThresholds): string {
  return JSON.stringify([t.yellowLag, t.redLag, t.dueSoonDays, t.notStartedMonths]);
}
