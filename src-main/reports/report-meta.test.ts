import { describe, expect, it } from 'vitest';
import { buildTemplate } from '../exchange/template.builder';
import { TEMPLATE_FORMAT } from '../exchange/template-format';
import { loadWorkbook } from '../exchange/testing/template-edit';
import { buildLaggingReport, buildProvinceSummaryReport, buildPublicProgressReport, buildUnitProgressReport } from './progress.report';
import { type ReportWorkbook, workbookBytes } from './sheet-layout';
import { buildAssessmentReport, buildIndicatorsReport, buildMajorProblemsReport, buildSupervisionReport } from './supervision.report';
import { buildTaskBreakdownReport } from './task-breakdown.report';
import { SAMPLE_META, sampleAssessment, sampleBreakdownLines, sampleIndicators, sampleMajorProblems, sampleNoticeLines, sampleProgressLines } from './testing/sample-report-data';

/** 调度期 names a reporting round and nothing else: the plan's own period is its 规划期, a year is a 年度. */

/** The line under the title of every sheet, as printed. */
async function metaLines(workbook: ReportWorkbook): Promise<string[]> {
  const read = await loadWorkbook(await workbookBytes(workbook));
  return read.worksheets.filter((sheet) => sheet.state === 'visible').map((sheet) => {
    const texts: string[] = [];
    sheet.getRow(2).eachCell((cell) => {
      if (!cell.isMerged || cell.master.address === cell.address) texts.push(cell.text);
    });
    return texts.join(' ');
  });
}

const plan = { ...SAMPLE_META, period: '2021—2025年' };
const year = { ...SAMPLE_META, period: '2025年度' };
const latest = { ...SAMPLE_META, period: '截至 2025-04-10' };
const template = (roundId: number | null) =>
  buildTemplate({
    meta: { format: TEMPLATE_FORMAT, planId: 1, unitId: 2, unitName: '省商务厅', roundId, roundName: roundId === null ? '最新' : '2025年第一季度调度', exportedAt: '2025-04-10T00:00:00.000Z' },
    planTitle: SAMPLE_META.planTitle,
    period: roundId === null ? '截至 2025-04-10' : '2025年第一季度调度（2025-01-01 至 2025-03-31，2025-04-10 前报送）',
    tasks: [],
  });

describe('the period on a report’s meta line', () => {
  it('says 规划期 for the plan’s period, 年度 for a year, 调度期 only for a round', async () => {
    const lines = sampleProgressLines(3);
    const cases: [string, ReportWorkbook, string][] = [
      ['任务分解表', buildTaskBreakdownReport(sampleBreakdownLines(3), plan), '规划期：2021—2025年'],
      ['主要指标完成情况表', buildIndicatorsReport(sampleIndicators(), plan), '规划期：2021—2025年'],
      ['督办事项台账', buildSupervisionReport(sampleNoticeLines(3), year), '年度：2025年度'],
      ['考核结果表', buildAssessmentReport(sampleAssessment(3), year), '考核年度：2025年度'],
      ['重大问题清单', buildMajorProblemsReport(sampleMajorProblems(), latest), '统计时点：截至 2025-04-10'],
      ['进展情况表（调度）', buildUnitProgressReport({ lines, meta: SAMPLE_META, isRound: true }), `调度期：${SAMPLE_META.period}`],
      ['进展情况表（最新）', buildUnitProgressReport({ lines, meta: latest, isRound: false }), '统计时点：截至 2025-04-10'],
      ['全省进展汇总表（最新）', buildProvinceSummaryReport({ lines, meta: latest, isRound: false }), '统计时点：截至 2025-04-10'],
      ['滞后及预警任务清单（调度）', buildLaggingReport({ lines, meta: SAMPLE_META, isRound: true }), `调度期：${SAMPLE_META.period}`],
      ['公开版（最新）', buildPublicProgressReport({ lines, meta: latest, isRound: false }), '截至 2025-04-10'],
      ['填报模板（最新）', template(null), '统计时点：截至 2025-04-10'],
      ['填报模板（调度）', template(3), '调度期：2025年第一季度调度'],
    ];
    for (const [name, workbook, expected] of cases) {
      const printed = await metaLines(workbook);
      for (const line of printed) expect(line, name).toContain(expected);
      if (!expected.startsWith('调度期')) for (const line of printed) expect(line, name).not.toContain('调度期');
    }
  });
});
