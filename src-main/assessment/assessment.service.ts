import { sql, type Kysely } from 'kysely';
import { AppError } from '../api/errors';
import { ASSESSMENT_CATEGORIES, type AssessmentCategory, type AssessmentLine, type AssessmentResult, type AssessmentScheme, type AssessmentSource, type UnitAssessment } from '../api/assessment.types';
import type { TaskRow, TaskStatus, WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { achievementPercent, expectedAchievement, pathStartYear } from '../indicators/indicator-math';
import { listIndicatorStatus } from '../indicators/indicator.service';
import { listTasks } from '../tasks/task-query';
import { requireOffice, type Actor } from '../tasks/task-rules';
import { assessTask } from '../rules/task-warning';
import { chinaDateOf } from '../rules/report-date';
import { isNoticeOverdue } from '../rules/notice-overdue';
import { compareCodes, readRoundRows } from '../rounds/round-rows';
import { planDateRange } from '../rules/plan-period';
import { apportion, fromCents } from './apportion';
import { checkScheme, getAssessmentScheme, schemeTotal } from './assessment-scheme';

/**
 * 考核: per unit per year, a score from the office's scheme. Every point is explained by a line naming its source
 * (task code, round name, notice number or indicator name); a unit's lines add up exactly to its total, because
 * all arithmetic is done in whole hundredths of a point. Each category starts from its full weight, loses points
 * line by line, and never goes below zero (a final line gives back what was deducted beyond the weight).
 */

export interface AssessmentOptions {
  planId: number;
  year: number;
  scheme: AssessmentScheme;
  /** Units to assess; by default every unit the year's data concerns. */
  units?: number[] | undefined;
  today: string;
  thresholds: WarningThresholds;
}

interface Line {
  category: AssessmentCategory;
  source: AssessmentSource;
  text: string;
  cents: number;
}

const LIGHT_NAMES = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '灰灯', none: '无预警（未分配）' } as const;

function fmt(cents: number): string {
  return (cents / 100).toFixed(2).replace(/\.?0+$/u, '');
}

/** The date the year's data is read as of: its last day, or today while it is still running. */
export function assessmentAsOf(year: number, today: string): string {
  const yearEnd = `${year}-12-31`;
  return today < yearEnd ? today : yearEnd;
}

export async function computeAssessment(db: Kysely<Database>, options: AssessmentOptions): Promise<AssessmentResult> {
  const { planId, year, today, thresholds } = options;
  const scheme = checkScheme(options.scheme);
  const plan = await db.selectFrom('plans').select(['id', 'period_start', 'period_end', 'outlook_year']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', `找不到编号为 ${planId} 的规划，请刷新后重试。`);
  // Tasks may run to the outlook year (e.g. 2035), and supervision with them, so those years can be assessed too.
  const { lastYear } = planDateRange({ periodStart: plan.period_start, periodEnd: plan.period_end, outlookYear: plan.outlook_year });
  if (year < plan.period_start || year > lastYear) {
    throw new AppError('INVALID_INPUT', `考核年度应在 ${plan.period_start}—${lastYear} 年之间（规划期及展望期），收到 ${year} 年。`);
  }
  if (`${year}-01-01` > today) throw new AppError('INVALID_INPUT', `${year} 年尚未开始，不能考核。`);
  const asOf = assessmentAsOf(year, today);

  const [tasks, rounds, notices, indicators] = await Promise.all([
    yearEndTasks(db, planId, year, asOf, today, thresholds),
    roundObligations(db, planId, year, asOf, thresholds),
    yearNotices(db, planId, year),
    listIndicatorStatus(db, planId, thresholds),
  ]);

  const unitIds = options.units ?? involvedUnits(tasks, rounds, notices, indicators);
  const unitRows = unitIds.length
    ? await db.selectFrom('units').select(['id', 'name', 'seq', 'kind']).where('id', 'in', unitIds).execute()
    : [];
  const assessed = unitRows.filter((u) => u.kind !== 'office').sort((a, b) => a.seq - b.seq);

  const units: UnitAssessment[] = assessed.map((unit) => {
    const lines = [
      ...taskLines(scheme, year, tasks.filter((t) => t.leadUnitId === unit.id)),
      ...reportingLines(scheme, rounds, unit.id),
      ...supervisionLines(scheme, notices.filter((n) => n.unitId === unit.id), asOf),
      ...indicatorLines(scheme, year, plan.period_start, indicators.filter((i) => i.responsibleUnit?.id === unit.id)),
    ];
    const categories = Object.fromEntries(
      ASSESSMENT_CATEGORIES.map((category) => [category, fromCents(lines.filter((l) => l.category === category).reduce((s, l) => s + l.cents, 0))]),
    ) as Record<AssessmentCategory, number>;
    const totalCents = lines.reduce((sum, line) => sum + line.cents, 0);
    return {
      unitId: unit.id,
      unitName: unit.name,
      rank: 0,
      total: fromCents(totalCents),
      categories,
      lines: lines.map((line): AssessmentLine => ({ category: line.category, source: line.source, text: line.text, points: fromCents(line.cents) })),
    };
  });

  return { planId, year, asOf, scheme, maxTotal: schemeTotal(scheme), units: rank(units), frozen: null };
}

/** Highest total first; equal totals share a rank and the next rank skips (1, 1, 3). Ties keep the unit order. */
export function rank(units: UnitAssessment[]): UnitAssessment[] {
  const sorted = [...units].sort((a, b) => b.total - a.total);
  return sorted.map((unit) => ({ ...unit, rank: 1 + sorted.filter((other) => other.total > unit.total).length }));
}

// ------------------------------------------------------------------ data, read set-wise

interface YearEndTask {
  id: number;
  code: string;
  leadUnitId: number | null;
  deadline: string;
  status: TaskStatus;
  percent: number;
  light: TaskRow['light'];
  reasons: string[];
}

/**
 * Every live task of the plan with its light at `asOf`. While the year runs that is the task's own latest status;
 * for a past year it is the status of the latest report made by the year's end (未启动 if none).
 */
async function yearEndTasks(db: Kysely<Database>, planId: number, year: number, asOf: string, today: string, thresholds: WarningThresholds): Promise<YearEndTask[]> {
  const { rows } = await listTasks(db, { planId }, asOf, thresholds);
  if (asOf === today) {
    return rows.map((row) => ({ id: row.id, code: row.code, leadUnitId: row.leadUnit?.id ?? null, deadline: row.deadline, status: row.status, percent: row.percent, light: row.light, reasons: row.reasons }));
  }
  const nextYear = `${year + 1}-01-01`;
  const latest = await db
    .selectFrom('progress_reports')
    .select(['task_id', 'status', 'percent'])
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('progress_reports as r')
        .innerJoin('tasks as t', 't.id', 'r.task_id')
        .select((e) => e.fn.max('r.id').as('id'))
        .where('t.plan_id', '=', planId)
        .where('r.created_at', '<', nextYear)
        .groupBy('r.task_id'),
    )
    .execute();
  const asOfStatus = new Map(latest.map((r) => [r.task_id, { status: r.status as TaskStatus, percent: r.percent }]));
  return rows.map((row) => {
    const state = asOfStatus.get(row.id) ?? { status: '未启动' as TaskStatus, percent: 0 };
    const judged = assessTask({ startDate: row.startDate, deadline: row.deadline, ...state, assigned: row.leadUnit !== null }, asOf, thresholds);
    return { id: row.id, code: row.code, leadUnitId: row.leadUnit?.id ?? null, deadline: row.deadline, ...state, light: judged.light, reasons: judged.reasons };
  });
}

interface RoundObligation {
  roundId: number;
  roundName: string;
  dueDate: string;
  unitId: number;
  taskId: number;
  code: string;
  reported: boolean;
  late: boolean;
  /** The day the unit made the report (its calendar). */
  reportDate: string | null;
}

/**
 * What each unit owed in the year's rounds that count: those due in the year that are closed or past their due date
 * by `asOf`, each read as the round's own page reads it (round-rows.ts: frozen when closed, live when open).
 */
async function roundObligations(db: Kysely<Database>, planId: number, year: number, asOf: string, thresholds: WarningThresholds): Promise<RoundObligation[]> {
  const rounds = await db
    .selectFrom('rounds')
    .select(['id', 'name', 'due_date', 'state'])
    .where('plan_id', '=', planId)
    .where(sql<string>`substr(due_date, 1, 4)`, '=', String(year))
    .where((eb) => eb.or([eb('state', '=', 'closed'), eb('due_date', '<', asOf)]))
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  const obligations: RoundObligation[] = [];
  for (const round of rounds) {
    const ref = { id: round.id, planId, state: round.state === 'closed' ? ('closed' as const) : ('open' as const), dueDate: round.due_date };
    const rows = await readRoundRows(db, ref, asOf, thresholds);
    for (const row of [...rows].sort((a, b) => compareCodes(a.code, b.code))) {
      obligations.push({
        roundId: round.id,
        roundName: round.name,
        dueDate: round.due_date,
        unitId: row.unitId,
        taskId: row.taskId,
        code: row.code,
        reported: row.reported,
        late: row.reportedLate,
        reportDate: row.reportDate,
      });
    }
  }
  return obligations;
}

interface YearNotice {
  id: number;
  number: string;
  unitId: number;
  replyDue: string;
  steps: { action: string; date: string }[];
}

async function yearNotices(db: Kysely<Database>, planId: number, year: number): Promise<YearNotice[]> {
  const notices = await db
    .selectFrom('supervision_notices')
    .select(['id', 'number', 'unit_id', 'reply_due', 'seq'])
    .where('plan_id', '=', planId)
    .where('year', '=', year)
    .orderBy('seq')
    .execute();
  if (notices.length === 0) return [];
  const steps = await db
    .selectFrom('notice_steps')
    .select(['notice_id', 'action', 'created_at'])
    .where(
      'notice_id',
      'in',
      notices.map((n) => n.id),
    )
    .orderBy('id')
    .execute();
  return notices.map((n) => ({
    id: n.id,
    number: n.number,
    unitId: n.unit_id,
    replyDue: n.reply_due,
    steps: steps.filter((s) => s.notice_id === n.id).map((s) => ({ action: s.action, date: chinaDateOf(s.created_at) })),
  }));
}

function involvedUnits(tasks: YearEndTask[], rounds: RoundObligation[], notices: YearNotice[], indicators: Awaited<ReturnType<typeof listIndicatorStatus>>): number[] {
  const ids = new Set<number>();
  for (const task of tasks) if (task.leadUnitId !== null) ids.add(task.leadUnitId);
  for (const row of rounds) ids.add(row.unitId);
  for (const notice of notices) ids.add(notice.unitId);
  for (const indicator of indicators) if (indicator.responsibleUnit) ids.add(indicator.responsibleUnit.id);
  return [...ids];
}


// ------------------------------------------------------------------ the four categories

function base(category: AssessmentCategory, label: string, cents: number, text: string): Line {
  return { category, source: { kind: 'category', id: null, label }, text, cents };
}

/** Gives back what was deducted beyond the category's weight, so the category never goes below zero. */
function floorAtZero(category: AssessmentCategory, label: string, lines: Line[]): Line[] {
  const sum = lines.reduce((s, l) => s + l.cents, 0);
  if (sum >= 0) return lines;
  return [...lines, base(category, label, -sum, `扣分合计超过本项满分，${label}按 0 分计（返还 ${fmt(-sum)} 分）`)];
}

/** 任务完成: weight × share of the unit's lead tasks in scope that are 已完成 or on 序时 (green) at the year's end. */
function taskLines(scheme: AssessmentScheme, year: number, leadTasks: YearEndTask[]): Line[] {
  const category = 'taskCompletion';
  const label = '任务完成';
  const weight = scheme.taskCompletion.weight * 100;
  const yearEnd = `${year}-12-31`;
  const inScope = leadTasks
    .filter((t) => scheme.taskCompletion.scope === 'all' || t.deadline <= yearEnd)
    .sort((a, b) => compareCodes(a.code, b.code));
  const paused = inScope.filter((t) => t.light === 'grey');
  const counted = inScope.filter((t) => t.light !== 'grey');
  const pausedLines = paused.map((t) => taskLine(t, 0, `任务 ${t.code} 暂缓实施，不计入考核`));
  const scopeText = scheme.taskCompletion.scope === 'all' ? '牵头的全部在办任务' : `牵头的、完成时限在 ${year} 年底前的任务`;
  if (counted.length === 0) {
    return [base(category, label, weight, `没有需考核的任务（${scopeText}为 0 项），${label}按满分 ${fmt(weight)} 分计`), ...pausedLines];
  }
  const good = counted.filter((t) => t.light === 'green');
  const bad = counted.filter((t) => t.light !== 'green');
  const score = Math.round((weight * good.length) / counted.length);
  const shares = apportion(weight - score, bad.map(() => 1));
  const badShare = new Map(bad.map((t, index) => [t.id, shares[index]!]));
  return [
    base(
      category,
      label,
      weight,
      `${label}满分 ${fmt(weight)} 分：${scopeText} ${counted.length} 项，其中已完成或符合序时进度 ${good.length} 项，得 ${fmt(weight)} × ${good.length}/${counted.length} = ${fmt(score)} 分`,
    ),
    ...counted.map((t) => {
      if (t.light === 'green') return taskLine(t, 0, `任务 ${t.code} ${t.status === '已完成' ? '已完成' : `符合序时进度（${t.status}，完成 ${t.percent}%）`}，不扣分`);
      return taskLine(t, -badShare.get(t.id)!, `任务 ${t.code} ${LIGHT_NAMES[t.light]}（${t.status}，完成 ${t.percent}%；${t.reasons.join('；')}）`);
    }),
    ...pausedLines,
  ];
}

function taskLine(task: YearEndTask, cents: number, text: string): Line {
  return { category: 'taskCompletion', source: { kind: 'task', id: task.id, label: task.code }, text, cents };
}

/**
 * 按时报送, per counted round: tasks left unreported cost the larger of perMissedRound and perLateReport for each of
 * them, so that leaving a task 未报 never costs less than reporting it late (DOMAIN.md, 考核 fairness); −perLateReport
 * for each late report (迟报 by rounds/report-date.ts).
 */
function reportingLines(scheme: AssessmentScheme, rounds: RoundObligation[], unitId: number): Line[] {
  const category = 'reporting';
  const label = '按时报送';
  const weight = scheme.reporting.weight * 100;
  const perMissed = Math.round(scheme.reporting.perMissedRound * 100);
  const perLate = Math.round(scheme.reporting.perLateReport * 100);
  const owed = rounds.filter((r) => r.unitId === unitId);
  const lines: Line[] = [base(category, label, weight, `${label}满分 ${fmt(weight)} 分`)];
  if (owed.length === 0) {
    lines.push(base(category, label, 0, '本年度没有需本单位报送的调度（已结束或已过截止日期的），不扣分'));
    return lines;
  }
  const roundIds = [...new Set(owed.map((r) => r.roundId))];
  for (const roundId of roundIds) {
    const rows = owed.filter((r) => r.roundId === roundId);
    const { roundName, dueDate } = rows[0]!;
    const source: AssessmentSource = { kind: 'round', id: roundId, label: roundName };
    const missing = rows.filter((r) => !r.reported);
    const late = rows.filter((r) => r.late);
    if (missing.length > 0) {
      const codes = missing.map((r) => r.code);
      const asLate = perLate * missing.length;
      const cost = Math.max(perMissed, asLate);
      const why = asLate > perMissed ? `按每项不少于逾期报送的 ${fmt(perLate)} 分计，${missing.length} × ${fmt(perLate)}` : `每次调度未报扣 ${fmt(perMissed)} 分`;
      lines.push({
        category,
        source,
        text: `${roundName}（截止 ${dueDate}）：${missing.length} 项任务未报送（${codes.slice(0, 10).join('、')}${codes.length > 10 ? ' 等' : ''}），${why}，扣 ${fmt(cost)} 分`,
        cents: -cost,
      });
    }
    for (const row of late) {
      lines.push({
        category,
        source,
        text: `${roundName}：任务 ${row.code} 逾期报送（${row.reportDate ?? '—'} 报送，截止 ${dueDate}），扣 ${fmt(perLate)} 分`,
        cents: -perLate,
      });
    }
    if (missing.length === 0 && late.length === 0) {
      lines.push({ category, source, text: `${roundName}：${rows.length} 项任务均按时报送，不扣分`, cents: 0 });
    }
  }
  return floorAtZero(category, label, lines);
}

/**
 * 督办办理: −perOverdueNotice for each notice 逾期 as of `asOf` by the one rule (supervision/notice-overdue.ts, the
 * rule the notice list and the dashboard use), with the notice's steps up to `asOf`; −perSendBack for each reply
 * sent back (退回) by `asOf`.
 */
function supervisionLines(scheme: AssessmentScheme, notices: YearNotice[], asOf: string): Line[] {
  const category = 'supervision';
  const label = '督办办理';
  const weight = scheme.supervision.weight * 100;
  const perOverdue = Math.round(scheme.supervision.perOverdueNotice * 100);
  const perSendBack = Math.round(scheme.supervision.perSendBack * 100);
  const lines: Line[] = [base(category, label, weight, `${label}满分 ${fmt(weight)} 分`)];
  if (notices.length === 0) {
    lines.push(base(category, label, 0, '本年度没有向本单位发出的督办单，不扣分'));
    return lines;
  }
  for (const notice of notices) {
    const source: AssessmentSource = { kind: 'notice', id: notice.id, label: notice.number };
    const known = notice.steps.filter((s) => s.date <= asOf);
    const lastReplyOn = known.filter((s) => s.action === '反馈').at(-1)?.date ?? null;
    const closed = known.some((s) => s.action === '办结');
    const overdue = isNoticeOverdue({ closed, replyDue: notice.replyDue, lastReplyOn }, asOf);
    const sendBacks = known.filter((s) => s.action === '退回');
    if (overdue) {
      const why =
        lastReplyOn !== null && lastReplyOn > notice.replyDue
          ? `${lastReplyOn} 才反馈，晚于反馈期限 ${notice.replyDue}`
          : `反馈期限 ${notice.replyDue} 已过，${lastReplyOn === null ? '未反馈' : '尚未办结'}`;
      lines.push({ category, source, text: `督办单 ${notice.number}：逾期（${why}），扣 ${fmt(perOverdue)} 分`, cents: -perOverdue });
    }
    for (const step of sendBacks) {
      lines.push({ category, source, text: `督办单 ${notice.number}：反馈于 ${step.date} 被退回重办，扣 ${fmt(perSendBack)} 分`, cents: -perSendBack });
    }
    if (!overdue && sendBacks.length === 0) {
      lines.push({ category, source, text: `督办单 ${notice.number}：${closed ? '按期反馈并办结' : `尚在反馈期限（${notice.replyDue}）内`}，不扣分`, cents: 0 });
    }
  }
  return floorAtZero(category, label, lines);
}

type IndicatorRow = Awaited<ReturnType<typeof listIndicatorStatus>>[number];

/**
 * 指标完成: weight × the average attainment (capped at 100%) of the indicators the unit is responsible for, using
 * each one's actual value of the year. Attainment is against the year's point on the straight-line path (basis
 * 'path') or against the final target ('target'). Indicators without a target or without the year's value are
 * listed but not counted; a unit with none counted gets the full weight.
 */
function indicatorLines(scheme: AssessmentScheme, year: number, planStart: number, indicators: IndicatorRow[]): Line[] {
  const category = 'indicators';
  const label = '指标完成';
  const weight = scheme.indicators.weight * 100;
  const source = (i: IndicatorRow): AssessmentSource => ({ kind: 'indicator', id: i.id, label: i.name });
  const judged = indicators.map((indicator) => ({ indicator, ...attainment(indicator, year, planStart, scheme.indicators.basis) }));
  const counted = judged.filter((j): j is typeof j & { rate: number } => j.rate !== null);
  const skipped = judged
    .filter((j) => j.rate === null)
    .map((j): Line => ({ category, source: source(j.indicator), text: `指标“${j.indicator.name}”${j.why}，不计入`, cents: 0 }));
  if (counted.length === 0) {
    const why = indicators.length === 0 ? '本单位不是任何主要指标的责任单位' : '本单位负责的指标均无法计算本年度完成情况';
    return [base(category, label, weight, `${why}，${label}按满分 ${fmt(weight)} 分计`), ...skipped];
  }
  const rateSum = counted.reduce((s, j) => s + j.rate, 0);
  const score = Math.round((weight * rateSum) / (100 * counted.length));
  const shortfalls = counted.map((j) => 100 - j.rate);
  const shares = shortfalls.some((s) => s > 0) ? apportion(weight - score, shortfalls) : counted.map(() => 0);
  const average = Math.round((rateSum / counted.length) * 10) / 10;
  return [
    base(category, label, weight, `${label}满分 ${fmt(weight)} 分：负责指标 ${counted.length} 项，平均达标 ${average}%，得 ${fmt(score)} 分`),
    ...counted.map((j, index): Line => ({
      category,
      source: source(j.indicator),
      text: `指标“${j.indicator.name}”：${j.why}${shares[index]! > 0 ? `，扣 ${fmt(shares[index]!)} 分` : '，不扣分'}`,
      cents: -shares[index]!,
    })),
    ...skipped,
  ];
}

function attainment(indicator: IndicatorRow, year: number, planStart: number, basis: 'path' | 'target'): { rate: number | null; why: string } {
  if (indicator.targetValue === null || indicator.targetYear === null || indicator.direction === null) return { rate: null, why: '目标值或指标方向未设定' };
  const actual = indicator.values.find((v) => v.year === year);
  if (!actual) return { rate: null, why: `${year} 年实际值未填报` };
  const point = indicator.path.find((p) => p.year === year);
  // The achievement of this year's value, not of the latest one the indicator list judges.
  const achievement = achievementPercent(actual.value, indicator);
  if (achievement === null) return { rate: null, why: '基期值与目标值不一致，无法计算完成度' };
  const valueText = `${year} 年实际值 ${actual.value}${indicator.unit ?? ''}，完成目标的 ${achievement}%`;
  if (basis === 'target') {
    const rate = clampRate(achievement);
    return { rate, why: `${valueText}，达标 ${rate}%` };
  }
  const expected = point?.expectedAchievement ?? expectedAchievement(year, pathStartYear(indicator, planStart), indicator.targetYear);
  const rate = expected <= 0 ? 100 : clampRate((achievement / expected) * 100);
  return { rate, why: `${valueText}，按直线进度应达 ${expected}%，达标 ${rate}%` };
}

function clampRate(value: number): number {
  return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
}

// ------------------------------------------------------------------ stored results

/** The plan's assessment for the year: the frozen snapshot when there is one, otherwise computed now. */
export async function getAssessment(
  db: Kysely<Database>,
  input: { planId: number; year: number },
  today: string,
  thresholds: WarningThresholds,
): Promise<AssessmentResult> {
  const frozen = await readSnapshot(db, input.planId, input.year);
  if (frozen) return frozen;
  return computeAssessment(db, { ...input, scheme: await getAssessmentScheme(db), today, thresholds });
}

async function readSnapshot(db: Kysely<Database>, planId: number, year: number): Promise<AssessmentResult | null> {
  const row = await db.selectFrom('assessment_snapshots').selectAll().where('plan_id', '=', planId).where('year', '=', year).executeTakeFirst();
  if (!row) return null;
  const results = JSON.parse(row.results) as Omit<AssessmentResult, 'frozen'>;
  return { ...results, scheme: JSON.parse(row.scheme) as AssessmentScheme, frozen: { frozenBy: row.frozen_by, frozenAt: row.frozen_at } };
}

/** Freezes the year's assessment as computed now: later data changes never alter what is read back. Office only. */
export async function freezeAssessment(
  db: Kysely<Database>,
  actor: Actor,
  input: { planId: number; year: number },
  today: string,
  thresholds: WarningThresholds,
): Promise<AssessmentResult> {
  requireOffice(actor, '冻结考核结果');
  const existing = await readSnapshot(db, input.planId, input.year);
  if (existing) throw new AppError('CONFLICT', `${input.year} 年度考核结果已于 ${existing.frozen!.frozenAt.slice(0, 10)} 由 ${existing.frozen!.frozenBy} 冻结，不能重复冻结。`);
  const result = await computeAssessment(db, { ...input, scheme: await getAssessmentScheme(db), today, thresholds });
  const results: Omit<AssessmentResult, 'frozen'> = {
    planId: result.planId,
    year: result.year,
    asOf: result.asOf,
    scheme: result.scheme,
    maxTotal: result.maxTotal,
    units: result.units,
  };
  const inserted = await db
    .insertInto('assessment_snapshots')
    .values({ plan_id: input.planId, year: input.year, scheme: JSON.stringify(result.scheme), results: JSON.stringify(results), frozen_by: actor.label })
    // Another window may have frozen the year in the meantime; its snapshot stands.
    .onConflict((oc) => oc.columns(['plan_id', 'year']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new AppError('CONFLICT', `${input.year} 年度考核结果刚刚已被冻结，请刷新查看。`);
  return (await readSnapshot(db, input.planId, input.year))!;
}
