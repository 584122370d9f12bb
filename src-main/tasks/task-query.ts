import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../api/errors';
import {
  TASK_LIGHTS,
  TASK_STATUSES,
  type TaskDetail,
  type TaskLight,
  type TaskListResult,
  type TaskRow,
  type TaskStatus,
  type UnitRef,
  type WarningThresholds,
} from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { idList, likeIgnoringCase, notAnIndexKey, taskTextSearch } from '../db/sql-forms';
import { assessTask } from '../rules/task-warning';
import { storedLightConditions, storedLightSql } from '../rules/task-light-dates';
import { storedLightsHold } from './task-lights';
import { taskSpan } from '../rules/plan-period';
import { talliedCounts } from './task-tallied-counts';

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
  lights?: TaskLight[] | undefined;
  deadlineFrom?: string | undefined;
  deadlineTo?: string | undefined;
  search?: string | undefined;
  includeRetired?: boolean | undefined;
  /** Only these tasks (a unit's rows of a round): one bound parameter each, so a few thousand at most. */
  ids?: number[] | undefined;
  sort?: { field: TaskSortField; order: 'asc' | 'desc' } | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export const TASK_SORT_FIELDS = ['code', 'deadline', 'percent', 'scheduleProgress', 'lag', 'status', 'leadUnit', 'lastReportAt'] as const;
export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];

/** The trigram index needs three characters; shorter queries (高铁) are matched with LIKE. */
export const FTS_MIN_QUERY_LENGTH = 3;

/** The tables every task list reads: the task, its place in the plan, the plan's period and the lead unit. */
function taskSource(db: Kysely<Database>) {
  return withPlace(db.selectFrom('tasks'));
}

/** `taskSource`'s joins, onto a query of the tasks table (and its conditions on the task's own columns). */
function withPlace(tasks: SelectQueryBuilder<Database, 'tasks', object>) {
  return tasks
    .innerJoin('measures as m', 'm.id', 'tasks.measure_id')
    .innerJoin('sections as s', 's.id', 'm.section_id')
    .innerJoin('chapters as c', 'c.id', 's.chapter_id')
    .innerJoin('plans as p', 'p.id', 'tasks.plan_id')
    .leftJoin('units as lead', 'lead.id', 'tasks.lead_unit_id');
}

type TaskSource = ReturnType<typeof taskSource>;

function baseQuery(source: TaskSource) {
  return source.select([
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
    (eb) => eb.selectFrom('milestones').whereRef('milestones.task_id', '=', 'tasks.id').select(eb.fn.countAll<number>().as('n')).as('milestone_count'),
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

/** A task's dates when left unset: the plan's period. */
// taskSpan (rules/plan-period.ts) in SQL: a task's own dates, else its plan's first and last day.
const effectiveStart = sql<string>`coalesce(tasks.start_date, p.period_start || '-01-01')`;
const effectiveDeadline = sql<string>`coalesce(tasks.deadline, p.period_end || '-12-31')`;
/** 未分配 tasks carry no light (task-warning.ts). */
const assigned = sql<number>`(tasks.lead_unit_id IS NOT NULL)`;

/**
 * The warning light in SQL by the rule itself, per row (sql-functions.ts): where the stored light dates
 * (storedLightSql, task-lights.ts) were not worked out for the thresholds asked. The tests hold the two equal.
 * `period`: the plan's first and last day, where the query does not join the plan.
 */
export function ruleLightSql(today: string, t: WarningThresholds, period?: { first: string; last: string }) {
  const start = period ? sql<string>`coalesce(tasks.start_date, ${period.first})` : effectiveStart;
  const deadline = period ? sql<string>`coalesce(tasks.deadline, ${period.last})` : effectiveDeadline;
  return sql<TaskLight>`pd_task_light(${start}, ${deadline}, tasks.status, tasks.percent, ${assigned}, ${today}, ${t.yellowLag}, ${t.redLag}, ${t.dueSoonDays}, ${t.notStartedMonths})`;
}

function sortKey(field: Exclude<TaskSortField, 'code'>, today: string) {
  switch (field) {
    case 'deadline':
      // effectiveDeadline as kept on the row (migration 0026), which tasks_by_plan_deadline holds in order.
      return sql<string>`tasks.effective_deadline`;
    case 'percent':
      return sql<number>`tasks.percent`;
    case 'scheduleProgress':
      // An unassigned task's clock has not started (task-warning.ts): 0, as its row shows.
      return sql<number>`CASE WHEN ${assigned} THEN pd_schedule(${effectiveStart}, ${effectiveDeadline}, ${today}) ELSE 0 END`;
    case 'lag':
      return sql<number>`pd_task_lag(${effectiveStart}, ${effectiveDeadline}, tasks.status, tasks.percent, ${assigned}, ${today})`;
    case 'status':
      // The order of TASK_STATUSES (已完成 first), not the text's.
      return sql<number>`CASE tasks.status ${sql.join(TASK_STATUSES.map((status, rank) => sql`WHEN ${status} THEN ${rank}`), sql` `)} END`;
    case 'leadUnit':
      // The units' official order (省发展改革委 first), as every unit list in the app; unassigned first.
      return sql<number>`lead.seq`;
    case 'lastReportAt':
      return sql<string>`tasks.last_report_at`;
  }
}

/** The SQL side of a filter: everything but the lights, which the list and the counts treat differently. */
function filtered(db: Kysely<Database>, filter: TaskFilter): TaskSource {
  let query = withPlace(tasksOnly(db, filter));
  if (filter.chapterId !== undefined) query = query.where('c.id', '=', filter.chapterId);
  if (filter.sectionId !== undefined) query = query.where('s.id', '=', filter.sectionId);
  if (filter.measureId !== undefined) query = query.where('m.id', '=', filter.measureId);
  if (filter.region !== undefined) query = query.where('c.region', '=', filter.region);
  if (filter.deadlineFrom) query = query.where(effectiveDeadline, '>=', filter.deadlineFrom);
  if (filter.deadlineTo) query = query.where(effectiveDeadline, '<=', filter.deadlineTo);
  // A phrase of three characters or more is found by the trigram index, in tasksOnly; a shorter one here, in the
  // measure's title too.
  const search = filter.search?.trim();
  if (search && !searchesByIndex(filter)) {
    const pattern = `%${escapeLike(search)}%`;
    query = query.where((eb) => eb.or([likeIgnoringCase(sql.ref('tasks.text'), pattern), likeIgnoringCase(sql.ref('m.title'), pattern)]));
  }
  return query;
}

/** Whether the filter's search goes through the trigram index (three characters or more). */
function searchesByIndex(filter: TaskFilter): boolean {
  const search = filter.search?.trim();
  return search !== undefined && [...search].length >= FTS_MIN_QUERY_LENGTH;
}

/**
 * Whether a filter reads only the task's own columns: no place in the plan, no plan period, and a search only by the
 * trigram index (a condition on the task's id, which reads the measure's title itself: taskTextSearch), not the short
 * one's LIKE over the joined title. Every join in taskSource is to a row the task must have (or a left join), so
 * leaving them out changes no count: a search's count read every match's measure, section, chapter, plan and lead unit
 * for nothing (CPU per search of the bench's phrase 3.7 → 3.0 ms at 1,000,000 reports, 6.6 → 5.1 ms at 4,000,000).
 */
function ownColumnsOnly(filter: TaskFilter): boolean {
  const { chapterId, sectionId, measureId, region, deadlineFrom, deadlineTo, search } = filter;
  return chapterId === undefined && sectionId === undefined && measureId === undefined && region === undefined && !deadlineFrom && !deadlineTo && (!search?.trim() || searchesByIndex(filter));
}

/** The filter's conditions on the task's own columns, on the tasks table alone: all of `filtered` for such a filter. */
function tasksOnly(db: Kysely<Database>, filter: TaskFilter): SelectQueryBuilder<Database, 'tasks', object> {
  let query = db.selectFrom('tasks');
  if (!filter.includeRetired) query = query.where('tasks.retired_at', 'is', null);
  if (filter.planId !== undefined) {
    // A phrase search finds its few matches by the trigram index; the plan only filters them (sql-forms.ts).
    query = query.where(searchesByIndex(filter) ? notAnIndexKey(sql.ref<number>('tasks.plan_id')) : sql.ref<number>('tasks.plan_id'), '=', filter.planId);
  }
  if (filter.ids !== undefined) query = query.where('tasks.id', 'in', filter.ids);
  if (searchesByIndex(filter)) query = query.where(taskTextSearch(filter.search!.trim(), sql.ref('tasks.id')));
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
  return query;
}

/**
 * The plan's order of tasks, as every task list, report and template shows them: chapter, section, measure, task — and
 * the task's id last, because a list over several plans (a unit's 我的任务) has the same four numbers in each plan, and
 * without a unique last key the engines break such ties as they like: PostgreSQL's pages could repeat or skip a task.
 * The four numbers are the ones kept on the task (migration 0026: its chapter's, section's and measure's seq), so that
 * a page is read in order from an index (tasks_by_lead_place, tasks_by_plan_deadline) instead of sorting every match,
 * and a report or template reads its tasks in order without joining the plan's structure. The query reads `tasks`.
 */
export function inPlanOrder<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, order: 'asc' | 'desc' = 'asc'): SelectQueryBuilder<DB, TB, O> {
  return query
    .orderBy(sql.ref('tasks.chapter_seq'), order)
    .orderBy(sql.ref('tasks.section_seq'), order)
    .orderBy(sql.ref('tasks.measure_seq'), order)
    .orderBy(sql.ref('tasks.seq'), order)
    .orderBy(sql.ref('tasks.id'), order);
}

/** The requested order; ties (and the default) in the plan's order. */
function inOrder<DB, TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, object>, sort: TaskFilter['sort'], today: string): SelectQueryBuilder<DB, TB, object> {
  if (!sort || sort.field === 'code') return inPlanOrder(query, sort?.order ?? 'asc');
  return inPlanOrder(query.orderBy(sortKey(sort.field, today), sort.order));
}

/** Sorts by the task's own columns alone (its place in the plan and its effective deadline are kept on it, 0026). */
const OWN_COLUMN_SORTS: ReadonlySet<TaskSortField> = new Set(['code', 'deadline', 'percent', 'status', 'lastReportAt']);

/**
 * The filtered, sorted list and its counts, computed inside SQLite: one grouped query counts the whole filtered set
 * by status and light, one reads the ids of the page in order, and only the page's rows are read in full. A page of
 * a 10,000-task plan costs what its 50 rows cost, plus the count.
 */
export async function listTasks(db: Kysely<Database>, filter: TaskFilter, today: string, thresholds: WarningThresholds): Promise<TaskListResult> {
  if (filter.limit === undefined && !filter.offset) return wholeList(db, filter, today, thresholds);
  const stored = await storedLightsHold(db, thresholds);
  const light = stored ? storedLightSql(today) : ruleLightSql(today, thresholds);
  // From the kept tallies where they hold what the filter asks (a plan's status page, a unit's lead tasks); else counted
  // from the tasks alone where the filter and the light need nothing else (我的任务's other tabs), else with the joins.
  const counting = stored && ownColumnsOnly(filter) ? tasksOnly(db, filter) : filtered(db, filter);
  const tallied = stored && ownColumnsOnly(filter) ? await talliedCounts(db, filter, today) : null;
  const groups = tallied
    ? tallied
    : stored
    ? await countByStoredLight(filter.statuses?.length ? counting : counting.where('tasks.status', 'in', TASK_STATUSES), today)
    : await counting
        .select(['tasks.status', light.as('light'), (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['tasks.status', sql`light`])
        .execute();
  const lights = filter.lights && filter.lights.length > 0 ? filter.lights : null;
  // Lights are counted before the light filter (the summary shows what the other lights hold), statuses after it.
  const byLight = Object.fromEntries(TASK_LIGHTS.map((key) => [key, 0])) as Record<TaskLight, number>;
  const byStatus = Object.fromEntries(TASK_STATUSES.map((key) => [key, 0])) as Record<TaskStatus, number>;
  let total = 0;
  for (const group of groups) {
    const n = Number(group.n);
    byLight[group.light] += n;
    if (lights && !lights.includes(group.light)) continue;
    byStatus[group.status as TaskStatus] += n;
    total += n;
  }

  const offset = filter.offset ?? 0;
  if (total === 0 || offset >= total) return { rows: [], total, byStatus, byLight };
  const ids = cooperatingInPlanOrder(filter, lights)
    ? await pageOf(cooperatingPage(db, filter.unitId!, filter.sort?.order ?? 'asc'), filter.limit, offset)
    : stored && ownColumnsOnly(filter) && OWN_COLUMN_SORTS.has(filter.sort?.field ?? 'code')
      ? // Nothing of the page's filter, light or order is outside the task's row: the ids without the joins.
        await pageOf(inOrder(lights ? tasksOnly(db, filter).where(light, 'in', lights) : tasksOnly(db, filter), filter.sort, today).select('tasks.id'), filter.limit, offset)
      : await pageOf(inOrder(lights ? filtered(db, filter).where(light, 'in', lights) : filtered(db, filter), filter.sort, today).select('tasks.id'), filter.limit, offset);
  return { rows: await fullRows(db, ids, today, thresholds), total, byStatus, byLight };
}

/** The ids of a page of an ordered query. */
async function pageOf<DB, TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, { id: number }>, limit: number | undefined, offset: number): Promise<number[]> {
  let page = query;
  if (limit !== undefined) page = page.limit(limit);
  // SQLite takes OFFSET only after a LIMIT; -1 is "no limit".
  if (offset > 0) page = (limit === undefined ? page.limit(-1) : page).offset(offset);
  return (await page.execute()).map((row) => row.id);
}

/**
 * Whether the list is a unit's cooperating tasks in the plan's order and nothing else (我的任务's 配合任务 tab): its
 * page is then read in order from the unit's cooperating rows, which carry their task's place (migration 0028).
 */
function cooperatingInPlanOrder(filter: TaskFilter, lights: TaskLight[] | null): boolean {
  return (
    filter.unitId !== undefined &&
    filter.unitRole === 'cooperating' &&
    filter.planId === undefined &&
    filter.ids === undefined &&
    !filter.includeRetired &&
    !filter.statuses?.length &&
    lights === null &&
    ownColumnsOnly(filter) &&
    !filter.search?.trim() &&
    (filter.sort === undefined || filter.sort.field === 'code')
  );
}

/** inOrder's plan order over the unit's cooperating rows (their copies of the task's place), from their index in order. */
function cooperatingPage(db: Kysely<Database>, unitId: number, order: 'asc' | 'desc') {
  return db
    .selectFrom('task_cooperators as tc')
    .select('tc.task_id as id')
    .where('tc.unit_id', '=', unitId)
    .where('tc.task_retired_at', 'is', null)
    .orderBy('tc.chapter_seq', order)
    .orderBy('tc.section_seq', order)
    .orderBy('tc.measure_seq', order)
    .orderBy('tc.task_seq', order)
    .orderBy('tc.task_id', order);
}

/**
 * The filtered tasks counted by status and stored light (lightOnDay in task-light-dates.ts, as counts): grouped by
 * status and base light, the order of the tasks_by_plan_status and tasks_by_lead_status indexes (migration 0023), so
 * the count reads the index alone and groups as it reads, without sorting. In each group the tasks whose red date has
 * come are red, those whose yellow (or red) date has come and are not red are yellow, the rest show the base light.
 * Without a status filter the caller asks for every status (all a task can have): tasks_by_plan_status is then read
 * status by status, in order, where a plan's tasks alone would have to be sorted for the grouping.
 */
async function countByStoredLight(counting: SelectQueryBuilder<Database, 'tasks', object>, today: string): Promise<{ status: string; light: TaskLight; n: number }[]> {
  const { red, yellowOrRed } = storedLightConditions(today);
  const rows = await counting
    .select([
      'tasks.status',
      'tasks.light_base',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`count(*) filter (where ${red})`.as('red'),
      sql<number>`count(*) filter (where ${yellowOrRed})`.as('lit'),
    ])
    .groupBy(['tasks.status', 'tasks.light_base'])
    .execute();
  return rows.flatMap((row) => {
    const [n, red, lit] = [Number(row.n), Number(row.red), Number(row.lit)];
    return [
      { status: row.status, light: 'red' as const, n: red },
      { status: row.status, light: 'yellow' as const, n: lit - red },
      { status: row.status, light: row.light_base as TaskLight, n: n - lit },
    ];
  });
}

/**
 * Every matching task (reports, closing a round, the assessment): read in full in one ordered query, the lights
 * worked out once per row in JavaScript and counted from the rows — no count query, no id round trip.
 */
async function wholeList(db: Kysely<Database>, filter: TaskFilter, today: string, thresholds: WarningThresholds): Promise<TaskListResult> {
  const found = await baseQuery(inOrder(filtered(db, filter), filter.sort, today)).execute();
  const cooperators = await cooperatorsOf(db, found.map((row) => row.id));
  let rows = found.map((row) => toTaskRow(row, cooperators.get(row.id) ?? [], today, thresholds));
  const byLight = Object.fromEntries(TASK_LIGHTS.map((key) => [key, 0])) as Record<TaskLight, number>;
  for (const row of rows) byLight[row.light] += 1;
  if (filter.lights && filter.lights.length > 0) rows = rows.filter((row) => filter.lights!.includes(row.light));
  const byStatus = Object.fromEntries(TASK_STATUSES.map((key) => [key, 0])) as Record<TaskStatus, number>;
  for (const row of rows) byStatus[row.status] += 1;
  return { rows, total: rows.length, byStatus, byLight };
}

/** The full rows of the given tasks, in the given order. */
async function fullRows(db: Kysely<Database>, ids: number[], today: string, thresholds: WarningThresholds): Promise<TaskRow[]> {
  const found = new Map<number, BaseRow>();
  // Chunked: SQLite limits the number of bound parameters per statement.
  for (let i = 0; i < ids.length; i += 5000) {
    for (const row of await baseQuery(taskSource(db)).where('tasks.id', 'in', ids.slice(i, i + 5000)).execute()) found.set(row.id, row);
  }
  const cooperators = await cooperatorsOf(db, ids);
  return ids.map((id) => toTaskRow(found.get(id)!, cooperators.get(id) ?? [], today, thresholds));
}

/**
 * Each task's cooperating units in the units' order. The ids go as one parameter (idList): one statement for any
 * number of tasks, prepared once, where a parameter per id made a statement per length of a whole list.
 */
export async function cooperatorsOf(db: Kysely<Database>, taskIds: number[]): Promise<Map<number, UnitRef[]>> {
  const map = new Map<number, UnitRef[]>();
  if (taskIds.length === 0) return map;
  const rows = await db
    .selectFrom('task_cooperators')
    .innerJoin('units', 'units.id', 'task_cooperators.unit_id')
    .select(['task_cooperators.task_id', 'units.id', 'units.name', 'units.retired_at'])
    .where('task_cooperators.task_id', 'in', idList(taskIds))
    .orderBy('units.seq')
    .execute();
  for (const row of rows) {
    const list = map.get(row.task_id) ?? [];
    list.push({ id: row.id, name: row.name, retired: row.retired_at !== null });
    map.set(row.task_id, list);
  }
  return map;
}

function toTaskRow(row: BaseRow, cooperators: UnitRef[], today: string, thresholds: WarningThresholds): TaskRow {
  const { start: startDate, deadline } = taskSpan({ startDate: row.start_date, deadline: row.deadline }, { periodStart: row.period_start, periodEnd: row.period_end });
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
    ...assessTask({ startDate, deadline, status, percent: row.percent, assigned: row.lead_unit_id !== null }, today, thresholds),
  };
}

export async function getTaskDetail(db: Kysely<Database>, taskId: number, today: string, thresholds: WarningThresholds): Promise<TaskDetail> {
  const base = await baseQuery(taskSource(db))
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

