import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_KINDS, REPORT_TITLES } from '../api/reports.types';
import { freezeAssessment } from '../assessment/assessment.service';
import { applyTemplateImport, exportTemplate } from '../exchange/template.service';
import { editTemplate, loadWorkbook, seedUnitRound, type RoundFixture } from '../exchange/testing/template-fixtures';
import { recordIndicatorValue } from '../indicators/indicator.service';
import { setProblemMajor } from '../problems/problems.service';
import { issueNotice } from '../notices/notices.service';
import { instructionToNotice, recordInstruction } from '../instructions/instructions.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { exportReport, reportOptions } from './report.service';

/** Every report exported from a real database: the data each one reads arrives, in the file named for it. */

let t: SeededDatabase;
let f: RoundFixture;
const context = { today: '2025-04-20', thresholds: DEFAULT_WARNING_THRESHOLDS };

beforeAll(async () => {
  t = await createSeededDatabase();
  f = await seedUnitRound(t);
  const template = await exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId: f.roundId });
  const filled = await editTemplate(Buffer.from(template.contentBase64, 'base64'), {
    '4.1.1.1': { progress: '签约项目 5 个', percent: 60, status: '序时推进', problems: '项目用地指标紧张', coordination: '请协调能耗指标（内部）' },
  });
  await applyTemplateImport(t.db, t.office, { fileName: template.fileName, contentBase64: filled.toString('base64'), overrideConflicts: [] });
  const problem = await t.db.selectFrom('problems').select('id').where('kind', '=', '存在问题').orderBy('id').executeTakeFirstOrThrow();
  await setProblemMajor(t.db, t.office, { id: problem.id, major: true, note: '需省政府协调' });
  // A 领导批示 on that problem, with its scan, turned into a notice (the 批示件办理台账 lists it with the notice's state).
  const scan = { name: '副省长批示件.pdf', contentBase64: Buffer.from('%PDF 批示').toString('base64') };
  const instruction = await recordInstruction(t.db, t.files, t.office, { target: 'problem', targetId: problem.id, leader: '张副省长', givenOn: '2025-04-18', text: '请省发展改革委牵头协调用地指标。', attachments: [scan] }, context.today, new Date('2025-04-19T02:00:00Z'));
  await recordInstruction(t.db, t.files, t.office, { target: 'task', targetId: f.taskIds.get('4.1.1.2')!, leader: '李秘书长', givenOn: '2025-04-19', text: '尽快补报。' }, context.today, new Date('2025-04-19T03:00:00Z'));
  await issueNotice(
    t.db,
    t.office,
    { taskIds: [f.taskIds.get('4.1.1.2')!], unitId: f.unitId, level: '黄', reason: '未报送进展', requirement: '限期报送', replyDue: '2025-04-30' },
    context.today,
  );
  await instructionToNotice(t.db, t.office, { id: instruction.id, level: '红', requirement: '十日内报告协调结果', replyDue: '2025-04-30' }, context.today, new Date('2025-04-20T02:00:00Z'));
  const indicator = await t.db.selectFrom('indicators').select('id').orderBy('seq').limit(1).executeTakeFirst();
  if (indicator) await recordIndicatorValue(t.db, t.office, { indicatorId: indicator.id, year: 2024, value: 3.5, note: '' });
  await freezeAssessment(t.db, t.office, { planId: t.planId, year: 2024 }, context.today, DEFAULT_WARNING_THRESHOLDS);
});
afterAll(() => t.dispose());

async function cells(contentBase64: string): Promise<string[]> {
  const workbook = await loadWorkbook(Buffer.from(contentBase64, 'base64'));
  const texts: string[] = [];
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => void texts.push(cell.text)));
  return texts;
}

describe('报表 from the database', () => {
  it('offers the plan’s rounds and the years with notices or a frozen assessment', async () => {
    expect(await reportOptions(t.db, t.planId)).toMatchObject({
      rounds: [{ id: f.roundId, name: '2025年第一季度调度', state: 'open' }],
      assessmentYears: [2024],
      noticeYears: [2025],
    });
  });

  const expectations: Record<(typeof REPORT_KINDS)[number], { input: object; fileName: RegExp; contains: string[]; lacks?: string[] }> = {
    taskBreakdown: { input: {}, fileName: /^截至2025-04-20_任务分解表\.xlsx$/u, contains: ['4.1.1.1', '省商务厅', '太原市', '2026-12-31'] },
    unitProgress: { input: { unitId: 0, roundId: 0 }, fileName: /^省商务厅_2025年第一季度调度_进展情况表\.xlsx$/u, contains: ['签约项目 5 个', '已报', '未报', '项目用地指标紧张'] },
    provinceSummary: { input: { roundId: 0 }, fileName: /^2025年第一季度调度_全省进展汇总表\.xlsx$/u, contains: ['合计', '省商务厅', '签约项目 5 个'] },
    lagging: { input: {}, fileName: /^截至2025-04-20_滞后及预警任务清单\.xlsx$/u, contains: ['红灯', '4.1.1.2'] },
    supervision: { input: { year: 2025 }, fileName: /^2025年度_督办事项台账\.xlsx$/u, contains: ['未报送进展', '限期报送', '黄色', '2025-04-30'] },
    majorProblems: { input: {}, fileName: /^截至2025-04-20_重大问题清单\.xlsx$/u, contains: ['项目用地指标紧张', '需省政府协调'] },
    indicators: { input: {}, fileName: /^截至2025-04-20_主要指标完成情况表\.xlsx$/u, contains: ['2024年', '2025年'] },
    assessment: { input: { year: 2024 }, fileName: /^2024年度_考核结果表\.xlsx$/u, contains: ['排名', '省商务厅', '得分说明'] },
    instructions: {
      input: {},
      fileName: /^截至2025-04-20_批示件办理台账\.xlsx$/u,
      contains: ['张副省长', '2025-04-18', '请省发展改革委牵头协调用地指标。', '存在问题（任务 4.1.1.1）：项目用地指标紧张', '副省长批示件.pdf', '督办〔2025〕2号', '已交办', '督办中', '李秘书长', '未转办', '待转办'],
    },
    publicProgress: {
      input: { roundId: 0 },
      fileName: /^2025年第一季度调度_进展情况（公开版）\.xlsx$/u,
      contains: ['签约项目 5 个', '发布单位：省区域融合发展领导小组办公室'],
      // No internal notes, problems, coordination requests or people.
      lacks: ['项目用地指标紧张', '请协调能耗指标（内部）', '经办', '测试员', '存在问题', '需协调事项'],
    },
  };

  it.each(REPORT_KINDS.map((kind) => [kind]))('%s', async (kind) => {
    const expected = expectations[kind];
    const input = Object.fromEntries(
      Object.entries(expected.input).map(([key, value]) => [key, key === 'unitId' ? f.unitId : key === 'roundId' ? f.roundId : value]),
    );
    const file = await exportReport(t.db, { report: kind, planId: t.planId, ...input }, context);
    expect(file.fileName).toMatch(expected.fileName);
    const texts = await cells(file.contentBase64);
    expect(texts.join('\n')).toContain(REPORT_TITLES[kind].replace('（公开版）', ''));
    for (const text of expected.contains) expect(texts.some((cell) => cell.includes(text)), `${kind} shows “${text}”`).toBe(true);
    for (const text of expected.lacks ?? []) expect(texts.some((cell) => cell.includes(text)), `${kind} must not show “${text}”`).toBe(false);
  });
});
