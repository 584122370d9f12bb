import { sql, type Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';
import { idList, jsonRows } from '../db/sql-forms';
import { recordTaskEvent, recordTaskEvents } from './task-events';
import { refreshTaskLights } from './task-lights';
import { assignmentStart } from './task-start';
import { checkTaskDates, loadLiveTasks, planDateRange, requireActiveUnits, requireInvolved, requireOffice, type Actor } from './task-rules';

/**
 * 落实主体责任: lead and cooperating units, deadlines, completion standards, yearly milestones and quantified
 * targets — for one task or for many selected in the table, always in one transaction.
 */

export interface MilestoneInput {
  year: number;
  title: string;
  dueDate: string;
}

export interface AssignInput {
  taskIds: number[];
  leadUnitId?: number | undefined;
  /** Replaces the cooperating units. */
  cooperatorUnitIds?: number[] | undefined;
  /** Adds cooperating units to those already there. */
  addCooperatorUnitIds?: number[] | undefined;
  startDate?: string | null | undefined;
  deadline?: string | null | undefined;
  standard?: string | undefined;
  /** Appended to each task's milestones. */
  milestones?: MilestoneInput[] | undefined;
}

/**
 * `today` (the app's clock) starts the 序时 of a task that gets its first lead unit here without a start date of its
 * own; without it (older callers, fixtures) such a task keeps starting with the plan.
 */
export async function assignTasks(db: Kysely<Database>, actor: Actor, input: AssignInput, today?: string): Promise<{ updated: number }> {
  requireOffice(actor, '分配任务');
  if (input.taskIds.length === 0) throw new AppError('INVALID_INPUT', '请先在列表中选择要分配的任务。');
  const nothing =
    input.leadUnitId === undefined &&
    input.cooperatorUnitIds === undefined &&
    input.addCooperatorUnitIds === undefined &&
    input.startDate === undefined &&
    input.deadline === undefined &&
    input.standard === undefined &&
    (input.milestones ?? []).length === 0;
  if (nothing) throw new AppError('INVALID_INPUT', '请至少填写一项要分配的内容（牵头单位、配合单位、完成时限、完成标准或阶段目标）。');

  return db.transaction().execute(async (trx) => {
    const tasks = await loadLiveTasks(trx, input.taskIds);
    const unitNames = await requireActiveUnits(trx, [
      ...(input.leadUnitId !== undefined ? [input.leadUnitId] : []),
      ...(input.cooperatorUnitIds ?? []),
      ...(input.addCooperatorUnitIds ?? []),
    ]);

    for (const task of tasks) {
      const startDate = input.startDate !== undefined ? input.startDate : task.startDate;
      const deadline = input.deadline !== undefined ? input.deadline : task.deadline;
      checkTaskDates(task, startDate, deadline);
      for (const milestone of input.milestones ?? []) checkMilestone(task, milestone);
    }

    // Set-wise, a few statements for the whole selection whatever its size (批量指定 of a plan's tasks was seven
    // statements per task, bench/): each statement touches only its own tasks' rows, so the result is the one the
    // per-task sequence gave.
    const ids = tasks.map((task) => task.id);
    const leadOf = new Map(
      (await trx.selectFrom('tasks').select(['id', 'lead_unit_id']).where('id', 'in', idList(ids)).execute()).map((row) => [row.id, row.lead_unit_id]),
    );
    const updatedAt = new Date().toISOString();
    const planned = tasks.map((task) => {
      const current = leadOf.get(task.id) ?? null;
      const leadUnitId = input.leadUnitId ?? current;
      const firstAssigned = current === null && leadUnitId !== null && input.startDate === undefined && task.startDate === null;
      const deadline = input.deadline !== undefined ? input.deadline : task.deadline;
      const startDate = firstAssigned && today !== undefined ? assignmentStart(today, task, deadline) : input.startDate;
      return { task, leadUnitId, startDate };
    });
    // Tasks whose start is set and tasks whose start is kept: one UPDATE each, the other columns alike for all.
    for (const setsStart of [true, false]) {
      const rows = planned.filter((row) => (row.startDate !== undefined) === setsStart).map((row) => ({ id: row.task.id, lead_unit_id: row.leadUnitId, start_date: row.startDate ?? null }));
      if (rows.length === 0) continue;
      const columns = setsStart ? (['id', 'lead_unit_id', 'start_date'] as const) : (['id', 'lead_unit_id'] as const);
      await trx
        // The CTE's column list names the rows' columns on every engine (jsonRows' SQLite form leaves them unnamed).
        .with(`fresh(${columns.join(', ')})`, (qc) => qc.selectFrom(sql<(typeof rows)[number]>`(${jsonRows(rows, columns, 'tasks')})`.as('r')).selectAll())
        .updateTable('tasks')
        .from('fresh')
        .set((eb) => ({
          lead_unit_id: eb.ref('fresh.lead_unit_id'),
          ...(setsStart ? { start_date: eb.ref('fresh.start_date') } : {}),
          ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
          ...(input.standard !== undefined ? { standard: input.standard } : {}),
          version: eb('tasks.version', '+', 1),
          updated_at: updatedAt,
        }))
        .whereRef('tasks.id', '=', 'fresh.id')
        .execute();
    }

    if (input.cooperatorUnitIds !== undefined) await trx.deleteFrom('task_cooperators').where('task_id', 'in', idList(ids)).execute();
    const added = [...new Set([...(input.cooperatorUnitIds ?? []), ...(input.addCooperatorUnitIds ?? [])])];
    const cooperatorRows = planned.flatMap(({ task, leadUnitId }) => added.filter((id) => id !== leadUnitId).map((unitId) => ({ task_id: task.id, unit_id: unitId })));
    if (cooperatorRows.length > 0) {
      await trx
        .insertInto('task_cooperators')
        .columns(['task_id', 'unit_id'])
        .expression(jsonRows(cooperatorRows, ['task_id', 'unit_id']))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    // A unit cannot both lead and cooperate on the same task: the lead each task now has (just written) leaves its
    // cooperating units.
    await trx
      .deleteFrom('task_cooperators')
      .where('task_id', 'in', idList(ids))
      .where((eb) => eb.exists(eb.selectFrom('tasks').select('tasks.id').whereRef('tasks.id', '=', 'task_cooperators.task_id').whereRef('tasks.lead_unit_id', '=', 'task_cooperators.unit_id')))
      .execute();
    const milestones = input.milestones ?? [];
    if (milestones.length > 0) {
      const rows = tasks.flatMap((task) => milestones.map((m) => ({ task_id: task.id, year: m.year, title: m.title, due_date: m.dueDate })));
      await trx.insertInto('milestones').columns(['task_id', 'year', 'title', 'due_date']).expression(jsonRows(rows, ['task_id', 'year', 'title', 'due_date'])).execute();
    }
    await recordTaskEvents(
      trx,
      planned.map(({ task, leadUnitId, startDate }) => ({ taskId: task.id, kind: 'assigned', summary: assignmentSummary(input, unitNames, leadUnitId, startDate), actor })),
    );
    // A new lead unit, start or deadline moves the days the light turns.
    await refreshTaskLights(trx, tasks.map((task) => task.id));
    return { updated: tasks.length };
  });
}

/** What one task's history says of the assignment, in the order the form lists the fields. */
function assignmentSummary(input: AssignInput, unitNames: Map<number, string>, leadUnitId: number | null, startDate: string | null | undefined): string {
  const summary: string[] = [];
  if (input.leadUnitId !== undefined) summary.push(`牵头单位：${unitNames.get(input.leadUnitId)}`);
  if (input.deadline !== undefined) summary.push(`完成时限：${input.deadline ?? '规划期末'}`);
  if (input.startDate !== undefined) summary.push(`开始日期：${input.startDate ?? '规划起始'}`);
  else if (startDate !== undefined) summary.push(`开始日期：${startDate}（分配之日起计算序时进度）`);
  if (input.standard !== undefined) summary.push('完成标准已更新');
  if (input.cooperatorUnitIds !== undefined) summary.push(`配合单位：${input.cooperatorUnitIds.map((id) => unitNames.get(id)).join('、') || '无'}`);
  const cooperators = [...(input.cooperatorUnitIds ?? []), ...(input.addCooperatorUnitIds ?? [])].filter((id) => id !== leadUnitId);
  if (cooperators.length > 0 && input.addCooperatorUnitIds?.length) summary.push(`增加配合单位：${input.addCooperatorUnitIds.map((id) => unitNames.get(id)).join('、')}`);
  if ((input.milestones ?? []).length > 0) summary.push(`新增阶段目标 ${input.milestones!.length} 项`);
  return summary.join('；');
}

function checkMilestone(task: Parameters<typeof planDateRange>[0] & { code: string }, milestone: MilestoneInput): void {
  const { first, last } = planDateRange(task);
  const lastYear = Number(last.slice(0, 4));
  if (milestone.year < task.periodStart || milestone.year > lastYear) {
    throw new AppError('INVALID_INPUT', `任务 ${task.code} 的阶段目标年份 ${milestone.year} 不在规划期（${task.periodStart}—${lastYear}年）内。`);
  }
  if (milestone.dueDate < first || milestone.dueDate > last) {
    throw new AppError('INVALID_INPUT', `任务 ${task.code} 的阶段目标“${milestone.title}”的时限 ${milestone.dueDate} 不在规划期内。`);
  }
  if (Number(milestone.dueDate.slice(0, 4)) !== milestone.year) {
    throw new AppError('INVALID_INPUT', `阶段目标“${milestone.title}”是 ${milestone.year} 年的目标，时限 ${milestone.dueDate} 应在同一年内。`);
  }
}

export async function setTaskTargets(
  db: Kysely<Database>,
  actor: Actor,
  input: { taskId: number; targets: { description: string; value: number; unitOfMeasure: string; year: number }[] },
): Promise<void> {
  requireOffice(actor, '设置量化目标');
  await db.transaction().execute(async (trx) => {
    const [task] = await loadLiveTasks(trx, [input.taskId]);
    const lastYear = Number(planDateRange(task!).last.slice(0, 4));
    for (const target of input.targets) {
      if (target.year < task!.periodStart || target.year > lastYear) {
        throw new AppError('INVALID_INPUT', `量化目标“${target.description}”的年份 ${target.year} 不在规划期（${task!.periodStart}—${lastYear}年）内。`);
      }
    }
    await trx.deleteFrom('task_targets').where('task_id', '=', input.taskId).execute();
    if (input.targets.length > 0) {
      await trx
        .insertInto('task_targets')
        .values(input.targets.map((t) => ({ task_id: input.taskId, description: t.description, value: t.value, unit_of_measure: t.unitOfMeasure, year: t.year })))
        .execute();
    }
    const listed = input.targets.map((t) => `${t.year}年${t.description}${t.value}${t.unitOfMeasure}`).join('；');
    await recordTaskEvent(trx, { taskId: input.taskId, kind: 'targets', summary: `量化目标：${listed || '已清空'}`, actor });
  });
}

/** Ticking a milestone off (or un-ticking it) records who and when. */
export async function setMilestoneDone(db: Kysely<Database>, actor: Actor, input: { milestoneId: number; done: boolean }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const milestone = await trx.selectFrom('milestones').selectAll().where('id', '=', input.milestoneId).executeTakeFirst();
    if (!milestone) throw new AppError('NOT_FOUND', '找不到该阶段目标，请刷新后重试。');
    await loadLiveTasks(trx, [milestone.task_id]);
    await requireInvolved(trx, actor, milestone.task_id);
    if ((milestone.done_at !== null) === input.done) return;
    await trx
      .updateTable('milestones')
      .set(input.done ? { done_at: new Date().toISOString(), done_by: actor.label, done_by_unit_id: actor.unitId } : { done_at: null, done_by: null, done_by_unit_id: null })
      .where('id', '=', input.milestoneId)
      .execute();
    // Un-ticking clears who ticked it and when from the milestone, so the trace keeps them.
    const wasDone = milestone.done_at !== null ? `（原由 ${milestone.done_by ?? '未记录'} 于 ${beijingMinute(milestone.done_at)} 勾选完成）` : '';
    await recordTaskEvent(trx, {
      taskId: milestone.task_id,
      kind: input.done ? 'milestone_done' : 'milestone_undone',
      summary: input.done ? `完成阶段目标：${milestone.year}年 ${milestone.title}` : `取消完成阶段目标：${milestone.year}年 ${milestone.title}${wasDone}`,
      actor,
    });
  });
}

/** A stored instant as Beijing wall-clock time, e.g. 2026-12-07 18:30, whatever the machine's zone. */
function beijingMinute(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

export async function deleteMilestone(db: Kysely<Database>, actor: Actor, input: { milestoneId: number }): Promise<void> {
  requireOffice(actor, '删除阶段目标');
  await db.transaction().execute(async (trx) => {
    const milestone = await trx.selectFrom('milestones').selectAll().where('id', '=', input.milestoneId).executeTakeFirst();
    if (!milestone) throw new AppError('NOT_FOUND', '找不到该阶段目标，请刷新后重试。');
    await trx.deleteFrom('milestones').where('id', '=', input.milestoneId).execute();
    await recordTaskEvent(trx, { taskId: milestone.task_id, kind: 'milestone_deleted', summary: `删除阶段目标：${milestone.year}年 ${milestone.title}`, actor });
  });
}
