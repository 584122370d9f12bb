import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computeAssessment } from '../assessment/assessment.service';
import { DEFAULT_ASSESSMENT_SCHEME } from '../assessment/assessment-scheme';
import { exportTemplate } from '../exchange/template.service';
import { submitReport, type ReportInput } from '../progress/progress.service';
import { loadProgressLines } from '../reports/report-data';
import { sendRoundReminders } from '../reminders/round-reminders.service';
import { assignTasks } from '../tasks/task-assign.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { closeRound, listRounds, openRound, roundDetail } from './rounds.service';

/**
 * The office chooses per round who reports: only each task's lead unit (the default, as before), or its lead and its
 * cooperating units. The round's rows, its 未报 counts, 催办, the unit's 调度 template and 考核's 按时报送 all follow
 * the choice, because they all read the rows fixed at opening.
 */

const THRESHOLDS = DEFAULT_WARNING_THRESHOLDS;
let t: SeededDatabase;
let commerce: number;
let datong: number;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-04-02T02:00:00Z'));
  t = await createSeededDatabase();
  commerce = await t.unitId('省商务厅');
  datong = await t.unitId('大同市');
  // 4.1.1.1: 省商务厅 leads, 大同市 cooperates. 3.1.1.1: 大同市 leads.
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('4.1.1.1')], leadUnitId: commerce, cooperatorUnitIds: [datong], deadline: '2025-12-31', startDate: '2025-01-01' });
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('3.1.1.1')], leadUnitId: datong, deadline: '2025-12-31', startDate: '2025-01-01' });
});
afterEach(async () => {
  vi.useRealTimers();
  await t.dispose();
});

const open = (reportScope?: 'lead' | 'leadAndCooperating') =>
  openRound(t.db, t.office, {
    planId: t.planId,
    name: '2025年4月调度',
    periodStart: '2025-04-01',
    periodEnd: '2025-04-30',
    dueDate: '2025-04-30',
    unitIds: [commerce, datong],
    ...(reportScope ? { reportScope } : {}),
  });

const report = async (unit: string, code: string, at: string) => {
  vi.setSystemTime(new Date(at));
  const input: ReportInput = { taskId: await t.taskId(code), status: '序时推进', percent: 30, progress: '推进中。', problems: '', nextSteps: '', coordination: '', attachments: [] };
  await submitReport(t.db, t.files, await t.actorFor(unit), input);
};

const rowsOf = async (roundId: number, today: string) =>
  (await roundDetail(t.db, roundId, today, THRESHOLDS)).tasks.map((row) => [row.code, row.unitName, row.role, row.reported]);

async function templateCodes(unitId: number, roundId: number): Promise<string[]> {
  const file = await exportTemplate(t.db, t.office, { planId: t.planId, unitId, roundId }, new Date('2025-04-02T02:00:00Z'));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
  const codes = new Set<string>();
  book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => /^\d+\.\d+\.\d+\.\d+$/u.test(String(cell.value)) && codes.add(String(cell.value))));
  return [...codes].sort();
}

describe('a round asks lead units only unless the office asks the cooperating units too', () => {
  it('by default (lead only), as before: the cooperating unit owes nothing for the task it cooperates on', async () => {
    const { id, expected } = await open();
    expect(expected).toBe(2);
    const detail = await roundDetail(t.db, id, '2025-04-02', THRESHOLDS);
    expect(detail.reportScope).toBe('lead');
    expect(await rowsOf(id, '2025-04-02')).toEqual([
      ['3.1.1.1', '大同市', 'lead', false],
      ['4.1.1.1', '省商务厅', 'lead', false],
    ]);
    expect(await templateCodes(datong, id)).toEqual(['3.1.1.1']);
  });

  it('with lead and cooperating units: each owes its own row; rows, 未报 counts, 催办, the template and 考核 follow', async () => {
    const { id, expected } = await open('leadAndCooperating');
    expect(expected).toBe(3);
    expect((await roundDetail(t.db, id, '2025-04-02', THRESHOLDS)).reportScope).toBe('leadAndCooperating');
    expect(await rowsOf(id, '2025-04-02')).toEqual([
      ['3.1.1.1', '大同市', 'lead', false],
      ['4.1.1.1', '省商务厅', 'lead', false],
      ['4.1.1.1', '大同市', 'cooperating', false],
    ]);
    // The cooperating unit's template for the round carries the task it cooperates on.
    expect(await templateCodes(datong, id)).toEqual(['3.1.1.1', '4.1.1.1']);

    // 大同市 reports on the task it cooperates on: its own row counts, the lead's stays 未报.
    await report('大同市', '4.1.1.1', '2025-04-10T02:00:00Z');
    expect(await rowsOf(id, '2025-04-10')).toEqual([
      ['3.1.1.1', '大同市', 'lead', false],
      ['4.1.1.1', '省商务厅', 'lead', false],
      ['4.1.1.1', '大同市', 'cooperating', true],
    ]);
    const [summary] = await listRounds(t.db, { id }, '2025-04-10');
    expect([summary!.expected, summary!.reported]).toEqual([3, 1]);
    const units = (await roundDetail(t.db, id, '2025-04-10', THRESHOLDS)).units.map((unit) => [unit.unitName, unit.expected, unit.reported, unit.status]);
    expect(units).toEqual(expect.arrayContaining([['省商务厅', 1, 0, '未报'], ['大同市', 2, 1, '未报']]));

    // The reports: a unit's 进展情况表 has its own rows, the task it cooperates on with its lead named; the whole round's
    // 汇总表 lists each task once, by its lead's row.
    const unitLines = await loadProgressLines(t.db, { planId: t.planId, unitId: datong, roundId: id }, '2025-04-10', THRESHOLDS);
    expect(unitLines.map((line) => [line.code, line.leadUnit, line.reported])).toEqual([
      ['3.1.1.1', '大同市', false],
      ['4.1.1.1', '省商务厅', true],
    ]);
    const allLines = await loadProgressLines(t.db, { planId: t.planId, roundId: id }, '2025-04-10', THRESHOLDS);
    expect(allLines.map((line) => [line.code, line.leadUnit, line.reported])).toEqual([
      ['3.1.1.1', '大同市', false],
      ['4.1.1.1', '省商务厅', false],
    ]);

    // 催办 reaches both units, each for what it still owes.
    const reminded = await sendRoundReminders(t.db, t.office, { roundId: id, message: '请尽快报送。' }, new Date('2025-04-20T02:00:00Z'));
    expect(reminded.units.sort()).toEqual(['大同市', '省商务厅'].sort());

    // Closed after the due date: 考核's 按时报送 counts the cooperating unit's unreported 3.1.1.1 and its reported 4.1.1.1.
    await closeRound(t.db, t.office, id, '2025-05-02', THRESHOLDS);
    expect(await rowsOf(id, '2025-05-02')).toEqual([
      ['3.1.1.1', '大同市', 'lead', false],
      ['4.1.1.1', '省商务厅', 'lead', false],
      ['4.1.1.1', '大同市', 'cooperating', true],
    ]);
    const assessment = await computeAssessment(t.db, { planId: t.planId, year: 2025, scheme: DEFAULT_ASSESSMENT_SCHEME, today: '2025-05-02', thresholds: THRESHOLDS });
    const timely = (unitId: number) => assessment.units.find((u) => u.unitId === unitId)!.lines.filter((l) => l.text.startsWith('2025年4月调度'));
    expect(timely(datong).map((l) => l.text)).toEqual([expect.stringContaining('1 项任务未报送（3.1.1.1）')]);
    expect(timely(commerce).map((l) => l.text)).toEqual([expect.stringContaining('1 项任务未报送（4.1.1.1）')]);
  });

  it('read for one unit (its 调度 on the shared server), a round holds exactly that unit’s rows and line of the whole round’s, open and closed', async () => {
    const { id } = await open('leadAndCooperating');
    await report('大同市', '4.1.1.1', '2025-04-10T02:00:00Z');
    for (const today of ['2025-04-10', '2025-05-02']) {
      if (today === '2025-05-02') await closeRound(t.db, t.office, id, today, THRESHOLDS);
      const whole = await roundDetail(t.db, id, today, THRESHOLDS);
      const own = await roundDetail(t.db, id, today, THRESHOLDS, datong);
      expect(own.tasks.map((row) => [row.code, row.role, row.reported])).toEqual([
        ['3.1.1.1', 'lead', false],
        ['4.1.1.1', 'cooperating', true],
      ]);
      expect(own.tasks).toEqual(whole.tasks.filter((row) => row.unitId === datong));
      expect(own.units).toEqual(whole.units.filter((row) => row.unitId === datong));
    }
  });

  it('a lead-only round still counts a cooperating unit’s report for the task, as it did before the choice', async () => {
    const { id } = await open();
    await report('大同市', '4.1.1.1', '2025-04-10T02:00:00Z');
    expect(await rowsOf(id, '2025-04-10')).toEqual([
      ['3.1.1.1', '大同市', 'lead', false],
      ['4.1.1.1', '省商务厅', 'lead', true],
    ]);
  });
});
