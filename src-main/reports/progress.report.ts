import { TASK_STATUSES } from '../api/tasks.types';
import type { ProgressLine } from './report-data';
import { LIGHT_FILLS, LIGHT_NAMES, metaLine, planBook, progressPeriod, type ReportMeta } from './report-meta';
import { ledger, SEQ_COLUMN, type LedgerColumn } from './ledger';
import { addTableSheet, newWorkbook, type CellValue, type ReportWorkbook, type TableColumn } from './sheet-layout';

/**
 * The progress reports: 2. 单位进展情况表, 3. 全省进展汇总表, 4. 滞后及预警任务清单, 9. 公开版进展情况.
 * All four are pure functions of the same `ProgressLine`s (see report-data.ts), so they always agree.
 */

export interface ProgressReportInput {
  lines: ProgressLine[];
  meta: ReportMeta;
  /** Whether the scope is a reporting round (adds 报送情况), rather than the latest state. */
  isRound: boolean;
}

const PERCENT = '0"%"';

/** A column of a task ledger: its layout, and what each line puts in it. */
type LineColumn = LedgerColumn<ProgressLine>;

/** The 台账 columns the progress reports share; a report picks them in its order, some at its own width. */
const LINE = {
  seq: SEQ_COLUMN,
  code: { header: '任务编号', align: 'center', minWidth: 9, cell: (line) => line.code },
  text: { header: '具体任务', cell: (line) => line.text },
  leadUnit: { header: '牵头单位', align: 'center', cell: (line) => line.leadUnit || '待分配' },
  cooperators: { header: '配合单位', cell: (line) => line.cooperators },
  // After an approved 延期 the cell holds both dates: 调整后时限 first (the one warnings use), then 原定时限.
  deadline: {
    header: '完成时限',
    width: 11,
    align: 'center',
    cell: (line) => (line.originalDeadline && line.originalDeadline !== line.deadline ? `调整后 ${line.deadline}\n原定 ${line.originalDeadline}` : line.deadline),
  },
  progress: { header: '本期进展情况', width: 34, cell: (line) => line.progress },
  percent: { header: '完成进度', width: 8, numFmt: PERCENT, cell: (line) => line.percent },
  status: { header: '完成状态', width: 9, align: 'center', cell: (line) => line.status },
  schedule: { header: '序时进度', width: 8, numFmt: PERCENT, cell: (line) => line.scheduleProgress ?? '—' },
  light: { header: '预警', width: 6, align: 'center', cell: (line) => LIGHT_NAMES[line.light] },
  problems: { header: '存在问题', cell: (line) => line.problems },
  nextSteps: { header: '下步打算', width: 16, cell: (line) => line.nextSteps },
  coordination: { header: '需协调事项', width: 14, cell: (line) => line.coordination },
  attachments: { header: '佐证材料', width: 12, cell: (line) => line.attachments.join('\n') },
} satisfies Record<string, LineColumn>;

const sized = (column: LineColumn, width: number): LineColumn => ({ ...column, width });

/** 报送情况 in a round; otherwise 备注 saying which tasks have no report yet. */
function reportedColumn(isRound: boolean): LineColumn {
  return {
    header: isRound ? '报送情况' : '备注',
    width: 8,
    align: 'center',
    cell: (line) => (isRound ? (line.reported ? '已报' : '未报') : line.reported ? '' : '尚未填报'),
  };
}

/** 2. 单位进展情况表: one unit's lead tasks in one round (or their latest state). */
export function buildUnitProgressReport({ lines, meta, isRound }: ProgressReportInput): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '进展情况表',
    title: `${meta.unitName}落实${planBook(meta.planTitle)}任务进展情况表`,
    meta: metaLine(meta, progressPeriod(isRound)),
    ...ledger(lines, [
      LINE.seq,
      LINE.code,
      sized(LINE.text, 30),
      sized(LINE.cooperators, 12),
      LINE.deadline,
      LINE.progress,
      LINE.percent,
      LINE.status,
      LINE.schedule,
      LINE.light,
      sized(LINE.problems, 16),
      LINE.nextSteps,
      LINE.coordination,
      LINE.attachments,
      reportedColumn(isRound),
    ]),
    freezeColumns: 2,
    notes: [
      `共 ${lines.length} 项牵头任务${isRound ? `，已报 ${lines.filter((l) => l.reported).length} 项，未报 ${lines.filter((l) => !l.reported).length} 项` : ''}。` +
        '完成进度、序时进度为百分比；预警按序时进度与完成时限判定。',
    ],
  });
  return workbook;
}

interface Tally {
  tasks: number;
  byStatus: Record<(typeof TASK_STATUSES)[number], number>;
  percentSum: number;
  red: number;
  yellow: number;
  reported: number;
}

/**
 * A status's place in TASK_STATUSES. Counted by place rather than as a property named by the line's status: each
 * line's status is a string of its own (read from the database), which an object's property lookup first has to find
 * in V8's string table — most of the time of tallying a 10,000-task plan's lines six times over.
 */
const STATUS_PLACE = new Map<string, number>(TASK_STATUSES.map((status, index) => [status, index]));

function tally(lines: ProgressLine[]): Tally {
  const counts = TASK_STATUSES.map(() => 0);
  const result: Omit<Tally, 'byStatus'> = { tasks: lines.length, percentSum: 0, red: 0, yellow: 0, reported: 0 };
  for (const line of lines) {
    const place = STATUS_PLACE.get(line.status);
    if (place !== undefined) counts[place]! += 1;
    result.percentSum += line.percent;
    if (line.light === 'red') result.red += 1;
    if (line.light === 'yellow') result.yellow += 1;
    if (line.reported) result.reported += 1;
  }
  return { ...result, byStatus: Object.fromEntries(TASK_STATUSES.map((status, index) => [status, counts[index]!])) as Tally['byStatus'] };
}

function tallyCells(t: Tally, isRound: boolean): CellValue[] {
  const average = t.tasks > 0 ? Math.round((t.percentSum / t.tasks) * 10) / 10 : 0;
  const cells: CellValue[] = [t.tasks, ...TASK_STATUSES.map((status) => t.byStatus[status]), average, t.red, t.yellow];
  if (isRound) cells.push(t.reported, t.tasks - t.reported, t.tasks > 0 ? Math.round((t.reported / t.tasks) * 1000) / 10 : 0);
  return cells;
}

function tallyColumns(isRound: boolean): TableColumn[] {
  const columns: TableColumn[] = [
    { header: '任务数', width: 7 },
    ...TASK_STATUSES.map((status) => ({ header: status, width: status.length > 3 ? 8 : 7 })),
    { header: '平均完成进度', width: 9, numFmt: '0.0"%"' },
    { header: '红灯', width: 6 },
    { header: '黄灯', width: 6 },
  ];
  if (isRound) columns.push({ header: '已报', width: 6 }, { header: '未报', width: 6 }, { header: '报送率', width: 8, numFmt: '0.0"%"' });
  return columns;
}

function groupBy<K>(lines: ProgressLine[], key: (line: ProgressLine) => K): Map<K, ProgressLine[]> {
  const groups = new Map<K, ProgressLine[]>();
  for (const line of lines) {
    const group = groups.get(key(line));
    if (group) group.push(line);
    else groups.set(key(line), [line]);
  }
  return groups;
}

/** 3. 全省进展汇总表: summaries by chapter/region and by unit, then every task. */
export function buildProvinceSummaryReport({ lines, meta, isRound }: ProgressReportInput): ReportWorkbook {
  const workbook = newWorkbook();
  const title = `${planBook(meta.planTitle)}全省进展汇总表`;

  const whole = tally(lines);
  const chapters = [...groupBy(lines, (line) => line.chapter).entries()].sort((a, b) => a[1][0]!.chapterSeq - b[1][0]!.chapterSeq);
  const chapterRows = chapters.map(([chapter, group], index) => [index + 1, chapter, group[0]!.region ?? '', ...tallyCells(tally(group), isRound)]);
  addTableSheet(workbook, {
    name: '按章节区域汇总',
    title: `${title}（按章节、区域）`,
    meta: metaLine(meta, progressPeriod(isRound)),
    columns: [{ header: '序号', width: 5, align: 'center' }, { header: '章节', width: 28 }, { header: '区域', width: 9, align: 'center' }, ...tallyColumns(isRound)],
    rows: [...chapterRows, ['', '合计', '', ...tallyCells(whole, isRound)]],
    freezeColumns: 2,
  });

  const units = [...groupBy(lines, (line) => line.leadUnit || '待分配').entries()];
  addTableSheet(workbook, {
    name: '按单位汇总',
    title: `${title}（按牵头单位）`,
    meta: metaLine(meta, progressPeriod(isRound)),
    columns: [{ header: '序号', width: 5, align: 'center' }, { header: '牵头单位', width: 22 }, ...tallyColumns(isRound)],
    rows: [...units.map(([unit, group], index) => [index + 1, unit, ...tallyCells(tally(group), isRound)]), ['', '合计', ...tallyCells(whole, isRound)]],
    freezeColumns: 2,
  });

  addTableSheet(workbook, {
    name: '任务进展明细',
    title: `${title}（任务明细）`,
    meta: metaLine(meta, progressPeriod(isRound)),
    ...ledger(lines, [
      LINE.seq,
      LINE.code,
      sized(LINE.text, 30),
      sized(LINE.leadUnit, 12),
      sized(LINE.cooperators, 12),
      LINE.deadline,
      LINE.progress,
      LINE.percent,
      LINE.status,
      LINE.schedule,
      LINE.light,
      sized(LINE.problems, 16),
      LINE.coordination,
      reportedColumn(isRound),
    ]),
    freezeColumns: 2,
  });
  return workbook;
}

/** Lagging and warned tasks: red before yellow, then the furthest behind first. */
export function laggingLines(lines: ProgressLine[]): ProgressLine[] {
  const rank = (line: ProgressLine) => (line.light === 'red' ? 0 : line.light === 'yellow' ? 1 : 2);
  return lines
    .filter((line) => line.light === 'red' || line.light === 'yellow' || line.status === '滞后')
    .sort((a, b) => rank(a) - rank(b) || (b.lag ?? 0) - (a.lag ?? 0));
}

/** 4. 滞后及预警任务清单. */
export function buildLaggingReport({ lines, meta, isRound }: ProgressReportInput): ReportWorkbook {
  const workbook = newWorkbook();
  const listed = laggingLines(lines);
  addTableSheet(workbook, {
    name: '滞后及预警任务',
    title: `${planBook(meta.planTitle)}滞后及预警任务清单`,
    meta: metaLine(meta, progressPeriod(isRound)),
    ...ledger(listed, [
      LINE.seq,
      LINE.light,
      LINE.code,
      sized(LINE.text, 34),
      sized(LINE.leadUnit, 12),
      sized(LINE.cooperators, 14),
      LINE.deadline,
      LINE.schedule,
      LINE.percent,
      { header: '落后（个百分点）', width: 9, cell: (line) => line.lag ?? '—' },
      LINE.status,
      { header: '预警原因', width: 24, cell: (line) => line.reasons?.join('；') ?? '—' },
      { header: '最近填报', width: 11, align: 'center', cell: (line) => line.reportDate ?? '未填报' },
      sized(LINE.problems, 18),
    ]),
    rowFills: listed.map((line) => (line.light === 'red' ? LIGHT_FILLS.red : line.light === 'yellow' ? LIGHT_FILLS.yellow : null)),
    freezeColumns: 3,
    notes: [
      `红灯 ${listed.filter((l) => l.light === 'red').length} 项，黄灯 ${listed.filter((l) => l.light === 'yellow').length} 项，共 ${listed.length} 项。` +
        '红灯：落后序时进度超过阈值、超过完成时限或长期未启动；黄灯：落后序时进度或临近完成时限。',
    ],
  });
  return workbook;
}

/**
 * 9. 公开版进展情况, for 公众参与监督: what each task is and how far it has come. No internal notes, problems,
 * coordination requests, evidence, reporters or other contacts.
 */
export function buildPublicProgressReport({ lines, meta }: ProgressReportInput): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '进展情况',
    title: `${planBook(meta.planTitle)}重点任务进展情况`,
    meta: [
      { label: '发布单位', value: meta.unitName },
      { label: '发布日期', value: meta.date },
      { label: '统计期', value: meta.period },
    ],
    ...ledger(lines, [
      LINE.seq,
      LINE.code,
      { header: '领域', width: 10, align: 'center', cell: (line) => line.region ?? '' },
      { header: '重点任务', width: 20, cell: (line) => line.measure },
      sized(LINE.text, 38),
      // As recorded: a task without a lead unit shows nothing to the public rather than 待分配.
      { ...sized(LINE.leadUnit, 13), cell: (line) => line.leadUnit },
      LINE.deadline,
      { ...LINE.progress, header: '进展情况', width: 40 },
      LINE.status,
      LINE.percent,
    ]),
    freezeColumns: 2,
  });
  return workbook;
}
