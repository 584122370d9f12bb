import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssessmentResult, UnitAssessment } from '../api/assessment.types';
import type { TaskStatus } from '../api/tasks.types';
import { chinaDateOf } from '../rules/report-date';
import { createIndicator, recordIndicatorValue } from '../indicators/indicator.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { DEFAULT_ASSESSMENT_SCHEME, getAssessmentScheme, setAssessmentScheme } from './assessment-scheme';
import { computeAssessment, freezeAssessment, getAssessment } from './assessment.service';

/**
 * A year (2024) of one plan with three units, built row by row:
 * - 省商务厅 leads two tasks, both green at the year's end; one late report in an open, past-due round; one notice
 *   sent back once; one indicator at 60% of the way where the straight line expects 80%.
 * - 大同市 leads three tasks (green, yellow, red); leaves tasks unreported in two rounds and reports one late (more
 *   deductions than the category's 20 points); one notice answered late and sent back.
 * - 省能源局 leads a task done only after the year's end (red as of 2024-12-31), a green one and a paused one;
 *   leaves one task unreported in the open round; one notice never answered.
 */

let t: SeededDatabase;
let ids: { commerce: number; datong: number; energy: number };
const THRESHOLDS = DEFAULT_WARNING_THRESHOLDS;
const AFTER_YEAR = '2025-03-01';

beforeEach(async () => {
  t = await createSeededDatabase();
  ids = { commerce: await t.unitId('省商务厅'), datong: await t.unitId('大同市'), energy: await t.unitId('省能源局') };
  await buildScenario();
});
afterEach(async () => t.dispose());

async function lead(code: string, unitId: number) {
  await t.db.updateTable('tasks').set({ lead_unit_id: unitId }).where('id', '=', await t.taskId(code)).execute();
}

/** A report as submitReport would leave it, at a chosen time; the task keeps its latest report's status. */
async function report(code: string, unitId: number, status: TaskStatus, percent: number, createdAt: string, roundId: number | null = null): Promise<number> {
  const taskId = await t.taskId(code);
  const { id } = await t.db
    .insertInto('progress_reports')
    .values({ task_id: taskId, unit_id: unitId, reporter: '经办人', status, percent, progress: '进展', source: 'manual', created_at: createdAt, report_date: chinaDateOf(createdAt), round_id: roundId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.updateTable('tasks').set({ status, percent, last_report_at: createdAt }).where('id', '=', taskId).execute();
  return id;
}

async function round(name: string, dueDate: string, state: 'open' | 'closed'): Promise<number> {
  const { id } = await t.db
    .insertInto('rounds')
    .values({ plan_id: t.planId, name, period_start: `${dueDate.slice(0, 4)}-01-01`, period_end: dueDate, due_date: dueDate, state, opened_by: '测试' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function snapshot(roundId: number, code: string, unitId: number, reported: boolean, late: boolean, reportedAt: string | null) {
  await t.db
    .insertInto('round_snapshots')
    .values({
      round_id: roundId,
      task_id: await t.taskId(code),
      unit_id: unitId,
      task_code: code,
      task_text: '任务',
      unit_name: '单位',
      reported: reported ? 1 : 0,
      reported_late: late ? 1 : 0,
      reported_at: reportedAt,
      report_date: reportedAt === null ? null : chinaDateOf(reportedAt),
      status: '序时推进',
      percent: 50,
      schedule_progress: 70,
      light: 'green',
    })
    .execute();
}

async function owed(roundId: number, code: string, unitId: number, reportId: number | null) {
  await t.db.insertInto('round_tasks').values({ round_id: roundId, task_id: await t.taskId(code), unit_id: unitId, report_id: reportId }).execute();
}

async function notice(year: number, seq: number, unitId: number, replyDue: string, steps: [string, string][]): Promise<number> {
  const { id } = await t.db
    .insertInto('supervision_notices')
    .values({
      plan_id: t.planId,
      year,
      seq,
      number: `督办〔${year}〕${seq}号`,
      unit_id: unitId,
      level: '黄',
      reason: '进度滞后',
      requirement: '限期整改',
      reply_due: replyDue,
      state: steps.some(([action]) => action === '办结') ? 'closed' : 'issued',
      issued_at: `${steps[0]?.[1] ?? replyDue}T01:00:00.000Z`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [action, date] of steps) {
    await t.db.insertInto('notice_steps').values({ notice_id: id, action, actor: '测试', created_at: `${date}T02:00:00.000Z` }).execute();
  }
  return id;
}

async function buildScenario() {
  const { commerce, datong, energy } = ids;
  for (const code of ['4.1.1.1', '4.1.1.2']) await lead(code, commerce);
  for (const code of ['3.1.1.1', '3.1.1.2', '3.1.1.3']) await lead(code, datong);
  for (const code of ['3.1.1.4', '3.1.1.5', '3.1.2.1']) await lead(code, energy);

  // Closed 2024 Q2 round, read from its frozen rows.
  const q2 = await round('2024年第二季度调度', '2024-07-10', 'closed');
  await snapshot(q2, '4.1.1.1', commerce, true, false, '2024-07-01T08:00:00.000Z');
  await snapshot(q2, '4.1.1.2', commerce, true, false, '2024-07-02T08:00:00.000Z');
  await snapshot(q2, '3.1.1.1', datong, true, true, '2024-07-12T08:00:00.000Z');
  await snapshot(q2, '3.1.1.2', datong, true, false, '2024-07-09T08:00:00.000Z');
  await snapshot(q2, '3.1.1.3', datong, false, false, null);
  await snapshot(q2, '3.1.1.4', energy, true, false, '2024-07-05T08:00:00.000Z');
  await snapshot(q2, '3.1.1.5', energy, true, false, '2024-07-05T08:00:00.000Z');

  // Reports through the year (the task's status follows the latest).
  await report('4.1.1.1', commerce, '超序时进度', 85, '2024-06-01T08:00:00.000Z');
  await report('3.1.1.1', datong, '序时推进', 75, '2024-06-01T08:00:00.000Z');
  await report('3.1.1.2', datong, '滞后', 50, '2024-06-01T08:00:00.000Z');
  await report('3.1.2.1', energy, '暂缓', 10, '2024-05-01T08:00:00.000Z');

  // Open 2024 Q3 round, past due by the year's end: read live.
  const q3 = await round('2024年第三季度调度', '2024-10-10', 'open');
  await owed(q3, '4.1.1.1', commerce, await report('4.1.1.1', commerce, '超序时进度', 90, '2024-10-09T08:00:00.000Z', q3));
  await owed(q3, '4.1.1.2', commerce, await report('4.1.1.2', commerce, '已完成', 100, '2024-10-11T08:00:00.000Z', q3));
  await owed(q3, '3.1.1.1', datong, null);
  await owed(q3, '3.1.1.2', datong, null);
  await owed(q3, '3.1.1.3', datong, null);
  await owed(q3, '3.1.1.4', energy, null);
  await owed(q3, '3.1.1.5', energy, await report('3.1.1.5', energy, '序时推进', 80, '2024-10-08T08:00:00.000Z', q3));

  // Rounds and notices of other years do not count for 2024.
  const next = await round('2024年第四季度调度', '2025-01-10', 'open');
  await owed(next, '3.1.1.1', datong, null);
  await notice(2023, 1, energy, '2023-12-01', [['交办', '2023-11-20']]);

  // After the year's end: 3.1.1.4 is done, but as of 2024-12-31 it had not started.
  await report('3.1.1.4', energy, '已完成', 100, '2025-01-15T08:00:00.000Z');

  await notice(2024, 1, datong, '2024-08-01', [['交办', '2024-07-20'], ['签收', '2024-07-21'], ['反馈', '2024-08-05'], ['退回', '2024-08-06'], ['反馈', '2024-08-10'], ['办结', '2024-08-12']]);
  await notice(2024, 2, commerce, '2024-09-01', [['交办', '2024-08-20'], ['反馈', '2024-08-30'], ['退回', '2024-09-02'], ['反馈', '2024-09-05'], ['办结', '2024-09-06']]);
  await notice(2024, 3, energy, '2024-12-20', [['交办', '2024-12-01']]);

  const indicator = (name: string, unitId: number, target: number | null) =>
    createIndicator(t.db, t.office, {
      planId: t.planId,
      name,
      unit: '亿元',
      baselineYear: 2020,
      baselineValue: 1000,
      targetYear: 2025,
      targetValue: target,
      targetText: null,
      direction: target === null ? null : 'higher',
      responsibleUnitId: unitId,
      note: '',
    });
  const signed = await indicator('与三大区域项目签约额', commerce, 1300);
  await recordIndicatorValue(t.db, t.office, { indicatorId: signed.id, year: 2024, value: 1180, note: '' });
  const unrecorded = await indicator('引进三大区域企业投资额', commerce, 2000);
  await recordIndicatorValue(t.db, t.office, { indicatorId: unrecorded.id, year: 2023, value: 1500, note: '' });
  await indicator('绿电外送量', energy, null);
}

const compute = (today = AFTER_YEAR, units?: number[]) => computeAssessment(t.db, { planId: t.planId, year: 2024, scheme: DEFAULT_ASSESSMENT_SCHEME, today, thresholds: THRESHOLDS, units });
const unitOf = (result: AssessmentResult, id: number): UnitAssessment => result.units.find((u) => u.unitId === id)!;
const cents = (points: number) => Math.round(points * 100);

/** Every point explained: the lines add up to each category and to the total, to the hundredth. */
function expectExplained(result: AssessmentResult) {
  for (const unit of result.units) {
    expect(unit.lines.reduce((s, l) => s + cents(l.points), 0), unit.unitName).toBe(cents(unit.total));
    for (const [category, score] of Object.entries(unit.categories)) {
      expect(unit.lines.filter((l) => l.category === category).reduce((s, l) => s + cents(l.points), 0), `${unit.unitName} ${category}`).toBe(cents(score));
      expect(score).toBeGreaterThanOrEqual(0);
    }
    for (const line of unit.lines) expect(line.source.label.length, line.text).toBeGreaterThan(0);
  }
}

describe('assessment of 2024, read after the year ended', () => {
  it('scores, ranks and explains the three units', async () => {
    const result = await compute();
    expect(result.asOf).toBe('2024-12-31');
    expect(result.maxTotal).toBe(100);
    expectExplained(result);
    expect(result.units.map((u) => [u.unitName, u.rank, u.total])).toEqual([
      ['省商务厅', 1, 85],
      ['省能源局', 2, 65],
      ['大同市', 3, 45.33],
    ]);

    const commerce = unitOf(result, ids.commerce);
    // 督办〔2024〕2号 was answered in time, sent back, and answered again after its date: 逾期 and 退回.
    expect(commerce.categories).toEqual({ taskCompletion: 40, reporting: 18, supervision: 12, indicators: 15 });
    const lost = (u: UnitAssessment) => u.lines.filter((l) => l.points < 0).map((l) => [l.source.kind, l.source.label, l.points]);
    expect(lost(commerce)).toEqual([
      ['round', '2024年第三季度调度', -2],
      ['notice', '督办〔2024〕2号', -5],
      ['notice', '督办〔2024〕2号', -3],
      ['indicator', '与三大区域项目签约额', -5],
    ]);
    expect(commerce.lines.find((l) => l.source.label === '与三大区域项目签约额')?.text).toContain('完成目标的 60%，按直线进度应达 80%，达标 75%');
    expect(commerce.lines.find((l) => l.source.label === '引进三大区域企业投资额')).toMatchObject({ points: 0, text: expect.stringContaining('2024 年实际值未填报') });

    const datong = unitOf(result, ids.datong);
    expect(datong.categories).toEqual({ taskCompletion: 13.33, reporting: 0, supervision: 12, indicators: 20 });
    expect(lost(datong)).toEqual([
      ['task', '3.1.1.2', -13.34],
      ['task', '3.1.1.3', -13.33],
      ['round', '2024年第二季度调度', -10],
      ['round', '2024年第二季度调度', -2],
      ['round', '2024年第三季度调度', -10],
      ['notice', '督办〔2024〕1号', -5],
      ['notice', '督办〔2024〕1号', -3],
    ]);
    // 22 points deducted from a 20-point category: 2 are given back so it stops at zero.
    expect(datong.lines.filter((l) => l.category === 'reporting' && l.source.kind === 'category').map((l) => l.points)).toEqual([20, 2]);
    expect(datong.lines.find((l) => l.source.label === '3.1.1.3')?.text).toContain('红灯');
    expect(datong.lines.find((l) => l.source.label === '3.1.1.1')).toMatchObject({ points: 0, text: expect.stringContaining('符合序时进度') });

    const energy = unitOf(result, ids.energy);
    expect(energy.categories).toEqual({ taskCompletion: 20, reporting: 10, supervision: 15, indicators: 20 });
    expect(energy.lines.find((l) => l.source.label === '3.1.1.4')).toMatchObject({ points: -20, text: expect.stringContaining('未启动') });
    expect(energy.lines.find((l) => l.source.label === '3.1.2.1')).toMatchObject({ points: 0, text: expect.stringContaining('暂缓实施，不计入') });
    expect(energy.lines.find((l) => l.source.kind === 'notice')?.text).toContain('逾期（反馈期限 2024-12-20 已过，未反馈）');
    expect(energy.lines.some((l) => l.text.includes('2023'))).toBe(false);
    expect(energy.lines.find((l) => l.category === 'indicators' && l.source.kind === 'category')?.text).toContain('均无法计算');
  });

  it('while the year runs, reads today: live statuses, notices still within their reply date', async () => {
    const result = await compute('2024-11-01');
    expect(result.asOf).toBe('2024-11-01');
    expectExplained(result);
    const energy = unitOf(result, ids.energy);
    expect(energy.lines.find((l) => l.source.kind === 'notice')).toMatchObject({ points: 0, text: expect.stringContaining('尚在反馈期限') });
    // Live status of 3.1.1.4 is 已完成 (the 2025 report), so it is green today.
    expect(energy.categories.taskCompletion).toBe(40);
  });

  it('ranks ties together (1, 1, 3) and gives full marks, explained, to units with nothing to assess', async () => {
    const science = await t.unitId('省科技厅');
    const education = await t.unitId('省教育厅');
    const result = await compute(AFTER_YEAR, [ids.commerce, science, education]);
    expectExplained(result);
    expect(result.units.map((u) => [u.unitName, u.rank, u.total])).toEqual([
      ['省科技厅', 1, 100],
      ['省教育厅', 1, 100],
      ['省商务厅', 3, 85],
    ]);
    expect(unitOf(result, science).lines.map((l) => l.text)).toEqual([
      expect.stringContaining('没有需考核的任务'),
      '按时报送满分 20 分',
      expect.stringContaining('没有需本单位报送的调度'),
      '督办办理满分 20 分',
      expect.stringContaining('没有向本单位发出的督办单'),
      expect.stringContaining('不是任何主要指标的责任单位'),
    ]);
  });

  it('follows an edited scheme: weights, deductions, scope and indicator basis', async () => {
    const scheme = {
      taskCompletion: { weight: 30, scope: 'dueByYear' as const },
      reporting: { weight: 30, perMissedRound: 5, perLateReport: 0.5 },
      supervision: { weight: 20, perOverdueNotice: 4, perSendBack: 1 },
      indicators: { weight: 20, basis: 'target' as const },
    };
    await setAssessmentScheme(t.db, t.office, scheme);
    expect(await getAssessmentScheme(t.db)).toEqual(scheme);
    const result = await getAssessment(t.db, { planId: t.planId, year: 2024 }, AFTER_YEAR, THRESHOLDS);
    expectExplained(result);
    const commerce = unitOf(result, ids.commerce);
    // No task is due by the end of 2024 (all run to 2025-12-31): full marks, explained.
    expect(commerce.categories).toEqual({ taskCompletion: 30, reporting: 29.5, supervision: 15, indicators: 12 });
    expect(unitOf(result, ids.datong).categories.reporting).toBe(19.5);
  });

  it('refuses a scheme that does not add up to 100, or is edited by a unit', async () => {
    await expect(setAssessmentScheme(t.db, t.office, { ...DEFAULT_ASSESSMENT_SCHEME, indicators: { weight: 30, basis: 'path' } })).rejects.toThrow(
      '四项权重之和应为 100 分，当前为 110 分',
    );
    await expect(setAssessmentScheme(t.db, t.office, { ...DEFAULT_ASSESSMENT_SCHEME, reporting: { weight: 20, perMissedRound: 1.234, perLateReport: 2 } })).rejects.toThrow(
      '最多两位小数',
    );
    await expect(setAssessmentScheme(t.db, await t.actorFor('大同市'), DEFAULT_ASSESSMENT_SCHEME)).rejects.toThrow('只有领导小组办公室可以修改考核办法');
    expect(await getAssessmentScheme(t.db)).toEqual(DEFAULT_ASSESSMENT_SCHEME);
  });

  it('refuses years outside the plan or not yet begun', async () => {
    await expect(computeAssessment(t.db, { planId: t.planId, year: 2036, scheme: DEFAULT_ASSESSMENT_SCHEME, today: '2037-01-01', thresholds: THRESHOLDS })).rejects.toThrow(
      '考核年度应在 2021—2035 年之间',
    );
    await expect(computeAssessment(t.db, { planId: t.planId, year: 2020, scheme: DEFAULT_ASSESSMENT_SCHEME, today: '2027-01-01', thresholds: THRESHOLDS })).rejects.toThrow(
      '收到 2020 年',
    );
    // After the plan period, within the outlook: supervision goes on.
    await expect(computeAssessment(t.db, { planId: t.planId, year: 2026, scheme: DEFAULT_ASSESSMENT_SCHEME, today: '2027-01-01', thresholds: THRESHOLDS })).resolves.toMatchObject({ year: 2026 });
    await expect(computeAssessment(t.db, { planId: t.planId, year: 2025, scheme: DEFAULT_ASSESSMENT_SCHEME, today: '2024-12-01', thresholds: THRESHOLDS })).rejects.toThrow(
      '2025 年尚未开始',
    );
  });
});

describe('frozen assessment', () => {
  it('is what the year reads from then on, whatever changes later', async () => {
    const frozen = await freezeAssessment(t.db, t.office, { planId: t.planId, year: 2024 }, AFTER_YEAR, THRESHOLDS);
    expect(frozen.frozen).toMatchObject({ frozenBy: t.office.label });
    expectExplained(frozen);

    // Later: 大同市 catches up, a new overdue notice, a new indicator value, a new scheme, other thresholds.
    await report('3.1.1.3', ids.datong, '已完成', 100, '2024-12-01T08:00:00.000Z');
    await t.db.updateTable('round_tasks').set({ report_id: null }).execute();
    await notice(2024, 9, ids.commerce, '2024-10-01', [['交办', '2024-09-20']]);
    await setAssessmentScheme(t.db, t.office, { ...DEFAULT_ASSESSMENT_SCHEME, taskCompletion: { weight: 60, scope: 'all' }, indicators: { weight: 0, basis: 'path' } });

    const read = await getAssessment(t.db, { planId: t.planId, year: 2024 }, '2025-06-01', { ...THRESHOLDS, yellowLag: 5 });
    expect(read).toEqual(frozen);
    const live = await computeAssessment(t.db, { planId: t.planId, year: 2024, scheme: await getAssessmentScheme(t.db), today: '2025-06-01', thresholds: THRESHOLDS });
    expect(live.units.map((u) => u.total)).not.toEqual(frozen.units.map((u) => u.total));

    await expect(freezeAssessment(t.db, t.office, { planId: t.planId, year: 2024 }, AFTER_YEAR, THRESHOLDS)).rejects.toThrow('不能重复冻结');
    await expect(freezeAssessment(t.db, await t.actorFor('大同市'), { planId: t.planId, year: 2023 }, AFTER_YEAR, THRESHOLDS)).rejects.toThrow(
      '只有领导小组办公室可以冻结考核结果',
    );
  });
});
