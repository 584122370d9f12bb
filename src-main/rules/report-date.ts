import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * The reporting unit's calendar and the 迟报 rule, in one place. Units keep China Standard Time (UTC+8 all year, no
 * daylight saving since 1991), whatever clock the server runs on: a report made at 07:30 Beijing time on 1 May
 * (2025-04-30T23:30Z) was made on 1 May, and is late for a 30 April due date. Timestamps in the database are UTC
 * (`strftime('%Y-%m-%dT%H:%M:%fZ')`, `toISOString()`); their first ten characters are the UTC date, not the unit's.
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The Beijing calendar date of an instant (an ISO timestamp with its zone, or a Date). */
export function chinaDateOf(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new Error(`无法识别的时间：${String(instant)}`);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The same in SQL, for a UTC timestamp column ('…Z'): the test holds it equal to `chinaDateOf`. */
export function chinaDateSql(timestamp: Expression<string | null> | RawBuilder<string | null>): RawBuilder<string | null> {
  return sql<string | null>`date(${timestamp}, '+8 hours')`;
}

/** 迟报: made after the due date, both dates in the unit's calendar. A report not made is not late (it is 未报). */
export function isReportLate(reportDate: string | null, dueDate: string): boolean {
  return reportDate !== null && reportDate > dueDate;
}

/** The same in SQL, as 0/1 (0 when there is no report): what the dashboard sums. */
export function reportLateSql(reportDate: Expression<string | null>, dueDate: Expression<string>): RawBuilder<number> {
  return sql<number>`coalesce(${reportDate} > ${dueDate}, 0)`;
}
