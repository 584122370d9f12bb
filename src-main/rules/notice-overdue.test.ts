import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeAssessment } from '../assessment/assessment.service';
import { DEFAULT_ASSESSMENT_SCHEME } from '../assessment/assessment-scheme';
import { getDashboard } from '../dashboard/dashboard.service';
import { loadNoticeLines } from '../reports/supervision-data';
import { DEFAULT_WARNING_THRESHOLDS } from './task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { isNoticeOverdue, noticeOverdueSql } from './notice-overdue';
import { listNotices, noticeDetail } from '../notices/notices.service';

/**
 * 逾期 of a 督办 notice, one answer in every place that shows it: the notice list and detail, the dashboard card, the
 * 督办事项台账 rows and the 考核 lines. Run under TZ=UTC and TZ=Asia/Shanghai (the steps' times are UTC instants;
 * the rule reads them as Beijing dates whatever the server's zone).
 */

let t: SeededDatabase;
const TODAY = '2024-11-15';
const DUE = '2024-11-10';
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(() => t.dispose());

/** A notice to 大同市 due on DUE, in `state`, with its steps made at the given UTC instants. */
async function notice(seq: number, state: string, steps: [string, string][]): Promise<string> {
  const number = `督办〔2024〕${seq}号`;
  const { id } = await t.db
    .insertInto('supervision_notices')
    .values({ plan_id: t.planId, year: 2024, seq, number, unit_id: await t.unitId('大同市'), level: '黄', reason: 'r', requirement: 'q', reply_due: DUE, state, issued_at: '2024-11-01T02:00:00.000Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('notice_steps').values({ notice_id: id, action: '交办', actor: '办公室', created_at: '2024-11-01T02:00:00.000Z' }).execute();
  for (const [action, at] of steps) await t.db.insertInto('notice_steps').values({ notice_id: id, action, actor: 'x', created_at: at }).execute();
  return number;
}

/** The six cases, and the answer the rule gives each (DOMAIN.md). */
async function sixNotices(): Promise<Record<string, boolean>> {
  return {
    // Late reply awaiting review: replied after the date.
    [await notice(1, 'replied', [['签收', '2024-11-02T02:00:00Z'], ['反馈', '2024-11-12T02:00:00Z']])]: true,
    // Timely reply sent back: not 办结 and the date has passed.
    [await notice(2, 'returned', [['签收', '2024-11-02T02:00:00Z'], ['反馈', '2024-11-08T02:00:00Z'], ['退回', '2024-11-09T02:00:00Z']])]: true,
    // Closed late: the last reply came after the date; accepting it does not make it timely.
    [await notice(3, 'closed', [['反馈', '2024-11-12T02:00:00Z'], ['办结', '2024-11-13T02:00:00Z']])]: true,
    // Open past the date, never answered.
    [await notice(4, 'issued', [])]: true,
    // Answered in time and closed.
    [await notice(5, 'closed', [['反馈', '2024-11-08T02:00:00Z'], ['办结', '2024-11-09T02:00:00Z']])]: false,
    // Answered at 01:00 Beijing time on 11 November (17:00 UTC on the 10th), then closed: late.
    [await notice(6, 'closed', [['反馈', '2024-11-10T17:00:00Z'], ['办结', '2024-11-11T02:00:00Z']])]: true,
  };
}

describe('逾期 of a 督办 notice', () => {
  it('the list, the detail, the dashboard card, the 督办事项台账 and 考核 give the same answer for the same notices', async () => {
    const expected = await sixNotices();

    const list = await listNotices(t.db, { planId: t.planId }, TODAY);
    expect(Object.fromEntries(list.map((n) => [n.number, n.overdue]))).toEqual(expected);
    for (const row of list) expect((await noticeDetail(t.db, row.id, TODAY)).overdue).toBe(expected[row.number]);
    expect((await listNotices(t.db, { planId: t.planId, overdueOnly: true }, TODAY)).map((n) => n.number).sort()).toEqual(
      Object.keys(expected).filter((number) => expected[number]).sort(),
    );

    // The card counts the open notices the list marks 逾期 (notices 1, 2 and 4; 3, 5 and 6 are 办结).
    const openOverdue = list.filter((n) => n.state !== 'closed' && n.overdue).length;
    const dashboard = await getDashboard(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    expect(dashboard.notices.overdue).toBe(openOverdue);
    expect(dashboard.notices.overdue).toBe(3);

    const report = await loadNoticeLines(t.db, t.planId, 2024, TODAY);
    expect(Object.fromEntries(report.map((line) => [line.number, line.overdue]))).toEqual(expected);

    const assessment = await computeAssessment(t.db, { planId: t.planId, year: 2024, scheme: DEFAULT_ASSESSMENT_SCHEME, today: TODAY, thresholds: DEFAULT_WARNING_THRESHOLDS });
    const datong = assessment.units.find((u) => u.unitName === '大同市')!;
    const deducted = new Set(datong.lines.filter((l) => l.source.kind === 'notice' && l.text.includes('逾期')).map((l) => l.source.label));
    expect(Object.fromEntries(Object.keys(expected).map((number) => [number, deducted.has(number)]))).toEqual(expected);
  });

  it('the SQL form the dashboard counts with agrees with the TypeScript rule on every notice', async () => {
    await sixNotices();
    for (const today of ['2024-11-09', DUE, '2024-11-11', TODAY]) {
      const inSql = await t.db
        .selectFrom('supervision_notices as n')
        .select(['n.number', sql<number>`${noticeOverdueSql('n', today)}`.as('overdue')])
        .execute();
      const list = await listNotices(t.db, { planId: t.planId }, today);
      expect(Object.fromEntries(inSql.map((row) => [row.number, Number(row.overdue) === 1]))).toEqual(Object.fromEntries(list.map((n) => [n.number, n.overdue])));
    }
  });

  it('before the reply date, only a notice whose reply already came late is overdue', () => {
    expect(isNoticeOverdue({ closed: false, replyDue: DUE, lastReplyOn: null }, DUE)).toBe(false);
    expect(isNoticeOverdue({ closed: false, replyDue: DUE, lastReplyOn: '2024-11-09' }, '2024-11-11')).toBe(true);
    expect(isNoticeOverdue({ closed: true, replyDue: DUE, lastReplyOn: '2024-11-11' }, '2024-11-11')).toBe(true);
    expect(isNoticeOverdue({ closed: true, replyDue: DUE, lastReplyOn: DUE }, '2025-01-01')).toBe(false);
  });
});
