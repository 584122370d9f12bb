import type BetterSqlite3 from 'better-sqlite3';
import { TASK_STATUSES, type TaskStatus, type WarningThresholds } from '../api/tasks.types';
import { scheduleProgress, warningLag, warningLight } from './task-warning';

/**
 * The warning rule as SQL functions, so that a list of 10,000 tasks is counted, filtered, sorted and paged inside
 * SQLite while the rule stays the one in task-warning.ts (the functions call it; nothing restates it in SQL).
 * Registered on every connection the app opens (db/connection.ts). Deterministic: same arguments, same answer —
 * today and the thresholds are arguments, not read from anywhere.
 *
 *   pd_task_light(start, deadline, status, percent, assigned, today, yellowLag, redLag, dueSoonDays, notStartedMonths)
 *   pd_task_lag(start, deadline, status, percent, assigned, today)
 *   pd_schedule(start, deadline, today)
 */
export function registerTaskFunctions(sqlite: BetterSqlite3.Database): void {
  const options = { deterministic: true, varargs: false } as const;
  sqlite.function('pd_task_light', options, (startDate, deadline, status, percent, assigned, today, yellowLag, redLag, dueSoonDays, notStartedMonths) =>
    warningLight(
      { startDate: String(startDate), deadline: String(deadline), status: taskStatus(status), percent: Number(percent), assigned: Boolean(assigned) },
      String(today),
      thresholdsOf(Number(yellowLag), Number(redLag), Number(dueSoonDays), Number(notStartedMonths)),
    ),
  );
  sqlite.function('pd_task_lag', options, (startDate, deadline, status, percent, assigned, today) =>
    warningLag(
      { startDate: String(startDate), deadline: String(deadline), status: taskStatus(status), percent: Number(percent), assigned: Boolean(assigned) },
      String(today),
    ),
  );
  sqlite.function('pd_schedule', options, (startDate, deadline, today) => scheduleProgress(String(startDate), String(deadline), String(today)));
}

/** One query passes the same thresholds for each of its 10,000 rows: the same object then, not a new one per row. */
let lastThresholds: WarningThresholds = { yellowLag: NaN, redLag: NaN, dueSoonDays: NaN, notStartedMonths: NaN };
function thresholdsOf(yellowLag: number, redLag: number, dueSoonDays: number, notStartedMonths: number): WarningThresholds {
  const last = lastThresholds;
  if (last.yellowLag !== yellowLag || last.redLag !== redLag || last.dueSoonDays !== dueSoonDays || last.notStartedMonths !== notStartedMonths) {
    lastThresholds = { yellowLag, redLag, dueSoonDays, notStartedMonths };
  }
  return lastThresholds;
}

const STATUSES: ReadonlySet<unknown> = new Set(TASK_STATUSES);

function taskStatus(value: unknown): TaskStatus {
  // The tasks table's CHECK constraint admits only these; anything else is a bug worth hearing about.
  if (!STATUSES.has(value)) throw new Error(`未知的任务状态：${String(value)}`);
  return value as TaskStatus;
}
