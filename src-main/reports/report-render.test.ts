import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate } from '../exchange/template.builder';
import { TEMPLATE_FORMAT } from '../exchange/template-format';
import { convertWithLibreOffice, missingTools, pdfCellText, pdfFonts, pdfPages, pdfText, toolPolicy } from '../testing/office-tools';
import { buildLaggingReport, buildProvinceSummaryReport, buildPublicProgressReport, buildUnitProgressReport } from './progress.report';
import { addTableSheet, newWorkbook, type ReportWorkbook, workbookBytes } from './sheet-layout';
import { buildAssessmentReport, buildIndicatorsReport, buildMajorProblemsReport, buildSupervisionReport } from './supervision.report';
import { buildTaskBreakdownReport } from './task-breakdown.report';
import { buildInstructionsReport } from './instructions.report';
import {
  SAMPLE_META,
  sampleAssessment,
  sampleBreakdownLines,
  sampleIndicators,
  sampleInstructionLines,
  sampleMajorProblems,
  sampleNoticeLines,
  sampleProgressLines,
} from './testing/sample-report-data';

/**
 * Every report, and the fill-in template, rendered by LibreOffice to PDF in ONE conversion (each soffice start
 * costs seconds): every Chinese character of the title and header must be in the PDF's text with a CJK font
 * embedded (no empty boxes), and page 2 must repeat the header and say 第 2 页 共 N 页.
 * Set PLAN_DESK_RENDER_DIR to keep the files and PDFs for a look.
 */

const reason = await missingTools({ soffice: true, poppler: true });
const policy = toolPolicy(reason);

interface Rendered {
  name: string;
  title: string;
  /** Headers of the first sheet's table, which page 2 must repeat. */
  headers: string[];
  /** Text from a data cell, to check body glyphs too. */
  sample: string;
  /** The page that must repeat `headers` (a later sheet's second page, when the first sheet fits on one). */
  page?: number;
  metaLabel?: string;
  build: () => ReportWorkbook;
}

const progress = { lines: sampleProgressLines(), meta: SAMPLE_META, isRound: true };
const reports: Rendered[] = [
  { name: '01-任务分解表', title: '任务分解表', headers: ['任务编号', '具体任务', '牵头单位', '阶段节点'], sample: '打造京津冀重要保障基地', build: () => buildTaskBreakdownReport(sampleBreakdownLines(), SAMPLE_META) },
  { name: '02-进展情况表', title: '任务进展情况表', headers: ['任务编号', '本期进展情况', '完成状态', '需协调事项'], sample: '推动已签约项目尽快开工建设', build: () => buildUnitProgressReport(progress) },
  {
    name: '03-全省进展汇总表',
    title: '全省进展汇总表',
    // Sheets 1 and 2 (by chapter, by unit) take a page each; the task sheet starts on page 3.
    headers: ['任务编号', '牵头单位', '本期进展情况'],
    page: 4,
    sample: '深度融入区域协同发展', build: () => buildProvinceSummaryReport({ ...progress, lines: sampleProgressLines(120) }) },
  { name: '04-滞后及预警任务清单', title: '滞后及预警任务清单', headers: ['预警', '任务编号', '预警原因'], sample: '落后序时进度', build: () => buildLaggingReport(progress) },
  { name: '05-督办事项台账', title: '督办事项台账', headers: ['督办编号', '督办对象', '反馈时限'], sample: '请于反馈时限前报送整改措施', build: () => buildSupervisionReport(sampleNoticeLines(), SAMPLE_META) },
  { name: '06-重大问题清单', title: '重大问题清单', headers: ['问题类型', '问题描述', '解决情况'], sample: '需省级层面统筹协调解决', build: () => buildMajorProblemsReport(sampleMajorProblems(), SAMPLE_META) },
  { name: '07-主要指标完成情况表', title: '主要指标完成情况表', headers: ['指标名称', '计量单位', '完成程度'], sample: '省外游客占国内游客总数比重', build: () => buildIndicatorsReport(sampleIndicators(), SAMPLE_META) },
  { name: '08-考核结果表', title: '考核结果表', headers: ['排名', '单位', '任务完成'], sample: '省工业和信息化厅', build: () => buildAssessmentReport(sampleAssessment(60), SAMPLE_META) },
  { name: '09-进展情况公开版', title: '重点任务进展情况', headers: ['任务编号', '具体任务', '进展情况'], sample: '推动一批标志性项目落地见效', metaLabel: '发布单位', build: () => buildPublicProgressReport(progress) },
  { name: '11-批示件办理台账', title: '批示件办理台账', headers: ['批示人', '批示事项', '转办督办单', '办理阶段'], sample: '陆港项目用地指标不足', build: () => buildInstructionsReport(sampleInstructionLines(), SAMPLE_META) },
  {
    name: '10-填报模板',
    title: '任务进展填报表',
    headers: ['任务编号', '本期进展情况', '完成进度', '下步打算'],
    sample: '积极承接京津冀产业转移',
    build: () =>
      buildTemplate({
        meta: { format: TEMPLATE_FORMAT, planId: 1, unitId: 2, unitName: '省商务厅', roundId: 3, roundName: '2025年第一季度调度', exportedAt: '2025-04-01T00:00:00.000Z' },
        planTitle: SAMPLE_META.planTitle,
        period: SAMPLE_META.period,
        tasks: sampleProgressLines(40).map((line) => ({ ...line, version: 1 })),
      }),
  },
];

const keep = process.env.PLAN_DESK_RENDER_DIR;
let dir: string;
const texts = new Map<string, { all: string; repeated: string; pages: number; fonts: string[] }>();

const cjk = (text: string) => [...text].filter((ch) => /\p{Script=Han}/u.test(ch));

describe('every report renders through LibreOffice', () => {
  if (policy.failUnderCi) {
    it('has LibreOffice and poppler installed (CI installs them: .ci/run)', () => {
      throw new Error(`${reason}。CI 必须安装它们来检查报表的打印效果。`);
    });
    return;
  }
  if (policy.skip) {
    it.skip(`renders every report to PDF（${reason}）`, () => undefined);
    return;
  }

  beforeAll(async () => {
    dir = keep ?? mkdtempSync(join(tmpdir(), 'plan-desk-render-'));
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const report of reports) {
      const file = join(dir, `${report.name}.xlsx`);
      writeFileSync(file, await workbookBytes(report.build()));
      files.push(file);
    }
    const started = Date.now();
    await convertWithLibreOffice(files, 'pdf', dir);
    console.log(`[figures] LibreOffice rendered ${files.length} workbooks to PDF in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const report of reports) {
      const pdf = join(dir, `${report.name}.pdf`);
      texts.set(report.name, { all: await pdfText(pdf), repeated: await pdfText(pdf, report.page ?? 2), pages: await pdfPages(pdf), fonts: await pdfFonts(pdf) });
    }
  }, 300_000);
  afterAll(() => {
    if (!keep && dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(reports.map((report) => [report.name, report]))('%s: Chinese glyphs present, header repeated on the next page', (_name, report) => {
    const pdf = texts.get(report.name)!;
    const page = report.page ?? 2;
    expect(pdf.pages, `at least ${page} pages`).toBeGreaterThanOrEqual(page);
    expect(pdf.fonts.some((font) => /CJK|WenQuanYi|WQY|Sim|Song|Fang|Hei|Kai|Ming|Droid/iu.test(font)), `a CJK font embedded: ${pdf.fonts.join(', ')}`).toBe(true);
    const shown = new Set(cjk(pdf.all));
    const expected = cjk(`${report.title}${report.headers.join('')}${report.sample}${report.metaLabel ?? '填报单位'}第页共`);
    expect(expected.filter((ch) => !shown.has(ch)), 'characters missing from the PDF').toEqual([]);
    const repeated = pdf.repeated.replace(/\s+/gu, '');
    for (const header of report.headers) expect(repeated, `page ${page} repeats “${header}”`).toContain(header);
    expect(repeated).toContain(`第${page}页共${pdf.pages}页`);
  });
});

/**
 * A 3,000-character 本期进展 (Excel caps a row at 409 pt, about 370 such characters in this column): every character
 * must reach the paper, in order. The text is numbered sentences, so a missing piece shows which.
 */
const LONG_PROGRESS = Array.from({ length: 200 }, (_, i) => `第${i + 1}条推进重点项目建设取得新进展。`).join('').slice(0, 3000);

describe('long text prints whole', () => {
  if (policy.skip) {
    it.skip(`renders a 3,000-character cell to PDF（${reason}）`, () => undefined);
    return;
  }

  it('continues a 3,000-character 本期进展 on following rows: every character on paper, in order', { timeout: 300_000 }, async () => {
    const out = keep ?? mkdtempSync(join(tmpdir(), 'plan-desk-long-'));
    mkdirSync(out, { recursive: true });
    try {
      // The real report, the long text in its second row; and a sheet with that text as its only printed column,
      // whose PDF text is that cell's text alone (with the title, header and footer around it).
      const lines = sampleProgressLines(3).map((line, i) => (i === 1 ? { ...line, progress: LONG_PROGRESS } : line));
      const report = join(out, '11-长文本进展情况表.xlsx');
      writeFileSync(report, await workbookBytes(buildUnitProgressReport({ lines, meta: SAMPLE_META, isRound: true })));
      const single = newWorkbook();
      addTableSheet(single, {
        name: '长文本',
        title: '长文本',
        meta: [],
        columns: [{ header: '本期进展情况', width: 34 }, { header: '系统键', hidden: true }],
        rows: [[LONG_PROGRESS, 'k1']],
      });
      const column = join(out, '12-长文本单列.xlsx');
      writeFileSync(column, await workbookBytes(single));
      await convertWithLibreOffice([report, column], 'pdf', out);
      expect(LONG_PROGRESS.length).toBe(3000);

      // The report: every numbered sentence printed, in order.
      const printed = await pdfCellText(join(out, '11-长文本进展情况表.pdf'));
      const marks = LONG_PROGRESS.match(/第\d+条/gu) ?? [];
      expect(marks.filter((mark) => !printed.includes(mark)), 'sentences missing from the PDF').toEqual([]);
      const positions = marks.map((mark) => printed.indexOf(mark));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));

      // The single column: all 3,000 characters, nothing between them but the repeated header and page footers.
      const pages = await pdfPages(join(out, '12-长文本单列.pdf'));
      expect(pages).toBeGreaterThan(1);
      const text = (await pdfCellText(join(out, '12-长文本单列.pdf'))).replace(/第\d+页共\d+页|本期进展情况|^长文本/gu, '');
      expect(text).toBe(LONG_PROGRESS);
    } finally {
      if (!keep) rmSync(out, { recursive: true, force: true });
    }
  });
});
