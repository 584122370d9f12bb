import { sql, type Expression, type RawBuilder } from 'kysely';
import { perEngine } from './sql-per-engine';

/**
 * The reporting unit's calendar and the 迟报 rule, in one place. Units keep China Standard Time (UTC+8 all year, no
 * daylight saving since 1991), whatever clock the server runs on: a report made at 07:30 Beijing time on 1 May
 * (2025-04-30T23:30Z) was made on 1 May, and is late for a 30 April due date. Timestamps in the database are UTC
 * (`strftime('%Y-%m-%dT%H:%M:%fZ')`, `toISOString()`); their first ten characters are the UTC date, not the unit's.
 */

export { chinaDateOf } from '../api/china-date';

/**
 * The same in SQL, for a UTC timestamp column ('…Z'): the test holds it equal to `chinaDateOf` on each engine. On
 * PostgreSQL, pd_china_date is created by its first migration (migrations/postgres/0001_plan.sql).
 */
export function chinaDateSql(timestamp: Expression<string | null> | RawBuilder<string | null>): RawBuilder<string | null> {
  return perEngine(sql<string | null>`date(${timestamp}, '+8 hours')`, sql<string | null>`pd_china_date(${timestamp})`);
}

/** 迟报: made after the due date, both dates in the unit's calendar. A report not made is not late (it is 未报). */
export function isReportLate(reportDate: string | null, dueDate: string): boolean {
  return reportDate !== null && reportDate > dueDate;
}

/**
 * The same in SQL, as 0/1 (0 when there is no report): what the dashboard sums. A CASE, not the comparison itself:
 * PostgreSQL's comparisons are booleans, which neither coalesce with 0 nor sum.
 */
export function reportLateSql(reportDate: Expression<string | null>, dueDate: Expression<string>): RawBuilder<number> {
  return sql<number>`CASE WHEN ${reportDate} > ${dueDate} THEN 1 ELSE 0 END`;
}
