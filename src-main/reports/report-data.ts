import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { RoundOption } from '../api/reports.types';
import type { TaskLight, TaskRow, TaskStatus, WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import type { StoredReportContent } from '../progress/progress.service';
import { readRoundRows, type SkippableRoundField } from '../rounds/round-rows';
import { taskSpan } from '../rules/plan-period';
import { inPlanOrder, listTasks } from '../tasks/task-query';

/**
 * What the reports are built from: plain rows read from the database. The builders (`*.report.ts`) are pure
 * functions of these, so they are tested without a database and the layout is tested without queries.
 */

export interface PlanHeader {
  id: number;
  title: string;
  periodStart: number;
  periodEnd: number;
}

export interface BreakdownLine {
  code: string;
  chapter: string;
  section: string;
  region: string | null;
  measure: string;
  text: string;
  leadUnit: string;
  cooperators: string;
  startDate: string;
  deadline: string;
  /** 阶段节点: "2024年 …（2024-12-31）", one per line. */
  milestones: string;
  /** 量化目标. */
  targets: string;
  standard: string;
  note: string;
}

/** One task's progress as a report shows it: from the round's report, the round's frozen snapshot, or the latest. */
export interface ProgressLine {
  taskId: number;
  code: string;
  chapter: string;
  chapterSeq: number;
  region: string | null;
  measure: string;
  text: string;
  leadUnit: string;
  cooperators: string;
  deadline: string;
  /** 原定时限, set when an approved 延期 moved the deadline (extensions.service.ts); `deadline` is then 调整后时限. */
  originalDeadline?: string | undefined;
  status: TaskStatus;
  percent: number;
  /** 序时进度 and 落后; null for a round frozen before they were kept (printed "—", never a false 0). */
  scheduleProgress: number | null;
  lag: number | null;
  light: TaskLight;
  /** The light's reasons; null when not known (a round frozen before they were kept). */
  reasons: string[] | null;
  /** Whether a report counts for the scope (the round's report, or any report for "latest"). */
  reported: boolean;
  progress: string;
  problems: string;
  nextSteps: string;
  coordination: string;
  /** When the report reached the database (UTC instant). */
  reportedAt: string | null;
  /** The day the unit made it, in its calendar (填报日期). */
  reportDate: string | null;
  /** 佐证材料's file names; read only where the scope asks for them (`withAttachments`), empty otherwise. */
  attachments: string[];
}

export async function loadPlanHeader(db: Kysely<Database>, planId: number): Promise<PlanHeader> {
  const plan = await db.selectFrom('plans').select(['id', 'title', 'period_start', 'period_end']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', '找不到所选的规划，可能已被删除，请刷新后重试。');
  return { id: plan.id, title: plan.title, periodStart: plan.period_start, periodEnd: plan.period_end };
}

export async function loadRound(db: Kysely<Database>, roundId: number, planId?: number): Promise<RoundOption & { planId: number }> {
  const round = await db.selectFrom('rounds').selectAll().where('id', '=', roundId).executeTakeFirst();
  if (!round || (planId !== undefined && round.plan_id !== planId)) throw new AppError('NOT_FOUND', '找不到所选的调度期，可能已被删除，请刷新后重试。');
  return {
    id: round.id,
    planId: round.plan_id,
    name: round.name,
    state: round.state as 'open' | 'closed',
    periodStart: round.period_start,
    periodEnd: round.period_end,
    dueDate: round.due_date,
  };
}

export async function loadUnitName(db: Kysely<Database>, unitId: number): Promise<string> {
  const unit = await db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new AppError('NOT_FOUND', '找不到所选的单位，请刷新后重试。');
  return unit.name;
}

export async function officeName(db: Kysely<Database>): Promise<string> {
  const office = await db.selectFrom('units').select('name').where('kind', '=', 'office').orderBy('seq').executeTakeFirst();
  return office?.name ?? '领导小组办公室';
}

const chunk = <T>(items: T[], size = 5000): T[][] => {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
};

export async function loadBreakdownLines(db: Kysely<Database>, planId: number, today: string, thresholds: WarningThresholds): Promise<BreakdownLine[]> {
  const { rows } = await listTasks(db, { planId }, today, thresholds);
  const ids = rows.map((row) => row.id);
  const milestones = new Map<number, string[]>();
  const targets = new Map<number, string[]>();
  const extras = new Map<number, { standard: string; note: string }>();
  for (const part of chunk(ids)) {
    for (const m of await db.selectFrom('milestones').selectAll().where('task_id', 'in', part).orderBy('year').orderBy('due_date').orderBy('id').execute()) {
      const list = milestones.get(m.task_id) ?? [];
      list.push(`${m.year}年：${m.title}（${m.due_date}）${m.done_at ? '✓' : ''}`);
      milestones.set(m.task_id, list);
    }
    for (const t of await db.selectFrom('task_targets').selectAll().where('task_id', 'in', part).orderBy('year').orderBy('id').execute()) {
      const list = targets.get(t.task_id) ?? [];
      list.push(`${t.year}年 ${t.description}：${formatNumber(t.value)}${t.unit_of_measure}`);
      targets.set(t.task_id, list);
    }
    for (const e of await db.selectFrom('tasks').select(['id', 'standard', 'note']).where('id', 'in', part).execute()) {
      extras.set(e.id, { standard: e.standard, note: e.note });
    }
  }
  return rows.map((row) => ({
    code: row.code,
    chapter: row.chapterTitle,
    section: row.sectionTitle,
    region: row.region,
    measure: row.measureTitle,
    text: row.text,
    leadUnit: row.leadUnit?.name ?? '',
    cooperators: row.cooperators.map((unit) => unit.name).join('、'),
    startDate: row.startDate,
    deadline: row.deadlineSet ? row.deadline : '',
    milestones: (milestones.get(row.id) ?? []).join('\n'),
    targets: (targets.get(row.id) ?? []).join('\n'),
    standard: extras.get(row.id)?.standard ?? '',
    note: extras.get(row.id)?.note ?? '',
  }));
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

type ReportRecord = StoredReportContent & { id: number; task_id: number; created_at: string; report_date: string | null };

async function reportsById(db: Kysely<Database>, ids: number[]): Promise<Map<number, ReportRecord>> {
  const map = new Map<number, ReportRecord>();
  for (const part of chunk(ids)) {
    const rows = await db
      .selectFrom('progress_reports')
      .select(['id', 'task_id', 'status', 'percent', 'progress', 'problems', 'next_steps', 'coordination', 'created_at', 'report_date'])
      .where('id', 'in', part)
      .execute();
    for (const row of rows) map.set(row.id, row);
  }
  return map;
}

async function latestReportIds(db: Kysely<Database>, taskIds: number[]): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  for (const part of chunk(taskIds)) {
    const rows = await db
      .selectFrom('progress_reports')
      .select(['task_id', (eb) => eb.fn.max('id').as('id')])
      .where('task_id', 'in', part)
      .groupBy('task_id')
      .execute();
    for (const row of rows) map.set(row.task_id, Number(row.id));
  }
  return map;
}

async function attachmentNames(db: Kysely<Database>, reportIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  for (const part of chunk(reportIds)) {
    const rows = await db.selectFrom('attachments').select(['report_id', 'original_name']).where('report_id', 'in', part).orderBy('id').execute();
    for (const row of rows) map.set(row.report_id, [...(map.get(row.report_id) ?? []), row.original_name]);
  }
  return map;
}

export interface ProgressScope {
  planId: number;
  /** Only the tasks this unit leads (the ones it reports on). */
  unitId?: number | undefined;
  /** The round's tasks and reports; without it, the live tasks and their latest reports. */
  roundId?: number | null | undefined;
  /** 佐证材料's file names: only the 单位进展情况表 prints them, so the other reports do not read them. */
  withAttachments?: boolean | undefined;
  /** Fields the report does not print: a closed round's lines hold '' or null for them (round-rows.ts). */
  without?: readonly SkippableRoundField[] | undefined;
}

/**
 * The progress of every task in scope. For a round: the tasks the round asked for (round_tasks, fixed at its
 * opening) with the report counted for it — or, once the round is closed, its frozen snapshot. Otherwise: the live
 * tasks with their latest report.
 */
export async function loadProgressLines(db: Kysely<Database>, scope: ProgressScope, today: string, thresholds: WarningThresholds): Promise<ProgressLine[]> {
  if (scope.roundId === null || scope.roundId === undefined) return latestLines(db, scope, today, thresholds);
  const round = await loadRound(db, scope.roundId, scope.planId);
  // The round's rows as its own page shows them (rounds/round-rows.ts): live while open, frozen once closed. They hold
  // each task's figures, so of the task itself only its place in the plan is read (not the task list's own figures).
  // Four reads that need nothing of each other, asked for together: on a pool of several connections (PostgreSQL) they
  // are answered side by side; on SQLite they run one after another as before.
  const [roundRows, places, { chapters, measures, unitNames, period }, cooperators] = await Promise.all([
    readRoundRows(db, round, today, thresholds, scope.unitId, { ordered: false, ...(scope.without ? { without: scope.without } : {}) }),
    taskPlaces(db, scope.planId),
    planNames(db, scope.planId),
    cooperatorIds(db, scope.planId),
  ]);
  const files = scope.withAttachments ? await attachmentNames(db, roundRows.flatMap((entry) => (entry.reportId !== null ? [entry.reportId] : []))) : null;

  // In the task list's order, each task once: a unit's report has the unit's own row of each task it owed (as lead or,
  // in a round that asks them, as a cooperating unit); a report of the whole round has each task's lead row.
  const askedFor = new Map(roundRows.filter((entry) => scope.unitId !== undefined || entry.role === 'lead').map((entry) => [entry.taskId, entry]));
  const lines: ProgressLine[] = [];
  for (const place of places) {
    const entry = askedFor.get(place.id);
    if (!entry) continue;
    const measure = measures.get(place.measure_id);
    const chapter = chapters.get(measure!.chapterId)!;
    lines.push({
      taskId: place.id,
      code: entry.code,
      chapter: chapter.name,
      chapterSeq: chapter.seq,
      region: chapter.region,
      measure: measure?.title ?? '',
      text: entry.text,
      leadUnit: entry.role === 'lead' ? entry.unitName : place.lead_unit_id !== null ? (unitNames.get(place.lead_unit_id) ?? '') : '',
      cooperators: cooperators.get(place.id)?.map((unitId) => unitNames.get(unitId)).join('、') ?? '',
      deadline: taskSpan({ startDate: place.start_date, deadline: place.deadline }, period).deadline,
      status: entry.status,
      percent: entry.percent,
      scheduleProgress: entry.scheduleProgress,
      lag: entry.lag,
      light: entry.light,
      reasons: entry.reasons,
      reported: entry.reported,
      progress: entry.progress,
      problems: entry.problems,
      nextSteps: entry.nextSteps,
      coordination: entry.coordination,
      reportedAt: entry.reportedAt,
      reportDate: entry.reportDate,
      attachments: files?.get(entry.reportId ?? -1) ?? [],
    });
  }
  return lines;
}

/** The live tasks in scope with their latest report. */
async function latestLines(db: Kysely<Database>, scope: ProgressScope, today: string, thresholds: WarningThresholds): Promise<ProgressLine[]> {
  const { rows } = await listTasks(db, { planId: scope.planId, ...(scope.unitId !== undefined ? { unitId: scope.unitId, unitRole: 'lead' as const } : {}) }, today, thresholds);
  const chapterSeq = await chapterOrder(db, scope.planId);
  const latest = await latestReportIds(db, rows.map((row) => row.id));
  const reports = await reportsById(db, [...latest.values()]);
  const files = scope.withAttachments ? await attachmentNames(db, [...latest.values()]) : null;
  return rows.map((row) => {
    const reportId = latest.get(row.id);
    return toLine(row, chapterSeq, reportId !== undefined ? (reports.get(reportId) ?? null) : null, files?.get(reportId ?? -1) ?? []);
  });
}

/**
 * Every task of the plan (retired ones too: a round keeps the tasks it asked for) with what a round's line shows of
 * it besides the round's own figures: its measure (and through it its chapter), current lead unit and 完成时限 — as
 * ids, named from `planNames` (a few hundred names rather than one copy per task). In the task list's order
 * (tasks/task-query.ts: chapter, section, measure, task, then id), read from the place each task keeps (migration
 * 0026) rather than by joining the plan's structure: on PostgreSQL the four-table join of a 10,000-task plan took
 * ~30 ms of the 全省进展汇总表's export, the task's own columns ~8. report-data.test.ts holds the two orders equal.
 */
function taskPlaces(db: Kysely<Database>, planId: number) {
  return inPlanOrder(db.selectFrom('tasks').select(['id', 'start_date', 'deadline', 'measure_id', 'lead_unit_id']).where('plan_id', '=', planId)).execute();
}

interface ChapterName {
  /** "第三章 …", as the task list names a task's chapter. */
  name: string;
  seq: number;
  region: string | null;
}

interface MeasureName {
  title: string;
  chapterId: number;
}

/** The plan's chapters and measures (each with its chapter) by id, every unit's name by id, and the plan's period. */
async function planNames(
  db: Kysely<Database>,
  planId: number,
): Promise<{ chapters: Map<number, ChapterName>; measures: Map<number, MeasureName>; unitNames: Map<number, string>; period: { periodStart: number; periodEnd: number } }> {
  const chapterRows = await db.selectFrom('chapters').select(['id', 'seq', 'heading', 'title', 'region']).where('plan_id', '=', planId).execute();
  const seqByName = chapterSeqByName(chapterRows);
  const chapters = new Map(
    chapterRows.map((c) => {
      const name = `${c.heading} ${c.title}`;
      return [c.id, { name, seq: seqByName.get(name) ?? 0, region: c.region }];
    }),
  );
  const measureRows = await db
    .selectFrom('measures as m')
    .innerJoin('sections as s', 's.id', 'm.section_id')
    .innerJoin('chapters as c', 'c.id', 's.chapter_id')
    .select(['m.id', 'm.title', 's.chapter_id'])
    .where('c.plan_id', '=', planId)
    .execute();
  const units = await db.selectFrom('units').select(['id', 'name']).execute();
  const plan = await db.selectFrom('plans').select(['period_start', 'period_end']).where('id', '=', planId).executeTakeFirstOrThrow();
  return {
    chapters,
    measures: new Map(measureRows.map((m) => [m.id, { title: m.title, chapterId: m.chapter_id }])),
    unitNames: new Map(units.map((u) => [u.id, u.name])),
    period: { periodStart: plan.period_start, periodEnd: plan.period_end },
  };
}

/** The plan's tasks' cooperating units (ids), in the units' order as the task list gives them. */
async function cooperatorIds(db: Kysely<Database>, planId: number): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('task_cooperators')
    .innerJoin('tasks', 'tasks.id', 'task_cooperators.task_id')
    .innerJoin('units', 'units.id', 'task_cooperators.unit_id')
    .select(['task_cooperators.task_id', 'task_cooperators.unit_id'])
    .where('tasks.plan_id', '=', planId)
    .orderBy('units.seq')
    .execute();
  const map = new Map<number, number[]>();
  for (const row of rows) {
    const ids = map.get(row.task_id);
    if (ids) ids.push(row.unit_id);
    else map.set(row.task_id, [row.unit_id]);
  }
  return map;
}

/** A chapter's place by its name (a line knows its chapter by name); the last of two chapters of the same name. */
function chapterSeqByName(chapters: { seq: number; heading: string; title: string }[]): Map<string, number> {
  return new Map(chapters.map((c) => [`${c.heading} ${c.title}`, c.seq]));
}

async function chapterOrder(db: Kysely<Database>, planId: number): Promise<Map<string, number>> {
  return chapterSeqByName(await db.selectFrom('chapters').select(['seq', 'heading', 'title']).where('plan_id', '=', planId).execute());
}

function toLine(row: TaskRow, chapterSeq: Map<string, number>, report: ReportRecord | null, attachments: string[]): ProgressLine {
  return {
    taskId: row.id,
    code: row.code,
    chapter: row.chapterTitle,
    chapterSeq: chapterSeq.get(row.chapterTitle) ?? 0,
    region: row.region,
    measure: row.measureTitle,
    text: row.text,
    leadUnit: row.leadUnit?.name ?? '',
    cooperators: row.cooperators.map((unit) => unit.name).join('、'),
    deadline: row.deadline,
    status: row.status,
    percent: row.percent,
    scheduleProgress: row.scheduleProgress,
    lag: row.lag,
    light: row.light,
    reasons: row.reasons,
    reported: report !== null,
    progress: report?.progress ?? '',
    problems: report?.problems ?? '',
    nextSteps: report?.next_steps ?? '',
    coordination: report?.coordination ?? '',
    reportedAt: report?.created_at ?? null,
    reportDate: report?.report_date ?? null,
    attachments,
  };
}
