import { ASSESSMENT_CATEGORIES, ASSESSMENT_CATEGORY_LABELS, type AssessmentResult } from '../api/assessment.types';
import type { NoticeLevel } from '../api/notices.types';
import { INDICATOR_LIGHT_NAMES } from '../indicators/indicator-math';
import { formatNumber } from './report-data';
import { LIGHT_FILLS, metaLine, planBook, type ReportMeta } from './report-meta';
import { ledger, SEQ_COLUMN } from './ledger';
import { addTableSheet, newWorkbook, type ReportWorkbook } from './sheet-layout';
import type { IndicatorData, MajorProblemLine, NoticeLine } from './supervision-data';

/** Reports 5–8: 督办事项台账, 重大问题清单, 主要指标完成情况表, 考核结果表. Pure functions of their data. */

const LEVEL_FILLS: Record<string, string | null> = { 红: LIGHT_FILLS.red, 黄: LIGHT_FILLS.yellow, 蓝: null };

/** A notice's level on the day, saying so when the office's escalation rule raised it (not only coloured). */
export function currentLevelText(notice: { level: NoticeLevel; escalatedLevel: NoticeLevel }): string {
  return notice.escalatedLevel === notice.level ? `${notice.level}色` : `${notice.escalatedLevel}色（由${notice.level}升级）`;
}

/** 5. 督办事项台账: every notice of the year, its tasks, its course and the unit's latest reply. */
export function buildSupervisionReport(lines: NoticeLine[], meta: ReportMeta): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '督办事项台账',
    title: `${planBook(meta.planTitle)}督办事项台账`,
    meta: metaLine(meta, '年度'),
    ...ledger(lines, [
      SEQ_COLUMN,
      { header: '督办编号', width: 14, align: 'center', cell: (line) => line.number },
      { header: '督办对象', width: 12, align: 'center', cell: (line) => line.unitName },
      { header: '督办等级', width: 7, align: 'center', cell: (line) => `${line.level}色` },
      // Escalated by the office's rule while unanswered past the reply date: said so, not only coloured.
      { header: '当前等级', width: 9, align: 'center', cell: (line) => currentLevelText(line) },
      { header: '涉及任务', width: 30, cell: (line) => line.tasks },
      { header: '督办事由', width: 24, cell: (line) => line.reason },
      { header: '督办要求', width: 22, cell: (line) => line.requirement },
      { header: '交办日期', width: 11, align: 'center', cell: (line) => line.issuedOn },
      { header: '反馈时限', width: 11, align: 'center', cell: (line) => line.replyDue },
      { header: '办理状态', width: 11, align: 'center', cell: (line) => (line.overdue ? `${line.state}（已逾期）` : line.state) },
      { header: '反馈情况', width: 26, cell: (line) => line.reply },
      { header: '退回次数', width: 7, cell: (line) => line.sendBacks },
      { header: '办结日期', width: 11, align: 'center', cell: (line) => line.closedOn },
    ]),
    rowFills: lines.map((line) => (line.overdue ? LIGHT_FILLS.red : (LEVEL_FILLS[line.level] ?? null))),
    freezeColumns: 2,
    notes: [
      `共 ${lines.length} 件，已办结 ${lines.filter((l) => l.closedOn !== '').length} 件，逾期未反馈 ${lines.filter((l) => l.overdue).length} 件，` +
        `逾期升级 ${lines.filter((l) => l.escalatedLevel !== l.level).length} 件（当前等级按办公室设定的升级规则：逾期未反馈若干天由蓝升黄、升红）。` +
        '办理流程：交办 → 签收 → 反馈 → 审核（退回或办结）。',
    ],
  });
  return workbook;
}

/** 6. 重大问题清单, for 省委、省政府: major problems, unsolved first. */
export function buildMajorProblemsReport(lines: MajorProblemLine[], meta: ReportMeta): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '重大问题清单',
    title: `${planBook(meta.planTitle)}实施重大问题清单`,
    meta: metaLine(meta, '统计时点'),
    ...ledger(lines, [
      SEQ_COLUMN,
      { header: '任务编号', align: 'center', minWidth: 9, cell: (line) => line.taskCode },
      { header: '相关任务', width: 26, cell: (line) => line.taskText },
      { header: '问题类型', width: 9, align: 'center', cell: (line) => line.kind },
      { header: '问题描述', width: 30, cell: (line) => line.text },
      { header: '提出单位', width: 12, align: 'center', cell: (line) => line.ownerUnit },
      { header: '涉及单位', width: 14, cell: (line) => line.concernedUnits },
      { header: '提出日期', width: 11, align: 'center', cell: (line) => line.raisedOn },
      { header: '列入清单日期', width: 11, align: 'center', cell: (line) => line.listedOn },
      { header: '列入说明', width: 20, cell: (line) => line.majorNote },
      { header: '办理状态', width: 8, align: 'center', cell: (line) => line.state },
      { header: '解决情况', width: 22, cell: (line) => line.resolution },
      { header: '解决日期', width: 11, align: 'center', cell: (line) => line.solvedOn },
    ]),
    freezeColumns: 2,
    notes: [`共 ${lines.length} 项，未解决 ${lines.filter((l) => !l.solved).length} 项。`],
  });
  return workbook;
}

/** 7. 主要指标完成情况表: targets, the yearly values, and how far along the straight-line path each is. */
export function buildIndicatorsReport(data: IndicatorData, meta: ReportMeta): ReportWorkbook {
  const workbook = newWorkbook();
  const num = (value: number | null | undefined) => (value === null || value === undefined ? '' : formatNumber(value));
  addTableSheet(workbook, {
    name: '主要指标完成情况',
    title: `${planBook(meta.planTitle)}主要指标完成情况表`,
    meta: metaLine(meta, '规划期'),
    columns: [
      { header: '序号', align: 'center', minWidth: 5 },
      { header: '指标名称', width: 26 },
      { header: '计量单位', width: 8, align: 'center' },
      { header: '基期', width: 10, align: 'center' },
      { header: '目标', width: 14, align: 'center' },
      { header: '属性', width: 8, align: 'center' },
      { header: '责任单位', width: 12, align: 'center' },
      ...data.years.map((year) => ({ header: `${year}年`, width: 8, align: 'center' as const })),
      { header: '完成程度', width: 8, align: 'center' },
      { header: '按序时应达', width: 9, align: 'center' },
      { header: '预警', width: 6, align: 'center' },
      { header: '说明', width: 22 },
    ],
    rows: data.indicators.map((indicator, index) => [
      index + 1,
      indicator.name,
      indicator.unit ?? '',
      indicator.baselineValue !== null ? `${num(indicator.baselineValue)}${indicator.baselineYear ? `（${indicator.baselineYear}年）` : ''}` : '—',
      indicator.targetText ?? (indicator.targetValue !== null ? `${num(indicator.targetValue)}${indicator.targetYear ? `（${indicator.targetYear}年）` : ''}` : '待定'),
      indicator.direction === 'higher' ? '越高越好' : indicator.direction === 'lower' ? '越低越好' : '',
      indicator.responsibleUnit?.name ?? '',
      ...data.years.map((year) => num(indicator.values.find((value) => value.year === year)?.value)),
      indicator.achievement !== null ? `${formatNumber(indicator.achievement)}%` : '—',
      indicator.expectedAchievement !== null ? `${formatNumber(indicator.expectedAchievement)}%` : '—',
      INDICATOR_LIGHT_NAMES[indicator.light],
      [indicator.reasons.join('；'), indicator.note].filter(Boolean).join('\n'),
    ]),
    rowFills: data.indicators.map((indicator) => (indicator.light === 'red' ? LIGHT_FILLS.red : indicator.light === 'yellow' ? LIGHT_FILLS.yellow : null)),
    freezeColumns: 2,
    notes: ['完成程度：最新年度值相对基期到目标的完成比例；按序时应达：按基期到目标年份的直线进度，最新值所在年份应达到的比例。'],
  });
  return workbook;
}

/** 8. 考核结果表 with its explanation sheet: every point of every unit's score, and why. */
export function buildAssessmentReport(result: AssessmentResult, meta: ReportMeta): ReportWorkbook {
  const workbook = newWorkbook();
  const basis = result.frozen ? `${result.frozen.frozenAt.slice(0, 10)} 冻结的考核结果（${result.frozen.frozenBy}）` : `按 ${result.asOf} 的数据计算，尚未冻结`;
  const weights = ASSESSMENT_CATEGORIES.map((category) => `${ASSESSMENT_CATEGORY_LABELS[category]} ${result.scheme[category].weight} 分`).join('、');
  addTableSheet(workbook, {
    name: '考核结果',
    title: `${planBook(meta.planTitle)}${result.year}年度考核结果表`,
    meta: metaLine(meta, '考核年度'),
    columns: [
      { header: '排名', width: 6, align: 'center' },
      { header: '单位', width: 22 },
      ...ASSESSMENT_CATEGORIES.map((category) => ({ header: `${ASSESSMENT_CATEGORY_LABELS[category]}\n（满分 ${result.scheme[category].weight}）`, width: 12, align: 'center' as const })),
      { header: `总分\n（满分 ${result.maxTotal}）`, width: 12, align: 'center' },
    ],
    rows: result.units.map((unit) => [unit.rank, unit.unitName, ...ASSESSMENT_CATEGORIES.map((category) => unit.categories[category]), unit.total]),
    freezeColumns: 2,
    notes: [`依据：${basis}。权重：${weights}。各项得分及扣分依据见“得分说明”工作表。`],
  });
  addTableSheet(workbook, {
    name: '得分说明',
    title: `${result.year}年度考核得分说明`,
    meta: metaLine(meta, '考核年度'),
    columns: [
      { header: '序号', align: 'center', minWidth: 5 },
      { header: '单位', width: 18 },
      { header: '考核项目', width: 10, align: 'center' },
      { header: '依据', width: 18 },
      { header: '说明', width: 60 },
      { header: '分值', width: 8, align: 'center' },
    ],
    rows: result.units
      .flatMap((unit) => unit.lines.map((line) => ({ unit, line })))
      .map(({ unit, line }, index) => [index + 1, unit.unitName, ASSESSMENT_CATEGORY_LABELS[line.category], line.source.label, line.text, line.points]),
    freezeColumns: 2,
    notes: ['分值为正表示得分，为负表示扣分；每个单位各行分值之和等于其总分。'],
  });
  return workbook;
}
