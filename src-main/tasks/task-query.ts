import { sql, type Kysely } from 'kysely';
import { AppError } from '../api/errors';
import {
  TASK_STATUSES,
  WARNING_LIGHTS,
  type TaskDetail,
  type TaskListResult,
  type TaskRow,
  type TaskStatus,
  type UnitRef,
  type WarningLight,
  type WarningThresholds,
} from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { assessTask } from './task-warning';

/** Read side of tasks: the filtered, sorted list behind every task table, and one task in full. */

export interface TaskFilter {
  planId?: number | undefined;
  chapterId?: number | undefined;
  sectionId?: number | undefined;
  measureId?: number | undefined;
  region?: string | undefined;
  unitId?: number | undefined;
  /** With unitId: tasks the unit leads, cooperates on, or either. */
  unitRole?: 'lead' | 'cooperating' | 'any' | undefined;
  statuses?: TaskStatus[] | undefined;
  lights?: WarningLight[] | undefined;
  deadlineFrom?: string | undefined;
  deadlineTo?: string | undefined;
  search?: string | undefined;
  includeRetired?: boolean | undefined;
  sort?: { field: TaskSortField; order: 'asc' | 'desc' } | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export const TASK_SORT_FIELDS = ['code', 'deadline', 'percent', 'scheduleProgress', 'lag', 'status', 'leadUnit', 'lastReportAt'] as const;
export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];

/** The trigram index needs three characters; shorter queries (高铁) are matched with LIKE. */
export const FTS_MIN_QUERY_LENGTH = 3;

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tasks')
    .innerJoin('measures as m', 'm.id', 'tasks.measure_id')
    .innerJoin('sections as s', 's.id', 'm.section_id')
    .innerJoin('chapters as c', 'c.id', 's.chapter_id')
    .innerJoin('plans as p', 'p.id', 'tasks.plan_id')
    .leftJoin('units as lead', 'lead.id', 'tasks.lead_unit_id')
    .select([
      'tasks.id',
      'tasks.plan_id',
      'tasks.code',
      'tasks.text',
      'tasks.start_date',
      'tasks.deadline',
      'tasks.status',
      'tasks.percent',
      'tasks.last_report_at',
      'tasks.retired_at',
      'tasks.lead_unit_id',
      'lead.name as lead_name',
      'lead.retired_at as lead_retired_at',
      'c.title as chapter_title',
      'c.heading as chapter_heading',
      'c.region',
      's.title as section_title',
      's.heading as section_heading',
      'm.title as measure_title',
      'p.period_start',
      'p.period_end',
      (eb) =>
        eb.selectFrom('milestones').whereRef('milestones.task_id', '=', 'tasks.id').select(eb.fn.countAll<number>().as('n')).as('milestone_count'),
      (eb) =>
        eb
          .selectFrom('milestones')
          .whereRef('milestones.task_id', '=', 'tasks.id')
          .where('milestones.done_at', 'is not', null)
          .select(eb.fn.countAll<number>().as('n'))
          .as('milestones_done'),
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/gu, (ch) => `\\${ch}`);
}

export async function listTasks(db: Kysely<Database>, filter: TaskFilter, today: string, thresholds: WarningThresholds): Promise<TaskListResult> {
  let query = baseQuery(db);
  if (!filter.includeRetired) query = query.where('tasks.retired_at', 'is', null);
  if (filter.planId !== undefined) query = query.where('tasks.plan_id', '=', filter.planId);
  if (filter.chapterId !== undefined) query = query.where('c.id', '=', filter.chapterId);
  if (filter.sectionId !== undefined) query = query.where('s.id', '=', filter.sectionId);
  if (filter.measureId !== undefined) query = query.where('m.id', '=', filter.measureId);
  if (filter.region !== undefined) query = query.where('c.region', '=', filter.region);
  if (filter.statuses && filter.statuses.length > 0) query = query.where('tasks.status', 'in', filter.statuses);
  if (filter.unitId !== undefined) {
    const unitId = filter.unitId;
    const role = filter.unitRole ?? 'any';
    query = query.where((eb) => {
      const leads = eb('tasks.lead_unit_id', '=', unitId);
      const cooperates = eb('tasks.id', 'in', eb.selectFrom('task_cooperators').select('task_id').where('unit_id', '=', unitId));
      return role === 'lead' ? leads : role === 'cooperating' ? cooperates : eb.or([leads, cooperates]);
    });
  }
  const search = filter.search?.trim();
  if (search) {
    if ([...search].length >= FTS_MIN_QUERY_LENGTH) {
      const phrase = `"${search.replace(/"/gu, '""')}"`;
      query = query.where('tasks.id', 'in', sql<number>`(SELECT rowid FROM task_fts WHERE task_fts MATCH ${phrase})`);
    } else {
      const pattern = `%${escapeLike(search)}%`;
      query = query.where((eb) =>
        eb.or([sql<boolean>`tasks.text LIKE ${pattern} ESCAPE '\\'`, sql<boolean>`m.title LIKE ${pattern} ESCAPE '\\'`]),
      );
    }
  }

  const baseRows = await query.orderBy('c.seq').orderBy('s.seq').orderBy('m.seq').orderBy('tasks.seq').execute();
  const cooperators = await cooperatorsOf(db, baseRows.map((row) => row.id));
  let rows = baseRows.map((row) => toTaskRow(row, cooperators.get(row.id) ?? [], today, thresholds));

  if (filter.deadlineFrom) rows = rows.filter((row) => row.deadline >= filter.deadlineFrom!);
  if (filter.deadlineTo) rows = rows.filter((row) => row.deadline <= filter.deadlineTo!);
  const byLight = countBy(rows, WARNING_LIGHTS, (row) => row.light);
  if (filter.lights && filter.lights.length > 0) rows = rows.filter((row) => filter.lights!.includes(row.light));
  const byStatus = countBy(rows, TASK_STATUSES, (row) => row.status);

  if (filter.sort && filter.sort.field !== 'code') rows = sortRows(rows, filter.sort.field, filter.sort.order);
  else if (filter.sort?.order === 'desc') rows = rows.reverse();

  const total = rows.length;
  const offset = filter.offset ?? 0;
  const page = rows.slice(offset, filter.limit !== undefined ? offset + filter.limit : undefined);
  return { rows: page, total, byStatus, byLight };
}

function countBy<K extends string>(rows: TaskRow[], keys: readonly K[], keyOf: (row: TaskRow) => K): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const row of rows) counts[keyOf(row)] += 1;
  return counts;
}

function sortRows(rows: TaskRow[], field: TaskSortField, order: 'asc' | 'desc'): TaskRow[] {
  const value = (row: TaskRow): string | number => {
    switch (field) {
      case 'leadUnit':
        return row.leadUnit?.name ?? '';
      case 'status':
        return TASK_STATUSES.indexOf(row.status);
      case 'lastReportAt':
        return row.lastReportAt ?? '';
      default:
        return row[field as 'deadline' | 'percent' | 'scheduleProgress' | 'lag' | 'code'];
    }
  };
  const direction = order === 'asc' ? 1 : -1;
  // Array.prototype.sort is stable: ties keep the plan's order.
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * direction;
    return String(x).localeCompare(String(y), 'zh-CN') * direction;
  });
}

async function cooperatorsOf(db: Kysely<Database>, taskIds: number[]): Promise<Map<number, UnitRef[]>> {
  const map = new Map<number, UnitRef[]>();
  if (taskIds.length === 0) return map;
  // Chunked: SQLite limits the number of bound parameters per statement.
  for (let i = 0; i < taskIds.length; i += 5000) {
    const rows = await db
      .selectFrom('task_cooperators')
      .innerJoin('units', 'units.id', 'task_cooperators.unit_id')
      .select(['task_cooperators.task_id', 'units.id', 'units.name', 'units.retired_at'])
      .where('task_cooperators.task_id', 'in', taskIds.slice(i, i + 5000))
      .orderBy('units.seq')
      .execute();
    for (const row of rows) {
      const list = map.get(row.task_id) ?? [];
      list.push({ id: row.id, name: row.name, retired: row.retired_at !== null });
      map.set(row.task_id, list);
    }
  }
  return map;
}

function toTaskRow(row: BaseRow, cooperators: UnitRef[], today: string, thresholds: WarningThresholds): TaskRow {
  const startDate = row.start_date ?? `${row.period_start}-01-01`;
  const deadline = row.deadline ?? `${row.period_end}-12-31`;
  const status = row.status as TaskStatus;
  return {
    id: row.id,
    planId: row.plan_id,
    code: row.code,
    text: row.text,
    chapterTitle: `${row.chapter_heading} ${row.chapter_title}`,
    sectionTitle: `${row.section_heading} ${row.section_title}`,
    measureTitle: row.measure_title,
    region: row.region,
    leadUnit: row.lead_unit_id !== null && row.lead_name ? { id: row.lead_unit_id, name: row.lead_name, retired: row.lead_retired_at !== null } : null,
    cooperators,
    startDate,
    deadline,
    deadlineSet: row.deadline !== null,
    status,
    percent: row.percent,
    lastReportAt: row.last_report_at,
    milestoneCount: Number(row.milestone_count ?? 0),
    milestonesDone: Number(row.milestones_done ?? 0),
    retired: row.retired_at !== null,
    ...assessTask({ startDate, deadline, status, percent: row.percent }, today, thresholds),
  };
}

export async function getTaskDetail(db: Kysely<Database>, taskId: number, today: string, thresholds: WarningThresholds): Promise<TaskDetail> {
  const base = await baseQuery(db)
    .select(['tasks.version', 'tasks.standard', 'tasks.note', 'm.id as measure_id', 'm.code as measure_code'])
    .where('tasks.id', '=', taskId)
    .executeTakeFirst();
  if (!base) throw new AppError('NOT_FOUND', `找不到编号为 ${taskId} 的任务，可能已被合并或删除，请刷新列表。`);
  const cooperators = await cooperatorsOf(db, [taskId]);

  const [milestones, targets, reports, events, attachments, parents, children] = await Promise.all([
    db.selectFrom('milestones').selectAll().where('task_id', '=', taskId).orderBy('year').orderBy('due_date').orderBy('id').execute(),
    db.selectFrom('task_targets').selectAll().where('task_id', '=', taskId).orderBy('year').orderBy('id').execute(),
    db
      .selectFrom('progress_reports')
      .innerJoin('units', 'units.id', 'progress_reports.unit_id')
      .selectAll('progress_reports')
      .select('units.name as unit_name')
      .where('task_id', '=', taskId)
      .orderBy('progress_reports.id', 'desc')
      .execute(),
    db.selectFrom('task_events').selectAll().where('task_id', '=', taskId).orderBy('id', 'desc').execute(),
    db
      .selectFrom('attachments')
      .innerJoin('progress_reports', 'progress_reports.id', 'attachments.report_id')
      .select(['attachments.id', 'attachments.report_id', 'attachments.original_name', 'attachments.size'])
      .where('progress_reports.task_id', '=', taskId)
      .orderBy('attachments.id')
      .execute(),
    db
      .selectFrom('task_lineage')
      .innerJoin('tasks', 'tasks.id', 'task_lineage.parent_task_id')
      .select('tasks.code')
      .where('task_lineage.child_task_id', '=', taskId)
      .execute(),
    db
      .selectFrom('task_lineage')
      .innerJoin('tasks', 'tasks.id', 'task_lineage.child_task_id')
      .select('tasks.code')
      .where('task_lineage.parent_task_id', '=', taskId)
      .execute(),
  ]);

  return {
    ...toTaskRow(base, cooperators.get(taskId) ?? [], today, thresholds),
    version: base.version,
    standard: base.standard,
    note: base.note,
    measureId: base.measure_id,
    measureCode: base.measure_code,
    milestones: milestones.map((m) => ({ id: m.id, year: m.year, title: m.title, dueDate: m.due_date, doneAt: m.done_at, doneBy: m.done_by })),
    targets: targets.map((t) => ({ id: t.id, description: t.description, value: t.value, unitOfMeasure: t.unit_of_measure, year: t.year })),
    reports: reports.map((r) => ({
      id: r.id,
      unitName: r.unit_name,
      reporter: r.reporter,
      status: r.status as TaskStatus,
      percent: r.percent,
      progress: r.progress,
      problems: r.problems,
      nextSteps: r.next_steps,
      coordination: r.coordination,
      source: r.source as 'manual' | 'import',
      sourceRef: r.source_ref,
      createdAt: r.created_at,
      attachments: attachments.filter((a) => a.report_id === r.id).map((a) => ({ id: a.id, originalName: a.original_name, size: a.size })),
    })),
    events: events.map((e) => ({ id: e.id, kind: e.kind, summary: e.summary, actor: e.actor, createdAt: e.created_at })),
    lineage: { from: parents.map((p) => p.code), into: children.map((c) => c.code) },
  };
}

