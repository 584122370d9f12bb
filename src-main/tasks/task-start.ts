import { planDateRange, type PlanPeriod } from '../rules/plan-period';

/**
 * When a task's 序时 clock starts if the office sets no date: the day a lead unit is given it (DOMAIN.md), not the
 * plan's first day — a task assigned in the plan's fifth year is not 80 % behind on its first day. Kept inside the
 * plan's range, and never after the task's deadline (a task assigned after its deadline is simply overdue).
 */
export function assignmentStart(today: string, plan: PlanPeriod, deadline: string | null): string {
  const { first, last } = planDateRange(plan);
  let start = today < first ? first : today > last ? last : today;
  if (deadline !== null && start > deadline) start = deadline;
  return start;
}
