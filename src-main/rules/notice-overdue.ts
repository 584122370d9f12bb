import { sql, type RawBuilder } from 'kysely';
import { chinaDateSql } from './report-date';

/**
 * 逾期 of a 督办 notice, the one rule the notice list, its detail, the dashboard card, the 督办事项台账 and 考核 use
 * (DOMAIN.md): a notice is overdue while it is not 办结 and today is past its reply date, or when its last reply
 * (反馈) came after the reply date — a late answer stays late after it is accepted. Dates are the unit's calendar
 * (Beijing, report-date.ts).
 */
export interface NoticeTiming {
  /** 办结. */
  closed: boolean;
  replyDue: string;
  /** The Beijing date of the last 反馈, or null if the unit has not replied. */
  lastReplyOn: string | null;
}

export function isNoticeOverdue(notice: NoticeTiming, today: string): boolean {
  if (notice.lastReplyOn !== null && notice.lastReplyOn > notice.replyDue) return true;
  return !notice.closed && today > notice.replyDue;
}

/** The date of a notice's last 反馈 in SQL, for the notice whose id is `noticeId` (a column reference). */
export function lastReplyOnSql(noticeId: RawBuilder<number>): RawBuilder<string | null> {
  return chinaDateSql(sql<string | null>`(SELECT max(s.created_at) FROM notice_steps s WHERE s.notice_id = ${noticeId} AND s.action = '反馈')`);
}

/**
 * The rule in SQL, as 0/1, for queries that count notices (the dashboard): `n` names the supervision_notices row.
 * The test feeds it and `isNoticeOverdue` the same notices.
 */
export function noticeOverdueSql(alias: string, today: string): RawBuilder<number> {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const lastReply = lastReplyOnSql(sql<number>`${ref('id')}`);
  // A CASE giving 0/1 on both engines (PostgreSQL's comparisons are booleans, which do not sum); NULL reads as 0.
  return sql<number>`CASE WHEN ${lastReply} > ${ref('reply_due')} OR (${ref('state')} <> 'closed' AND ${today} > ${ref('reply_due')}) THEN 1 ELSE 0 END`;
}
