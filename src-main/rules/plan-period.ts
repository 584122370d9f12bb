/**
 * The dates a plan's tasks may use, one owner for plan import (a proposed 完成时限) and the task rules (a deadline,
 * a start date, a milestone's or a target's year) and 考核 (the years that can be assessed): from the first day of
 * the plan's first year to the last day of its outlook year (e.g. 2035) when it has one, else of its last year.
 */
export interface PlanPeriod {
  periodStart: number;
  periodEnd: number;
  outlookYear: number | null;
}

export interface PlanDateRange {
  first: string;
  last: string;
  firstYear: number;
  lastYear: number;
}

export function planDateRange(plan: PlanPeriod): PlanDateRange {
  const lastYear = Math.max(plan.periodEnd, plan.outlookYear ?? plan.periodEnd);
  return { first: `${plan.periodStart}-01-01`, last: `${lastYear}-12-31`, firstYear: plan.periodStart, lastYear };
}

/** Whether an ISO date falls inside the plan's range. */
export function isWithinPlan(date: string, plan: PlanPeriod): boolean {
  const { first, last } = planDateRange(plan);
  return date >= first && date <= last;
}

/**
 * The dates a task is held to: its own start and deadline, or — where none was set — the first day of the plan's
 * first year and the last day of its last year (not the outlook year: a 2035 outlook does not stretch a task). One
 * owner for 序时进度 and the light (task lists, stored light dates) and the 延期 letter's 原定时限; the SQL form in
 * tasks/task-query.ts (`effectiveStart`, `effectiveDeadline`) says the same.
 */
export function taskSpan(
  task: { startDate: string | null; deadline: string | null },
  plan: { periodStart: number; periodEnd: number },
): { start: string; deadline: string } {
  return { start: task.startDate ?? `${plan.periodStart}-01-01`, deadline: task.deadline ?? `${plan.periodEnd}-12-31` };
}
