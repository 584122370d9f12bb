import { dayNumber } from './task-warning';

/** A 督办 notice's level (the notices' own type says the same three words). */
export type NoticeLevel = '蓝' | '黄' | '红';

/**
 * Escalation of an overdue 督办 notice (蓝→黄→红), the one rule the notice, its drawer and the office's view use: a
 * notice still unanswered `yellowAfterDays` after its reply date is 黄, `redAfterDays` after it is 红 (never lower than
 * the level it was issued at). It stops on the day the unit replies or the notice is 办结. Derived from dates alone,
 * so each step's date is known and the trace is the same on every screen and every day after.
 */
export interface EscalationRule {
  yellowAfterDays: number;
  redAfterDays: number;
}

export const DEFAULT_ESCALATION_RULE: EscalationRule = { yellowAfterDays: 3, redAfterDays: 10 };

export interface EscalationStep {
  /** The day it went up. */
  on: string;
  from: NoticeLevel;
  to: NoticeLevel;
  daysOverdue: number;
}

export interface EscalationFacts {
  level: NoticeLevel;
  replyDue: string;
  /** The Beijing date of the first 反馈, or null while unanswered. */
  firstReplyOn: string | null;
  /** The Beijing date it was 办结, or null. */
  closedOn: string | null;
}

const RANK: Record<NoticeLevel, number> = { 蓝: 0, 黄: 1, 红: 2 };
const plusDays = (date: string, days: number) => new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10);

export function escalationSteps(notice: EscalationFacts, today: string, rule: EscalationRule): EscalationStep[] {
  // The last day it could still go up: today, or the day before the answer or the closing stopped it.
  const stops = [notice.firstReplyOn, notice.closedOn].filter((d): d is string => d !== null).map((d) => plusDays(d, -1));
  const until = [today, ...stops].sort()[0]!;
  const steps: EscalationStep[] = [];
  let level = notice.level;
  for (const [to, after] of [
    ['黄', rule.yellowAfterDays],
    ['红', rule.redAfterDays],
  ] as const) {
    const on = plusDays(notice.replyDue, after);
    if (RANK[to] > RANK[level] && on <= until) {
      steps.push({ on, from: level, to, daysOverdue: after });
      level = to;
    }
  }
  return steps;
}

export function escalatedLevel(notice: EscalationFacts, today: string, rule: EscalationRule): NoticeLevel {
  return escalationSteps(notice, today, rule).at(-1)?.to ?? notice.level;
}
