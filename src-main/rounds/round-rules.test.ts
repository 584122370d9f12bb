import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computeAssessment } from '../assessment/assessment.service';
import { DEFAULT_ASSESSMENT_SCHEME } from '../assessment/assessment-scheme';
import { getDashboard } from '../dashboard/dashboard.service';
import { submitReport, type ReportInput } from '../progress/progress.service';
import { loadProgressLines } from '../reports/report-data';
import { assignTasks } from '../tasks/task-assign.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { chinaDateOf, chinaDateSql } from '../rules/report-date';
import { closeRound, listRounds, openRound, roundDetail } from './rounds.service';

/**
 * A round's rules, each fed to every place that shows it: the round list and its page (调度), the dashboard, the
 * reports and 考核. Reports are written at chosen instants (the clock is faked, the writer runs as in the app); run
 * under TZ=UTC and TZ=Asia/Shanghai: units keep Beijing time whatever the server's zone.
 */

const THRESHOLDS = DEFAULT_WARNING_THRESHOLDS;
let t: SeededDatabase;
let commerce: number;
let datong: number;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-01-02T02:00:00Z'));
  t = await createSeededDatabase();
  commerce = await t.unitId('省商务厅');
  datong = await t.unitId('大同市');
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('4.1.1.1'), await t.taskId('4.1.1.2')], leadUnitId: commerce, deadline: '2025-12-31', startDate: '2025-01-01' });
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('3.1.1.1')], leadUnitId: datong, deadline: '2025-12-31', startDate: '2025-01-01' });
});
afterEach(async () => {
  vi.useRealTimers();
  await t.dispose();
});

const report = async (unit: string, code: string, at: string, percent = 20) => {
  vi.setSystemTime(new Date(at));
  const input: ReportInput = { taskId: await t.taskId(code), status: '序时推进', percent, progress: '推进中。', problems: '', nextSteps: '', coordination: '', attachments: [] };
  await submitReport(t.db, t.files, await t.actorFor(unit), input);
};

const openAprilRound = () =>
  openRound(t.db, t.office, { planId: t.planId, name: '2025年4月调度', periodStart: '2025-04-01', periodEnd: '2025-04-30', dueDate: '2025-04-30', unitIds: [commerce, datong] });

describe('迟报: judged on the unit’s calendar date', () => {
  it('a report made at 07:30 Beijing time on 1 May (23:30 UTC on 30 April) is late for a 30 April due date, in the round, the dashboard and 考核', async () => {
    const { id } = await openAprilRound();
    await report('省商务厅', '4.1.1.1', '2025-04-30T10:00:00Z'); // 18:00 Beijing, 30 April: on time
    await report('省商务厅', '4.1.1.2', '2025-04-30T23:30:00Z'); // 07:30 Beijing, 1 May: late
    const today = '2025-05-02';

    const detail = await roundDetail(t.db, id, today, THRESHOLDS);
    expect(detail.tasks.filter((row) => row.unitId === commerce).map((row) => [row.code, row.reportDate, row.reportedLate])).toEqual([
      ['4.1.1.1', '2025-04-30', false],
      ['4.1.1.2', '2025-05-01', true],
    ]);
    // The office sees both dates: the unit's and the arrival (an instant).
    expect(detail.tasks.find((row) => row.code === '4.1.1.2')!.reportedAt).toBe('2025-04-30T23:30:00.000Z');
    expect(detail.units.find((u) => u.unitId === commerce)!.late).toBe(1);

    const dashboard = await getDashboard(t.db, t.planId, today, THRESHOLDS);
    expect(dashboard.rounds.find((r) => r.roundId === id)!.late).toBe(1);

    const assessment = await computeAssessment(t.db, { planId: t.planId, year: 2025, scheme: DEFAULT_ASSESSMENT_SCHEME, today, thresholds: THRESHOLDS });
    const late = assessment.units.find((u) => u.unitId === commerce)!.lines.filter((l) => l.text.includes('逾期报送'));
    expect(late.map((l) => l.text)).toEqual([expect.stringContaining('任务 4.1.1.2 逾期报送（2025-05-01 报送，截止 2025-04-30）')]);

    // Frozen at closing, the same answer.
    await closeRound(t.db, t.office, id, today, THRESHOLDS);
    const frozen = await roundDetail(t.db, id, '2025-06-01', THRESHOLDS);
    expect(frozen.tasks.map((row) => [row.code, row.reportedLate])).toEqual(detail.tasks.map((row) => [row.code, row.reportedLate]));
    expect((await getDashboard(t.db, t.planId, '2025-06-01', THRESHOLDS)).rounds.find((r) => r.roundId === id)!.late).toBe(1);
  });

  it('the Beijing date of a timestamp is the same in TypeScript and in SQL', async () => {
    for (const instant of ['2025-04-30T15:59:59.999Z', '2025-04-30T16:00:00.000Z', '2025-04-30T23:30:00.000Z', '2024-12-31T16:00:00.000Z', '2024-02-28T17:00:00.000Z']) {
      const { d } = await t.db.selectNoFrom((eb) => chinaDateSql(eb.val(instant)).as('d')).executeTakeFirstOrThrow();
      expect(d).toBe(chinaDateOf(instant));
    }
    expect(chinaDateOf('2025-04-30T23:30:00Z')).toBe('2025-05-01');
    expect(chinaDateOf('2025-04-30T15:59:59Z')).toBe('2025-04-30');
  });
});

describe('a round’s view, live or frozen', () => {
  it('a closed round’s reports print the 序时进度, 落后 and reasons it had at closing, not 0', async () => {
    const { id } = await openAprilRound();
    await report('省商务厅', '4.1.1.1', '2025-04-20T02:00:00Z', 5);
    const closing = '2025-05-02';
    const live = await loadProgressLines(t.db, { planId: t.planId, roundId: id }, closing, THRESHOLDS);
    const figures = (lines: typeof live) => lines.map((l) => [l.code, l.scheduleProgress, l.lag, l.light, l.reasons, l.status, l.percent, l.reported]);
    expect(live.find((l) => l.code === '4.1.1.1')).toMatchObject({ scheduleProgress: 33, lag: 28, light: 'yellow', reasons: ['落后序时进度 28 个百分点'] });

    await closeRound(t.db, t.office, id, closing, THRESHOLDS);
    // Months later, after another report: the round still prints what it showed when it closed.
    await report('省商务厅', '4.1.1.1', '2025-08-01T02:00:00Z', 90);
    const frozen = await loadProgressLines(t.db, { planId: t.planId, roundId: id }, '2025-09-01', THRESHOLDS);
    expect(figures(frozen)).toEqual(figures(live));
    expect(frozen.every((l) => l.scheduleProgress === 33)).toBe(true);
    const unitLines = await loadProgressLines(t.db, { planId: t.planId, roundId: id, unitId: commerce }, '2025-09-01', THRESHOLDS);
    expect(figures(unitLines)).toEqual(figures(live.filter((l) => l.leadUnit === '省商务厅')));
  });
});

describe('逾期单位 of a round closed early', () => {
  it('the round list, the round page and the dashboard count the same units 逾期', async () => {
    const { id } = await openRound(t.db, t.office, { planId: t.planId, name: '2025年6月调度', periodStart: '2025-06-01', periodEnd: '2025-06-30', dueDate: '2025-06-30', unitIds: [commerce, datong] });
    await report('省商务厅', '4.1.1.1', '2025-06-05T02:00:00Z');
    await report('省商务厅', '4.1.1.2', '2025-06-05T02:00:00Z');
    const today = '2025-06-10';
    await closeRound(t.db, t.office, id, today, THRESHOLDS);

    const [listed] = await listRounds(t.db, { id }, today);
    const detail = await roundDetail(t.db, id, today, THRESHOLDS);
    const dashboard = await getDashboard(t.db, t.planId, today, THRESHOLDS);
    const overdueOnPage = detail.units.filter((u) => u.status === '逾期').map((u) => u.unitName);
    expect(overdueOnPage).toEqual(['大同市']);
    expect(listed!.overdueUnits).toBe(overdueOnPage.length);
    expect(dashboard.latestRound!.units.filter((u) => u.status === '逾期').map((u) => u.unitName)).toEqual(overdueOnPage);
  });
});
