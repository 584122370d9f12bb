import type { Kysely } from 'kysely';
import type { TaskLight, TaskRow, TaskStatus, WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { idList } from '../db/sql-forms';
import { listTasks } from '../tasks/task-query';
import { assessTask } from '../rules/task-warning';
import { isReportLate } from '../rules/report-date';
import type { RoundRole } from '../api/rounds.types';

/**
 * A round's view, read in one place for 调度 (rounds.service.ts), the reports (reports/report-data.ts) and 考核: while
 * the round is open, computed live from its rows, the reports they count and the tasks; once closed, read from the
 * snapshot frozen at closing, which is these same rows as they were then (closeRound writes them).
 */

export interface RoundRef {
  id: number;
  planId: number;
  state: 'open' | 'closed';
  dueDate: string;
}

export interface RoundRow {
  taskId: number;
  code: string;
  text: string;
  /** The unit that owed the report in this round, even if the task was reassigned since. */
  unitId: number;
  unitName: string;
  /** Whether the unit was asked as the task's lead or as a cooperating unit (decided when the round opened). */
  role: RoundRole;
  reportId: number | null;
  reported: boolean;
  /** 迟报 by report-date.ts. */
  reportedLate: boolean;
  /** When the counted report reached the database (UTC instant). */
  reportedAt: string | null;
  /** The day the unit made it, in its calendar (or the 填报日期 of its offline template). */
  reportDate: string | null;
  /** The round's report's status and percent (the task's own while it has none). */
  status: TaskStatus;
  percent: number;
  /** 序时进度 and 落后 (points behind it); null for rows frozen before they were kept (not known, not 0). */
  scheduleProgress: number | null;
  lag: number | null;
  light: TaskLight;
  /** The light's reasons; null when frozen before they were kept. */
  reasons: string[] | null;
  progress: string;
  problems: string;
  nextSteps: string;
  coordination: string;
}

/**
 * The round's rows: each task's lead row before its cooperating units' rows, the tasks in the plan's order while open
 * and in code order once closed — or, with `ordered: false`, in no particular order, for a caller that puts them in an
 * order of its own (the reports follow the task list's; sorting ten thousand rows first cost them ~10 ms).
 */
export async function readRoundRows(
  db: Kysely<Database>,
  round: RoundRef,
  today: string,
  thresholds: WarningThresholds,
  unitId?: number,
  { ordered = true, without = [] }: { ordered?: boolean; without?: readonly SkippableRoundField[] } = {},
): Promise<RoundRow[]> {
  return round.state === 'closed' ? frozenRows(db, round.id, unitId, ordered, without) : liveRows(db, round, today, thresholds, unitId, ordered);
}

/**
 * Fields a caller that does not print them may do without (the 全省进展汇总表): a closed round's read then leaves their
 * columns out and its rows hold '' or null for them. 下步打算 is one of the longer texts and 预警原因 a JSON list parsed
 * per row: reading them took ~40 % of reading a ten-thousand-row closed round (bench data). An open round's rows are
 * computed whole either way.
 */
export type SkippableRoundField = 'nextSteps' | 'reasons' | 'reportedAt' | 'reportDate';

const SKIPPABLE_COLUMNS: Record<SkippableRoundField, (typeof SNAPSHOT_COLUMNS)[number]> = {
  nextSteps: 'next_steps',
  reasons: 'reasons',
  reportedAt: 'reported_at',
  reportDate: 'report_date',
};

async function liveRows(db: Kysely<Database>, round: RoundRef, today: string, thresholds: WarningThresholds, unitId: number | undefined, ordered: boolean): Promise<RoundRow[]> {
  const owed = await owedQuery(db, round.id)
    .$if(unitId !== undefined, (query) => query.where('round_tasks.unit_id', '=', unitId!))
    .execute();
  // One unit's rows need only their tasks (still in the plan's order), not the whole plan's list; past SQLite's
  // bound-parameter limit the whole list it is. By id alone: with the plan named too SQLite reads the plan's tasks
  // by its plan index and picks the few out (the round's tasks are the plan's anyway).
  const owedTasks = [...new Set(owed.map((row) => row.task_id))];
  if (unitId !== undefined && owedTasks.length === 0) return [];
  const filter = unitId !== undefined && owedTasks.length <= 5000 ? { ids: owedTasks } : { planId: round.planId };
  const { rows } = await listTasks(db, { ...filter, includeRetired: true }, today, thresholds);
  const planOrder = new Map(rows.map((row, index) => [row.id, index]));
  const rowsOwed = judgedRows(owed, rows, round, today, thresholds);
  return ordered ? rowsOwed.sort((a, b) => planOrder.get(a.taskId)! - planOrder.get(b.taskId)! || byRole(a, b)) : rowsOwed;
}

/** Tasks per slice of `liveRowSlices`: a few megabytes of rows with their texts at a time. */
const LIVE_SLICE_TASKS = 1000;

/**
 * An open round's rows (as `readRoundRows` gives them, in no particular order) a slice of its tasks at a time, for a
 * caller that writes each slice away before reading the next: closing a large plan's round held every row with its
 * texts, and the whole plan's task list, at once (the bench's peak memory, bench/).
 */
export async function* liveRowSlices(
  db: Kysely<Database>,
  round: RoundRef,
  today: string,
  thresholds: WarningThresholds,
  sliceTasks: number = LIVE_SLICE_TASKS,
): AsyncGenerator<RoundRow[]> {
  const taskIds = (await db.selectFrom('round_tasks').select('task_id').distinct().where('round_id', '=', round.id).orderBy('task_id').execute()).map((row) => row.task_id);
  for (let i = 0; i < taskIds.length; i += sliceTasks) {
    const slice = taskIds.slice(i, i + sliceTasks);
    const owed = await owedQuery(db, round.id).where('round_tasks.task_id', 'in', idList(slice)).execute();
    const { rows } = await listTasks(db, { ids: slice, includeRetired: true }, today, thresholds);
    yield judgedRows(owed, rows, round, today, thresholds);
  }
}

/** The round's rows with their counted report (if any) and the unit owing each. */
function owedQuery(db: Kysely<Database>, roundId: number) {
  return db
    .selectFrom('round_tasks')
    .innerJoin('units', 'units.id', 'round_tasks.unit_id')
    .leftJoin('progress_reports', 'progress_reports.id', 'round_tasks.report_id')
    .select([
      'round_tasks.task_id',
      'round_tasks.unit_id',
      'round_tasks.role',
      'round_tasks.report_id',
      'units.name as unit_name',
      'progress_reports.created_at',
      'progress_reports.report_date',
      'progress_reports.status',
      'progress_reports.percent',
      'progress_reports.progress',
      'progress_reports.problems',
      'progress_reports.next_steps',
      'progress_reports.coordination',
    ])
    .where('round_tasks.round_id', '=', roundId);
}

type OwedRow = Awaited<ReturnType<ReturnType<typeof owedQuery>['execute']>>[number];

/** Each owed row judged as the round shows it: its report's status and percent (the task's own while none), lit today. */
function judgedRows(owed: readonly OwedRow[], tasks: readonly TaskRow[], round: RoundRef, today: string, thresholds: WarningThresholds): RoundRow[] {
  const byId = new Map(tasks.map((row) => [row.id, row]));
  return owed.map((row): RoundRow => {
    const task = byId.get(row.task_id)!;
    const status = (row.status as TaskStatus | null) ?? task.status;
    const percent = row.percent ?? task.percent;
    const judged = assessTask({ startDate: task.startDate, deadline: task.deadline, status, percent, assigned: task.leadUnit !== null }, today, thresholds);
    return {
      taskId: row.task_id,
      code: task.code,
      text: task.text,
      unitId: row.unit_id,
      unitName: row.unit_name,
      role: row.role as RoundRole,
      reportId: row.report_id,
      reported: row.report_id !== null,
      reportedLate: isReportLate(row.report_date, round.dueDate),
      reportedAt: row.created_at,
      reportDate: row.report_date,
      status,
      percent,
      scheduleProgress: judged.scheduleProgress,
      lag: judged.lag,
      light: judged.light,
      reasons: judged.reasons,
      progress: row.progress ?? '',
      problems: row.problems ?? '',
      nextSteps: row.next_steps ?? '',
      coordination: row.coordination ?? '',
    };
  });
}

const SNAPSHOT_COLUMNS = [
  'task_id',
  'unit_id',
  'role',
  'task_code',
  'task_text',
  'unit_name',
  'reported',
  'reported_late',
  'report_id',
  'reported_at',
  'report_date',
  'status',
  'percent',
  'schedule_progress',
  'lag',
  'reasons',
  'light',
  'progress',
  'problems',
  'next_steps',
  'coordination',
] as const;

async function frozenRows(db: Kysely<Database>, roundId: number, unitId: number | undefined, ordered: boolean, without: readonly SkippableRoundField[]): Promise<RoundRow[]> {
  const skipped = new Set(without.map((field) => SKIPPABLE_COLUMNS[field]));
  // Decided once, not per row: this maps every row of the round.
  const kept = (field: SkippableRoundField) => !skipped.has(SKIPPABLE_COLUMNS[field]);
  const keeps = { nextSteps: kept('nextSteps'), reasons: kept('reasons'), reportedAt: kept('reportedAt'), reportDate: kept('reportDate') };
  const rows = await db
    .selectFrom('round_snapshots')
    // Named rather than *: every column but the round's id, which the caller has. better-sqlite3 builds each row as a
    // dictionary-mode object, whose cost grows with its keys (measured: ~20 % of reading a ten-thousand-row round).
    .select(skipped.size > 0 ? SNAPSHOT_COLUMNS.filter((column) => !skipped.has(column)) : SNAPSHOT_COLUMNS)
    .where('round_id', '=', roundId)
    .$if(unitId !== undefined, (query) => query.where('unit_id', '=', unitId!))
    .execute();
  const frozen = rows.map(
    (row): RoundRow => ({
      taskId: row.task_id,
      code: row.task_code,
      text: row.task_text,
      unitId: row.unit_id,
      unitName: row.unit_name,
      role: row.role as RoundRole,
      reportId: row.report_id,
      reported: row.reported === 1,
      reportedLate: row.reported_late === 1,
      reportedAt: keeps.reportedAt ? row.reported_at : null,
      reportDate: keeps.reportDate ? row.report_date : null,
      status: row.status as TaskStatus,
      percent: row.percent,
      scheduleProgress: row.schedule_progress,
      lag: row.lag,
      light: row.light as TaskLight,
      reasons: !keeps.reasons || row.reasons === null ? null : (JSON.parse(row.reasons) as string[]),
      progress: row.progress,
      problems: row.problems,
      nextSteps: keeps.nextSteps ? row.next_steps : '',
      coordination: row.coordination,
    }),
  );
  return ordered ? sortByCode(frozen, (row) => row.code, byRole) : frozen;
}

/**
 * The row of a round's task a unit's report counts for: the unit's own (a round may ask the task's cooperating units
 * too), else the lead's (a report from a unit the round does not ask of the task). progress.service.ts applies the same
 * rule in SQL when it records the report.
 */
export function rowCountedFor<Row extends { unit_id: number; role: string }>(rows: readonly Row[], unitId: number): Row | undefined {
  return rows.find((row) => row.unit_id === unitId) ?? rows.find((row) => row.role === 'lead');
}

/** A task's lead row before its cooperating units' rows, these in unit order (ids follow the unit list's creation). */
function byRole(a: RoundRow, b: RoundRow): number {
  return (a.role === 'lead' ? 0 : 1) - (b.role === 'lead' ? 0 : 1) || a.unitId - b.unitId;
}

/** Task codes in number order (3.2 before 3.10). */
export function compareCodes(a: string, b: string): number {
  return compareCodeParts(codeParts(a), codeParts(b));
}

const codeParts = (code: string): number[] => code.split('.').map(Number);

function compareCodeParts(x: number[], y: number[]): number {
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * `rows` in compareCodes' order, ties by `tie`: each code split once, not at every comparison (a large plan's round
 * has ten thousand rows; splitting in the comparator cost ~35 ms of each 全省进展汇总表).
 */
export function sortByCode<T>(rows: T[], codeOf: (row: T) => string, tie: (a: T, b: T) => number = () => 0): T[] {
  return rows
    .map((row) => ({ row, parts: codeParts(codeOf(row)) }))
    .sort((a, b) => compareCodeParts(a.parts, b.parts) || tie(a.row, b.row))
    .map(({ row }) => row);
}

/** The snapshot row closing writes for a live row: the same fields, frozen. */
export function snapshotOf(roundId: number, row: RoundRow) {
  return {
    round_id: roundId,
    task_id: row.taskId,
    unit_id: row.unitId,
    role: row.role,
    task_code: row.code,
    task_text: row.text,
    unit_name: row.unitName,
    reported: row.reported ? 1 : 0,
    reported_late: row.reportedLate ? 1 : 0,
    report_id: row.reportId,
    reported_at: row.reportedAt,
    report_date: row.reportDate,
    status: row.status,
    percent: row.percent,
    schedule_progress: row.scheduleProgress,
    lag: row.lag,
    reasons: row.reasons === null ? null : JSON.stringify(row.reasons),
    light: row.light,
    progress: row.progress,
    problems: row.problems,
    next_steps: row.nextSteps,
    coordination: row.coordination,
  };
}
