import type { TaskAssessment, TaskLight, TaskStatus, WarningThresholds } from '../api/tasks.types';

/**
 * 序时进度 and the warning light, computed the same way for every screen and report. Pure.
 *
 * - 序时进度 = the share of the task's period (start → deadline) already elapsed.
 * - green: on 序时 (less than `yellowLag` points behind) and not due soon;
 * - yellow: `yellowLag`–`redLag` points behind, or the deadline within `dueSoonDays`;
 * - red: more than `redLag` points behind, past the deadline, or still 未启动 `notStartedMonths` after the start;
 * - 已完成 is green, 暂缓 (paused for objective reasons) is grey;
 * - a task without a lead unit (未分配) carries no light: nobody owns it yet, so nobody is behind on it.
 */

export const DEFAULT_WARNING_THRESHOLDS: WarningThresholds = { yellowLag: 10, redLag: 30, dueSoonDays: 30, notStartedMonths: 3 };

export interface TaskTiming {
  startDate: string;
  deadline: string;
  status: TaskStatus;
  percent: number;
  /** Whether the task has a lead unit. Its 序时 clock starts the day it is assigned (task-start.ts). */
  assigned: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Remembered results of the date arithmetic below. A task list assesses every task (10,000 in a province plan) with a
 * handful of distinct dates between them, and parsing them again for each was a tenth of the list's time (bench/).
 * Cleared when full, so a long-running app does not keep every date it ever saw.
 */
const rememberedDays = new Map<string, number>();
const rememberedMonths = new Map<string, string>();
function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= 4096) cache.clear();
  cache.set(key, value);
  return value;
}

export function dayNumber(isoDate: string): number {
  // Keyed by the text as given (a date, or a timestamp whose date part is used): no new string per call.
  return remember(rememberedDays, isoDate, () => Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS));
}

export function addMonths(isoDate: string, months: number): string {
  return remember(rememberedMonths, `${isoDate}+${months}`, () => computeAddMonths(isoDate, months));
}

function computeAddMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function scheduleProgress(startDate: string, deadline: string, today: string): number {
  const start = dayNumber(startDate);
  const end = dayNumber(deadline);
  const now = dayNumber(today);
  if (end <= start) return now >= end ? 100 : 0;
  return Math.round(Math.min(1, Math.max(0, (now - start) / (end - start))) * 100);
}

/** What the light is decided on: 序时进度, the lag behind it, days to the deadline, and 未启动 for too long. */
interface WarningFacts {
  schedule: number;
  lag: number;
  daysLeft: number;
  stalled: boolean;
}

function warningFacts(task: TaskTiming, today: string, thresholds: WarningThresholds): WarningFacts {
  const schedule = scheduleProgress(task.startDate, task.deadline, today);
  return {
    schedule,
    lag: Math.max(0, schedule - task.percent),
    daysLeft: dayNumber(task.deadline) - dayNumber(today),
    stalled: task.status === '未启动' && dayNumber(today) >= dayNumber(addMonths(task.startDate, thresholds.notStartedMonths)),
  };
}

/** The rule itself, in one place: the lists (through SQL, see task-sql-functions.ts) and assessTask both use it. */
function lightOf(task: Pick<TaskTiming, 'status' | 'assigned'>, facts: WarningFacts, thresholds: WarningThresholds): TaskLight {
  const { status } = task;
  if (!task.assigned) return 'none';
  if (status === '已完成') return 'green';
  if (status === '暂缓') return 'grey';
  if (facts.daysLeft < 0 || facts.lag > thresholds.redLag || facts.stalled) return 'red';
  if (facts.lag >= thresholds.yellowLag || facts.daysLeft <= thresholds.dueSoonDays) return 'yellow';
  return 'green';
}

/** The light alone, without the reasons' text: what a list of 10,000 tasks counts and filters by. */
export function warningLight(task: TaskTiming, today: string, thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS): TaskLight {
  return lightOf(task, warningFacts(task, today, thresholds), thresholds);
}

/** Points behind 序时进度; a completed task, or one nobody has been given yet, is behind nothing. */
export function warningLag(task: TaskTiming, today: string): number {
  return task.status === '已完成' || !task.assigned ? 0 : Math.max(0, scheduleProgress(task.startDate, task.deadline, today) - task.percent);
}

export function assessTask(task: TaskTiming, today: string, thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS): TaskAssessment {
  const facts = warningFacts(task, today, thresholds);
  const light = lightOf(task, facts, thresholds);
  const base = { scheduleProgress: facts.schedule, lag: task.status === '已完成' ? 0 : facts.lag, light };
  switch (light) {
    case 'none':
      // Its 序时 has not started: the clock runs from the day a lead unit is given the task.
      return { scheduleProgress: 0, lag: 0, light, reasons: ['未分配牵头单位，不计预警'] };
    case 'grey':
      return { ...base, reasons: ['暂缓实施'] };
    case 'red': {
      const reasons: string[] = [];
      if (facts.daysLeft < 0) reasons.push(`已超过完成时限（${task.deadline}）${-facts.daysLeft} 天`);
      if (facts.lag > thresholds.redLag) reasons.push(`落后序时进度 ${facts.lag} 个百分点`);
      if (facts.stalled) reasons.push(`开始 ${thresholds.notStartedMonths} 个月后仍未启动`);
      return { ...base, reasons };
    }
    case 'yellow': {
      const reasons: string[] = [];
      if (facts.lag >= thresholds.yellowLag) reasons.push(`落后序时进度 ${facts.lag} 个百分点`);
      if (facts.daysLeft <= thresholds.dueSoonDays) reasons.push(`距完成时限仅剩 ${facts.daysLeft} 天`);
      return { ...base, reasons };
    }
    default:
      return { ...base, reasons: [task.status === '已完成' ? '已完成' : '符合序时进度'] };
  }
}
