import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import { REPORT_TITLES, type ExportedFile, type ReportKind, type ReportOptions } from '../api/reports.types';
import type { WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import type { SkippableRoundField } from '../rounds/round-rows';
import { withOriginalDeadlines } from '../extensions/extensions.service';
import { listInstructions } from '../instructions/instructions.service';
import { buildInstructionsReport } from './instructions.report';
import { runExport } from './export-runner';
import { workbookFileName } from './file-names';
import { buildLaggingReport, buildProvinceSummaryReport, buildPublicProgressReport, buildUnitProgressReport } from './progress.report';
import { loadBreakdownLines, loadPlanHeader, loadProgressLines, loadRound, loadUnitName, officeName } from './report-data';
import type { ReportMeta } from './report-meta';
import { buildTaskBreakdownReport } from './task-breakdown.report';
import { type ReportWorkbook, workbookBytes } from './sheet-layout';
import { buildAssessmentReport, buildIndicatorsReport, buildMajorProblemsReport, buildSupervisionReport } from './supervision.report';
import { loadAssessmentData, loadIndicatorLines, loadMajorProblemLines, loadNoticeLines } from './supervision-data';

/**
 * 报表: reads what a report needs, hands it to the report's pure builder and returns the file with a name that
 * says what is inside. Saving is the shell's business (the renderer downloads the bytes).
 */

export interface ExportReportInput {
  report: ReportKind;
  planId: number;
  unitId?: number | undefined;
  /** A reporting round; null or absent for the latest state. */
  roundId?: number | null | undefined;
  year?: number | undefined;
}

export interface ReportContext {
  today: string;
  thresholds: WarningThresholds;
}

/** What the 全省进展汇总表 never prints (progress.report.ts), so a closed round's read leaves it out. */
const SUMMARY_LEAVES_OUT: readonly SkippableRoundField[] = ['nextSteps', 'reasons', 'reportedAt', 'reportDate'];

export async function buildReport(db: Kysely<Database>, input: ExportReportInput, context: ReportContext): Promise<{ workbook: ReportWorkbook; fileName: string }> {
  const plan = await loadPlanHeader(db, input.planId);
  const office = await officeName(db);
  const round = input.roundId !== null && input.roundId !== undefined ? await loadRound(db, input.roundId, plan.id) : null;
  const period = round ? `${round.name}（${round.periodStart} 至 ${round.periodEnd}）` : `截至 ${context.today}`;
  const periodForName = round ? round.name : `截至${context.today}`;
  const title = REPORT_TITLES[input.report];
  const meta: ReportMeta = { unitName: office, date: context.today, period, planTitle: plan.title };
  const progress = (unitId?: number, withAttachments = false, without?: readonly SkippableRoundField[]) =>
    loadProgressLines(db, { planId: plan.id, unitId, roundId: round?.id ?? null, withAttachments, without }, context.today, context.thresholds);
  const year = input.year ?? Number(context.today.slice(0, 4));

  switch (input.report) {
    case 'taskBreakdown':
      return {
        workbook: buildTaskBreakdownReport(await loadBreakdownLines(db, plan.id, context.today, context.thresholds), { ...meta, period: `${plan.periodStart}—${plan.periodEnd}年` }),
        fileName: workbookFileName({ period: `截至${context.today}`, title }),
      };
    case 'unitProgress': {
      if (input.unitId === undefined) throw new AppError('INVALID_INPUT', '请选择要导出进展情况表的单位。');
      const unitName = await loadUnitName(db, input.unitId);
      return {
        workbook: buildUnitProgressReport({ lines: await withOriginalDeadlines(db, await progress(input.unitId, true)), meta: { ...meta, unitName }, isRound: round !== null }),
        fileName: workbookFileName({ unit: unitName, period: periodForName, title }),
      };
    }
    case 'provinceSummary':
      return {
        workbook: buildProvinceSummaryReport({ lines: await progress(undefined, false, SUMMARY_LEAVES_OUT), meta, isRound: round !== null }),
        fileName: workbookFileName({ period: periodForName, title }),
      };
    case 'lagging':
      return {
        workbook: buildLaggingReport({ lines: await progress(), meta, isRound: round !== null }),
        fileName: workbookFileName({ period: periodForName, title }),
      };
    case 'publicProgress':
      return {
        workbook: buildPublicProgressReport({ lines: await progress(), meta, isRound: round !== null }),
        fileName: workbookFileName({ period: periodForName, title }),
      };
    case 'supervision':
      return {
        workbook: buildSupervisionReport(await loadNoticeLines(db, plan.id, year, context.today), { ...meta, period: `${year}年度` }),
        fileName: workbookFileName({ period: `${year}年度`, title }),
      };
    case 'majorProblems':
      return {
        workbook: buildMajorProblemsReport(await loadMajorProblemLines(db, plan.id), meta),
        fileName: workbookFileName({ period: `截至${context.today}`, title }),
      };
    case 'indicators': {
      const data = await loadIndicatorLines(db, plan.id, context.thresholds);
      return {
        workbook: buildIndicatorsReport(data, { ...meta, period: `${plan.periodStart}—${plan.periodEnd}年` }),
        fileName: workbookFileName({ period: `截至${context.today}`, title }),
      };
    }
    case 'instructions':
      return {
        workbook: buildInstructionsReport(await listInstructions(db, null, { planId: plan.id }), { ...meta, period: `截至 ${context.today}` }),
        fileName: workbookFileName({ period: `截至${context.today}`, title }),
      };
    case 'assessment': {
      const data = await loadAssessmentData(db, plan.id, year, context.today, context.thresholds);
      return {
        workbook: buildAssessmentReport(data, { ...meta, period: `${year}年度` }),
        fileName: workbookFileName({ period: `${year}年度`, title }),
      };
    }
  }
}

/** Exports a report off the main thread (export-runner.ts): the window keeps answering while the file is built. */
export function exportReport(db: Kysely<Database>, input: ExportReportInput, context: ReportContext): Promise<ExportedFile> {
  return runExport(db, { kind: 'report', input, context }, () => exportReportHere(db, input, context));
}

/** The export itself, in whichever thread runs it (the export worker, or this one where there is none). */
export async function exportReportHere(db: Kysely<Database>, input: ExportReportInput, context: ReportContext): Promise<ExportedFile> {
  const { workbook, fileName } = await buildReport(db, input, context);
  return { fileName, contentBase64: (await workbookBytes(workbook)).toString('base64') };
}

/** What the 报表 page offers for a plan: its rounds, and the years with notices or a frozen assessment. */
export async function reportOptions(db: Kysely<Database>, planId: number): Promise<ReportOptions> {
  await loadPlanHeader(db, planId);
  const rounds = await db.selectFrom('rounds').selectAll().where('plan_id', '=', planId).orderBy('period_start', 'desc').orderBy('id', 'desc').execute();
  const assessment = await db.selectFrom('assessment_snapshots').select('year').where('plan_id', '=', planId).orderBy('year', 'desc').execute();
  const notices = await db.selectFrom('supervision_notices').select('year').distinct().where('plan_id', '=', planId).orderBy('year', 'desc').execute();
  return {
    rounds: rounds.map((round) => ({
      id: round.id,
      name: round.name,
      state: round.state as 'open' | 'closed',
      periodStart: round.period_start,
      periodEnd: round.period_end,
      dueDate: round.due_date,
    })),
    assessmentYears: assessment.map((row) => row.year),
    noticeYears: notices.map((row) => row.year),
  };
}
