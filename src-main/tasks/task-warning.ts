import type { TaskAssessment, TaskStatus, WarningThresholds } from '../api/tasks.types';

/**
 * 序时进度 and the warning light, computed the same way for every screen and report. Pure.
 *
 * - 序时进度 = the share of the task's period (start → deadline) already elapsed.
 * - green: on 序时 (less than `yellowLag` points behind) and not due soon;
 * - yellow: `yellowLag`–`redLag` points behind, or the deadline within `dueSoonDays`;
 * - red: more than `redLag` points behind, past the deadline, or still 未启动 `notStartedMonths` after the start;
 * - 已完成 is green, 暂缓 (paused for objective reasons) is grey.
 */

export const DEFAULT_WARNING_THRESHOLDS: WarningThresholds = { yellowLag: 10, redLag: 30, dueSoonDays: 30, notStartedMonths: 3 };

export interface TaskTiming {
  startDate: string;
  deadline: string;
  status: TaskStatus;
  percent: number;
}

const DAY_MS = 86_400_000;

/**
 * Remembered results of the date arithmetic below. A task list assesses every task (10,000 in a province plan) with a
 * handful of distinct dates between them, and parsing them again for each was a tenth of the list's time (bench/).
 * Cleared when full, so a long-running app does not keep every date it ever saw.
 */
const remembered = new Map<string, number | string>();
function remember<T extends number | string>(key: string, compute: () => T): T {
  const known = remembered.get(key);
  if (known !== undefined) return known as T;
  const value = compute();
  if (remembered.size >= 4096) remembered.clear();
  remembered.set(key, value);
  return value;
}

export function dayNumber(isoDate: string): number {
  const day = isoDate.slice(0, 10);
  return remember(`d${day}`, () => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS));
}

export function addMonths(isoDate: string, months: number): string {
  return remember(`m${isoDate.slice(0, 10)}+${months}`, () => computeAddMonths(isoDate, months));
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

export function assessTask(task: TaskTiming, today: string, thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS): TaskAssessment {
  const schedule = scheduleProgress(task.startDate, task.deadline, today);
  const lag = Math.max(0, schedule - task.percent);
  if (task.status === '已完成') return { scheduleProgress: schedule, lag: 0, light: 'green', reasons: ['已完成'] };
  if (task.status === '暂缓') return { scheduleProgress: schedule, lag, light: 'grey', reasons: ['暂缓实施'] };

  const red: string[] = [];
  const daysLeft = dayNumber(task.deadline) - dayNumber(today);
  if (daysLeft < 0) red.push(`已超过完成时限（${task.deadline}）${-daysLeft} 天`);
  if (lag > thresholds.redLag) red.push(`落后序时进度 ${lag} 个百分点`);
  const notStartedLimit = addMonths(task.startDate, thresholds.notStartedMonths);
  if (task.status === '未启动' && dayNumber(today) >= dayNumber(notStartedLimit)) {
    red.push(`开始 ${thresholds.notStartedMonths} 个月后仍未启动`);
  }
  if (red.length > 0) return { scheduleProgress: schedule, lag, light: 'red', reasons: red };

  const yellow: string[] = [];
  if (lag >= thresholds.yellowLag) yellow.push(`落后序时进度 ${lag} 个百分点`);
  if (daysLeft <= thresholds.dueSoonDays) yellow.push(`距完成时限仅剩 ${daysLeft} 天`);
  if (yellow.length > 0) return { scheduleProgress: schedule, lag, light: 'yellow', reasons: yellow };

  return { scheduleProgress: schedule, lag, light: 'green', reasons: ['符合序时进度'] };
}
