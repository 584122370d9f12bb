import type { RoundUnitStatus } from '../api/rounds.types';

/**
 * Whether a unit that still owes reports in a round is 逾期: once the due date has passed, or once the round is closed
 * (a round closed early leaves nothing more to report). The round list's 逾期单位, the round's own page and the
 * dashboard's latest round use this one rule.
 */
export function isRoundPastDue(round: { state: string; dueDate: string }, today: string): boolean {
  return round.state === 'closed' || today > round.dueDate;
}

export function roundUnitStatus(reported: number, expected: number, round: { state: string; dueDate: string }, today: string): RoundUnitStatus {
  if (reported >= expected) return '已报';
  return isRoundPastDue(round, today) ? '逾期' : '未报';
}
