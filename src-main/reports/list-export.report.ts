import { NOTICE_STATE_LABELS, type NoticeRow } from '../api/notices.types';
import { PROBLEM_STATE_LABELS, type ProblemRow } from '../api/problems.types';
import { ROUND_ROLE_LABELS, type RoundDetail, type RoundTaskRow } from '../api/rounds.types';
import type { TaskLight, TaskRow } from '../api/tasks.types';
import { chinaDateOf } from '../rules/report-date';
import { LIGHT_FILLS, LIGHT_NAMES, metaLine, planBook, type ReportMeta } from './report-meta';
import { ledger, SEQ_COLUMN } from './ledger';
import { addTableSheet, newWorkbook, type ReportWorkbook } from './sheet-layout';
import { currentLevelText } from './supervision.report';

/**
 * 导出当前列表: the lists of 任务分解, 问题台账, a round's 任务报送明细 and 督办事项, each as the 台账 the other reports
 * are (sheet-layout.ts: title, 填报单位/填报日期 line, frozen bold header, A4 landscape with the header on every
 * page), holding exactly the rows the list shows, in its order, and saying under the table which filters made them.
 * Pure: rows in, workbook out (list-export.ts reads the rows).
 */

const lightFill = (light: TaskLight) => (light === 'red' ? LIGHT_FILLS.red : light === 'yellow' ? LIGHT_FILLS.yellow : null);
const percent = (value: number | null) => (value === null ? '—' : `${value}%`);
const filterNote = (filters: string[], count: number, what: string) => `筛选条件：${filters.length > 0 ? filters.join('；') : '无（全部）'}。共 ${count} ${what}。`;

export function buildTaskListExport(rows: TaskRow[], meta: ReportMeta, filters: string[]): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '任务分解',
    title: `${planBook(meta.planTitle)}任务分解清单`,
    meta: metaLine(meta, '统计时点'),
    ...ledger(rows, [
      SEQ_COLUMN,
      { header: '任务编号', align: 'center', minWidth: 9, cell: (row) => row.code },
      { header: '章节/领域', width: 22, cell: (row) => `${row.chapterTitle}${row.region ? `（${row.region}）` : ''}\n${row.sectionTitle}` },
      { header: '重点任务', width: 16, cell: (row) => row.measureTitle },
      { header: '具体任务', width: 40, cell: (row) => (row.retired ? `（已撤销）${row.text}` : row.text) },
      { header: '牵头单位', width: 12, align: 'center', cell: (row) => row.leadUnit?.name ?? '待分配' },
      { header: '配合单位', width: 14, cell: (row) => row.cooperators.map((unit) => unit.name).join('、') },
      { header: '开始日期', width: 11, align: 'center', cell: (row) => row.startDate },
      { header: '完成时限', width: 12, align: 'center', cell: (row) => (row.deadlineSet ? row.deadline : `${row.deadline}\n（规划期末）`) },
      { header: '完成状态', width: 9, align: 'center', cell: (row) => row.status },
      { header: '完成进度%', width: 8, align: 'center', cell: (row) => percent(row.percent) },
      { header: '序时进度%', width: 8, align: 'center', cell: (row) => percent(row.scheduleProgress) },
      { header: '预警', width: 6, align: 'center', cell: (row) => LIGHT_NAMES[row.light] },
    ]),
    rowFills: rows.map((row) => lightFill(row.light)),
    freezeColumns: 2,
    notes: [filterNote(filters, rows.length, '项任务')],
  });
  return workbook;
}

export function buildProblemListExport(rows: ProblemRow[], meta: ReportMeta, filters: string[]): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '问题台账',
    title: `${planBook(meta.planTitle)}问题台账`,
    meta: metaLine(meta, '统计时点'),
    ...ledger(rows, [
      SEQ_COLUMN,
      { header: '类别', width: 10, align: 'center', cell: (row) => row.kind },
      { header: '问题', width: 36, cell: (row) => row.text },
      { header: '任务编号', align: 'center', minWidth: 9, cell: (row) => row.taskCode },
      { header: '涉及任务', width: 30, cell: (row) => row.taskText },
      { header: '责任单位', width: 12, align: 'center', cell: (row) => row.ownerUnitName },
      { header: '涉及单位', width: 16, cell: (row) => row.concernedUnits.join('、') },
      { header: '状态', width: 8, align: 'center', cell: (row) => PROBLEM_STATE_LABELS[row.state] },
      { header: '重大问题', width: 8, align: 'center', cell: (row) => (row.isMajor ? '是' : '') },
      { header: '说明', width: 16, cell: (row) => row.majorNote },
      { header: '解决情况', width: 24, cell: (row) => row.resolution },
      { header: '提出日期', width: 11, align: 'center', cell: (row) => chinaDateOf(row.createdAt) },
      { header: '解决日期', width: 11, align: 'center', cell: (row) => (row.solvedAt ? chinaDateOf(row.solvedAt) : '') },
    ]),
    freezeColumns: 2,
    notes: [filterNote(filters, rows.length, '项问题')],
  });
  return workbook;
}

export function buildNoticeListExport(rows: NoticeRow[], meta: ReportMeta, filters: string[]): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '督办事项',
    title: `${planBook(meta.planTitle)}督办事项清单`,
    meta: metaLine(meta, '统计时点'),
    ...ledger(rows, [
      SEQ_COLUMN,
      { header: '督办编号', width: 16, align: 'center', cell: (row) => row.number },
      { header: '当前等级', width: 8, align: 'center', cell: (row) => currentLevelText(row) },
      { header: '督办单位', width: 12, align: 'center', cell: (row) => row.unitName },
      { header: '督办任务', width: 30, cell: (row) => row.tasks.map((task) => `${task.code} ${task.text}`).join('\n') },
      { header: '督办事由', width: 30, cell: (row) => row.reason },
      { header: '督办要求', width: 24, cell: (row) => row.requirement },
      { header: '交办日期', width: 11, align: 'center', cell: (row) => chinaDateOf(row.issuedAt) },
      { header: '反馈期限', width: 11, align: 'center', cell: (row) => row.replyDue },
      { header: '办理状态', width: 12, align: 'center', cell: (row) => NOTICE_STATE_LABELS[row.state] },
      { header: '是否逾期', width: 8, align: 'center', cell: (row) => (row.overdue ? '逾期' : '') },
      { header: '退回次数', width: 8, align: 'center', cell: (row) => row.sendBacks },
    ]),
    rowFills: rows.map((row) => (row.overdue ? LIGHT_FILLS.red : null)),
    freezeColumns: 2,
    notes: [filterNote(filters, rows.length, '件督办')],
  });
  return workbook;
}

/** The round's 任务报送明细 as its page shows it (one row per task and asked unit). */
export function buildRoundListExport(round: RoundDetail, rows: RoundTaskRow[], meta: ReportMeta, filters: string[]): ReportWorkbook {
  const workbook = newWorkbook();
  const reportCell = (row: RoundTaskRow) => (row.reported ? (row.reportedLate ? '逾期报送' : '已报') : '未报');
  addTableSheet(workbook, {
    name: '任务报送明细',
    title: `${planBook(meta.planTitle)}${round.name}任务报送明细`,
    meta: metaLine(meta, '调度期'),
    ...ledger(rows, [
      SEQ_COLUMN,
      { header: '任务编号', align: 'center', minWidth: 9, cell: (row) => row.code },
      { header: '具体任务', width: 38, cell: (row) => row.text },
      { header: '报送单位', width: 12, align: 'center', cell: (row) => row.unitName },
      { header: '牵头/配合', width: 8, align: 'center', cell: (row) => ROUND_ROLE_LABELS[row.role] },
      { header: '本期报送', width: 9, align: 'center', cell: (row) => reportCell(row) },
      { header: '填报日期', width: 11, align: 'center', cell: (row) => row.reportDate ?? '' },
      { header: '收到日期', width: 11, align: 'center', cell: (row) => (row.reportedAt ? chinaDateOf(row.reportedAt) : '') },
      { header: '完成状态', width: 9, align: 'center', cell: (row) => row.status },
      { header: '完成进度%', width: 8, align: 'center', cell: (row) => percent(row.percent) },
      { header: '预警', width: 6, align: 'center', cell: (row) => LIGHT_NAMES[row.light] },
      { header: '本期进展情况', width: 36, cell: (row) => row.progress },
    ]),
    rowFills: rows.map((row) => (row.reported ? null : LIGHT_FILLS.yellow)),
    freezeColumns: 2,
    notes: [filterNote(filters, rows.length, '行')],
  });
  return workbook;
}
