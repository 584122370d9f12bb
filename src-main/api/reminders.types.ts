/** 催办: the office urges units still 未报 in a reporting round. */
export interface RoundReminder {
  id: number;
  roundId: number;
  roundName: string;
  unitId: number;
  unitName: string;
  /** How many of the unit's tasks were still 未报 when it was urged. */
  missing: number;
  message: string;
  sentBy: string;
  sentAt: string;
}

export interface RoundReminderSummary {
  roundId: number;
  /** Every 催办 sent in the round, newest first. */
  reminders: RoundReminder[];
  /** 催办 count per unit, for the round's unit table. */
  countByUnit: Record<number, number>;
}
