import { NOTICE_STATE_LABELS, type NoticeRow } from '../api/notices.types';
import { PROBLEM_STATE_LABELS, type ProblemRow } from '../api/problems.types';
import { ROUND_ROLE_LABELS, type RoundDetail, type RoundTaskRow } from '../api/rounds.types';
import type { TaskLight, TaskRow } from '../api/tasks.types';
import { chinaDateOf } from '../rules/report-date';
import { LIGHT_FILLS, LIGHT_NAMES, metaLine, planBook, type ReportMeta } from './report-meta';
import { addTableSheet, newWorkbook, type ReportWorkbook } from './sheet-layout';

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
    columns: [
      { header: '序号', align: 'center', minWidth: 5 },
      { header: '任务编号', align: 'center', minWidth: 9 },
      { header: '章节/领域', width: 22 },
      { header: '重点任务', width: 16 },
      { header: '具体任务', width: 40 },
      { header: '牵头单位', width: 12, align: 'center' },
      { header: '配合单位', width: 14 },
      { header: '开始日期', width: 11, align: 'center' },
      { header: '完成时限', width: 12, align: 'center' },
      { header: '完成状态', width: 9, align: 'center' },
      { header: '完成进度%', width: 8, align: 'center' },
      { header: '序时进度%', width: 8, align: 'center' },
      { header: '预警', width: 6, align: 'center' },
    ],
    rows: rows.map((row, index) => [
      index + 1,
      row.code,
      `${row.chapterTitle}${row.region ? `（${row.region}）` : ''}\n${row.sectionTitle}`,
      row.measureTitle,
      row.retired ? `（已撤销）${row.text}` : row.text,
      row.leadUnit?.name ?? '待分配',
      row.cooperators.map((unit) => unit.name).join('、'),
      row.startDate,
      row.deadlineSet ? row.deadline : `${row.deadline}\n（规划期末）`,
      row.status,
      percent(row.percent),
      percent(row.scheduleProgress),
      LIGHT_NAMES[row.light],
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
    columns: [
      { header: '序号', align: 'center', minWidth: 5 },
      { header: '类别', width: 10, align: 'center' },
      { header: '问题', width: 36 },
      { header: '任务编号', align: 'center', minWidth: 9 },
      { header: '涉及任务', width: 30 },
      { header: '责任单位', width: 12, align: 'center' },
      { header: '涉及单位', width: 16 },
      { header: '状态', width: 8, align: 'center' },
      { header: '重大问题', width: 8, align: 'center' },
      { header: '说明', width: 16 },
      { header: '解决情况', width: 24 },
      { header: '提出日期', width: 11, align: 'center' },
      { header: '解决日期', width: 11, align: 'center' },
    ],
    rows: rows.map((row, index) => [
      index + 1,
      row.kind,
      row.text,
      row.taskCode,
      row.taskText,
      row.ownerUnitName,
      row.concernedUnits.join('、'),
      PROBLEM_STATE_LABELS[row.state],
      row.isMajor ? '是' : '',
      row.majorNote,
      row.resolution,
      chinaDateOf(row.createdAt),
      row.solvedAt ? chinaDateOf(row.solvedAt) : '',
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
    columns: [
      { header: '序号', align: 'center', minWidth: 5 },
      { header: '督办编号', width: 16, align: 'center' },
      { header: '当前等级', width: 8, align: 'center' },
      { header: '督办单位', width: 12, align: 'center' },
      { header: '督办任务', width: 30 },
      { header: '督办事由', width: 30 },
      { header: '督办要求', width: 24 },
      { header: '交办日期', width: 11, align: 'center' },
      { header: '反馈期限', width: 11, align: 'center' },
      { header: '办理状态', width: 12, align: 'center' },
      { header: '是否逾期', width: 8, align: 'center' },
      { header: '退回次数', width: 8, align: 'center' },
    ],
    rows: rows.map((row, index) => [
      index + 1,
      row.number,
      row.escalatedLevel === row.level ? `${row.level}色` : `${row.escalatedLevel}色（由${row.level}色升级）`,
      row.unitName,
      row.tasks.map((task) => `${task.code} ${task.text}`).join('\n'),
      row.reason,
      row.requirement,
      chinaDateOf(row.issuedAt),
      row.replyDue,
      NOTICE_STATE_LABELS[row.state],
      row.overdue ? '逾期' : '',
      row.sendBacks,
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
    columns: [
      { header: '序号', align: 'center', minWidth: 5 },
      { header: '任务编号', align: 'center', minWidth: 9 },
      { header: '具体任务', width: 38 },
      { header: '报送单位', width: 12, align: 'center' },
      { header: '牵头/配合', width: 8, align: 'center' },
      { header: '本期报送', width: 9, align: 'center' },
      { header: '填报日期', width: 11, align: 'center' },
      { header: '收到日期', width: 11, align: 'center' },
      { header: '完成状态', width: 9, align: 'center' },
      { header: '完成进度%', width: 8, align: 'center' },
      { header: '预警', width: 6, align: 'center' },
      { header: '本期进展情况', width: 36 },
    ],
    rows: rows.map((row, index) => [
      index + 1,
      row.code,
      row.text,
      row.unitName,
      ROUND_ROLE_LABELS[row.role],
      reportCell(row),
      row.reportDate ?? '',
      row.reportedAt ? chinaDateOf(row.reportedAt) : '',
      row.status,
      percent(row.percent),
      LIGHT_NAMES[row.light],
      row.progress,
    ]),
    rowFills: rows.map((row) => (row.reported ? null : LIGHT_FILLS.yellow)),
    freezeColumns: 2,
    notes: [filterNote(filters, rows.length, '行')],
  });
  return workbook;
}
