import { describe, expect, it } from 'vitest';
import { isWithinPlan, planDateRange } from './plan-period';
import { checkTaskDates, type LiveTask } from '../tasks/task-rules';

/**
 * The plan's date range, one owner: what plan import accepts as a proposed 完成时限 (isWithinPlan) and what the task
 * rules accept as a deadline (checkTaskDates) are the same dates, at both ends, with and without an outlook year.
 */

const task = (periodStart: number, periodEnd: number, outlookYear: number | null): LiveTask => ({
  id: 1, code: '3.1.1.1', text: 't', planId: 1, measureId: 1, version: 1, startDate: null, deadline: null, periodStart, periodEnd, outlookYear,
});
const acceptedByTaskRules = (t: LiveTask, deadline: string) => {
  try {
    checkTaskDates(t, null, deadline);
    return true;
  } catch {
    return false;
  }
};

describe('the plan’s date range', () => {
  it('is the same for plan import and the task rules at both ends', () => {
    for (const plan of [task(2021, 2025, 2035), task(2021, 2025, null), task(2026, 2030, 2028)]) {
      const { first, last } = planDateRange(plan);
      for (const date of ['2020-12-31', first, '2023-06-30', `${plan.periodEnd}-12-31`, '2026-01-01', last, '2035-12-31', '2036-01-01']) {
        expect(isWithinPlan(date, plan), `${date} in ${first}—${last}`).toBe(acceptedByTaskRules(plan, date));
      }
    }
  });

  it('runs to the end of the outlook year when there is one', () => {
    expect(planDateRange(task(2021, 2025, 2035))).toEqual({ first: '2021-01-01', last: '2035-12-31', firstYear: 2021, lastYear: 2035 });
    expect(planDateRange(task(2021, 2025, null))).toEqual({ first: '2021-01-01', last: '2025-12-31', firstYear: 2021, lastYear: 2025 });
  });
});
