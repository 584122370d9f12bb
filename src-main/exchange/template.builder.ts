import type ExcelJS from 'exceljs';
import { TASK_STATUSES, type ReportContent } from '../api/tasks.types';
import { planBook, progressPeriod } from '../reports/report-meta';
import { addPlainSheet, addTableSheet, newWorkbook, type ReportWorkbook, type TableColumn } from '../reports/sheet-layout';
import {
  FILLED_ON_LABEL,
  GUIDE_SHEET,
  META_SHEET,
  metaRows,
  rowKeys,
  TEMPLATE_HEADERS,
  TEMPLATE_SHEET,
  type TemplateMeta,
  type TemplateRole,
} from './template-format';

/** 填报模板: the sheet a unit without the app fills in and sends back. Pure: data in, workbook out. */

/** The report content is pre-filled: the round's report if there is one, else the task's current status and percent, text blank. */
export interface TemplateTask extends ReportContent {
  taskId: number;
  version: number;
  code: string;
  text: string;
  cooperators: string;
  deadline: string;
}

export interface TemplateData {
  meta: TemplateMeta;
  planTitle: string;
  /** "2025年第一季度调度（2025-01-01 至 2025-03-31）", or the date of the latest state. */
  period: string;
  tasks: TemplateTask[];
}

const STATUS_RULE: ExcelJS.DataValidation = {
  type: 'list',
  allowBlank: false,
  formulae: [`"${TASK_STATUSES.join(',')}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: '完成状态',
  error: `请从下拉列表中选择：${TASK_STATUSES.join('、')}`,
};

const PERCENT_RULE: ExcelJS.DataValidation = {
  type: 'whole',
  operator: 'between',
  allowBlank: false,
  formulae: [0, 100],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: '完成进度',
  error: '请填写 0 到 100 之间的整数（不带 % 号）。',
};

/**
 * The template's columns, in order, with their roles. Editable ones are unlocked; the key column is hidden; status
 * is a dropdown and percent a whole number from 0 to 100.
 */
const COLUMNS: { role: TemplateRole; column: TableColumn }[] = [
  { role: 'seq', column: { header: TEMPLATE_HEADERS.seq, align: 'center', minWidth: 5 } },
  { role: 'code', column: { header: TEMPLATE_HEADERS.code, align: 'center', minWidth: 9 } },
  { role: 'text', column: { header: TEMPLATE_HEADERS.text, width: 32 } },
  { role: 'cooperators', column: { header: TEMPLATE_HEADERS.cooperators, width: 12 } },
  { role: 'deadline', column: { header: TEMPLATE_HEADERS.deadline, width: 11, align: 'center' } },
  // Text columns are formatted as Text (@): what the unit types there stays text, even "=…" or "-…".
  { role: 'progress', column: { header: TEMPLATE_HEADERS.progress, width: 36, editable: true, numFmt: '@' } },
  { role: 'percent', column: { header: TEMPLATE_HEADERS.percent, width: 10, editable: true, align: 'center', numFmt: '0', validation: PERCENT_RULE } },
  { role: 'status', column: { header: TEMPLATE_HEADERS.status, width: 11, editable: true, align: 'center', validation: STATUS_RULE } },
  { role: 'problems', column: { header: TEMPLATE_HEADERS.problems, width: 18, editable: true, numFmt: '@' } },
  { role: 'nextSteps', column: { header: TEMPLATE_HEADERS.nextSteps, width: 18, editable: true, numFmt: '@' } },
  { role: 'coordination', column: { header: TEMPLATE_HEADERS.coordination, width: 16, editable: true, numFmt: '@' } },
  { role: 'key', column: { header: TEMPLATE_HEADERS.key, width: 22, hidden: true } },
];

/** Only the task rows' fill-in cells and 填报日期 are unlocked: units report on the tasks listed, they add none. */
export function buildTemplate(data: TemplateData): ReportWorkbook {
  const workbook = newWorkbook(new Date(data.meta.exportedAt));
  const { meta } = data;
  const keyOf = rowKeys(meta);
  addTableSheet(workbook, {
    name: TEMPLATE_SHEET,
    title: `${meta.unitName}落实${planBook(data.planTitle)}任务进展填报表`,
    meta: [
      { label: '填报单位', value: meta.unitName },
      { label: progressPeriod(meta.roundId !== null), value: data.period },
      { label: FILLED_ON_LABEL, value: '', editable: true, numFmt: 'yyyy-mm-dd' },
    ],
    columns: COLUMNS.map((entry) => entry.column),
    rows: data.tasks.map((task, index) => [
      index + 1,
      task.code,
      task.text,
      task.cooperators,
      task.deadline,
      task.progress,
      task.percent,
      task.status,
      task.problems,
      task.nextSteps,
      task.coordination,
      keyOf(task.taskId, task.version),
    ]),
    freezeColumns: 3,
    // The import reads one row per task: a long text the round already has stays in its one cell (shown from the
    // top; on paper cut at Excel's tallest row), where continuing it on the rows below would add rows without keys.
    oneRowPerLine: true,
    // Protected without a password: it stops accidental edits of the office's columns, not a determined user (the
    // import does not rely on it).
    protection: {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      formatRows: true,
      formatCells: false,
      insertRows: false,
      insertColumns: false,
      deleteRows: false,
      deleteColumns: false,
      sort: false,
      autoFilter: false,
    },
  });

  addTableSheet(workbook, {
    name: GUIDE_SHEET,
    title: '填写说明',
    meta: [
      { label: '填报单位', value: meta.unitName },
      { label: progressPeriod(meta.roundId !== null), value: data.period },
    ],
    columns: [
      { header: '序号', width: 6, align: 'center' },
      { header: '说明', width: 110 },
    ],
    rows: [
      '只填写“本期进展情况”“完成进度（%）”“完成状态”“存在问题”“下步打算”“需协调事项”六列和表头的“填报日期”；其他列由领导小组办公室维护，已锁定。',
      `“完成状态”请从下拉列表中选择：${TASK_STATUSES.join('、')}。标为“已完成”时，完成进度应为 100，并在“本期进展情况”中写明完成了什么；“未启动”时完成进度应为 0。`,
      '“完成进度（%）”填写 0 到 100 之间的整数，不带 % 号。',
      '请不要增加、删除或合并行，也不要修改隐藏的“系统键”列和隐藏的“模板信息”工作表：导入时据此把每一行对应到任务。可以调整列宽、行高和字体。',
      '可以用 Excel、WPS 或 LibreOffice 填写和保存，保存为 .xlsx 格式后交回领导小组办公室导入。',
    ].map((text, index) => [index + 1, text]),
  });

  addPlainSheet(workbook, {
    name: META_SHEET,
    state: 'veryHidden',
    rows: metaRows(meta),
    protection: { selectLockedCells: true, selectUnlockedCells: true },
  });
  return workbook;
}
