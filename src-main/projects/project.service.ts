import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import { PROJECT_STAGES, type ProjectRow, type ProjectSaveResult, type ProjectStage } from '../api/projects.types';
import type { Database } from '../db/database.types';
import { escapeLike } from '../tasks/task-query';
import { requireActiveUnits, requireOffice, type Actor } from '../tasks/task-rules';

/**
 * 强化项目管理: major projects (重大项目) linked to tasks, with stage, planned and completed investment (亿元),
 * dates and a lead unit; reported on like tasks, in the plan's open round when there is one.
 */

export interface ProjectFilter {
  planId: number;
  stage?: ProjectStage | undefined;
  leadUnitId?: number | undefined;
  taskId?: number | undefined;
  search?: string | undefined;
}

export interface ProjectInput {
  id?: number | undefined;
  planId: number;
  name: string;
  stage: ProjectStage;
  plannedInvestment: number;
  completedInvestment: number;
  startDate: string | null;
  finishDate: string | null;
  leadUnitId: number | null;
  taskIds: number[];
}

export async function listProjects(db: Kysely<Database>, filter: ProjectFilter): Promise<ProjectRow[]> {
  let query = db
    .selectFrom('projects')
    .leftJoin('units', 'units.id', 'projects.lead_unit_id')
    .selectAll('projects')
    .select(['units.name as unit_name', 'units.retired_at as unit_retired_at'])
    .where('projects.plan_id', '=', filter.planId);
  if (filter.stage !== undefined) query = query.where('projects.stage', '=', filter.stage);
  if (filter.leadUnitId !== undefined) query = query.where('projects.lead_unit_id', '=', filter.leadUnitId);
  if (filter.taskId !== undefined) {
    const taskId = filter.taskId;
    query = query.where('projects.id', 'in', (eb) => eb.selectFrom('project_tasks').select('project_id').where('task_id', '=', taskId));
  }
  const search = filter.search?.trim();
  if (search) query = query.where('projects.name', 'like', `%${escapeLike(search)}%`);
  const rows = await query.orderBy('projects.id').execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);

  const [links, reports] = await Promise.all([
    db
      .selectFrom('project_tasks')
      .innerJoin('tasks', 'tasks.id', 'project_tasks.task_id')
      .select(['project_tasks.project_id', 'tasks.id', 'tasks.code', 'tasks.text'])
      .where('project_tasks.project_id', 'in', ids)
      .orderBy('tasks.code')
      .execute(),
    db
      .selectFrom('project_reports')
      .innerJoin('units', 'units.id', 'project_reports.unit_id')
      .leftJoin('rounds', 'rounds.id', 'project_reports.round_id')
      .selectAll('project_reports')
      .select(['units.name as unit_name', 'rounds.name as round_name'])
      .where('project_reports.project_id', 'in', ids)
      .orderBy('project_reports.id', 'desc')
      .execute(),
  ]);

  return rows.map((row) => ({
    id: row.id,
    planId: row.plan_id,
    name: row.name,
    stage: row.stage as ProjectStage,
    plannedInvestment: row.planned_investment,
    completedInvestment: row.completed_investment,
    startDate: row.start_date,
    finishDate: row.finish_date,
    leadUnit: row.lead_unit_id !== null && row.unit_name !== null ? { id: row.lead_unit_id, name: row.unit_name, retired: row.unit_retired_at !== null } : null,
    tasks: links.filter((link) => link.project_id === row.id).map((link) => ({ id: link.id, code: link.code, text: link.text })),
    reports: reports
      .filter((report) => report.project_id === row.id)
      .map((report) => ({
        id: report.id,
        roundId: report.round_id,
        roundName: report.round_name,
        unitName: report.unit_name,
        reporter: report.reporter,
        stage: report.stage as ProjectStage,
        completedInvestment: report.completed_investment,
        progress: report.progress,
        createdAt: report.created_at,
      })),
    warnings: investmentWarnings(row.name, row.planned_investment, row.completed_investment),
    updatedAt: row.updated_at,
  }));
}

export function investmentWarnings(name: string, planned: number, completed: number): string[] {
  return completed > planned ? [`项目“${name}”已完成投资 ${completed} 亿元，超过计划总投资 ${planned} 亿元，请核实。`] : [];
}

function checkStage(stage: string): ProjectStage {
  if (!(PROJECT_STAGES as readonly string[]).includes(stage)) {
    throw new AppError('INVALID_INPUT', `项目阶段“${stage}”无效，应为 ${PROJECT_STAGES.join('、')} 之一。`);
  }
  return stage as ProjectStage;
}

function checkInvestment(label: string, value: number): void {
  if (!Number.isFinite(value)) throw new AppError('INVALID_INPUT', `${label}应为数字（单位：亿元）。`);
  if (value < 0) throw new AppError('INVALID_INPUT', `${label}不能为负数，收到 ${value} 亿元。`);
}

/** Rules a project satisfies before it is saved. Completed above planned is allowed (estimates move) but flagged. */
export function checkProject(input: Omit<ProjectInput, 'id' | 'planId' | 'taskIds' | 'leadUnitId'>): string[] {
  if (!input.name.trim()) throw new AppError('INVALID_INPUT', '项目名称不能为空。');
  checkStage(input.stage);
  checkInvestment('计划总投资', input.plannedInvestment);
  checkInvestment('已完成投资', input.completedInvestment);
  if (input.startDate && input.finishDate && input.finishDate < input.startDate) {
    throw new AppError('INVALID_INPUT', `项目“${input.name.trim()}”的完工日期（${input.finishDate}）早于开工日期（${input.startDate}），请重新填写。`);
  }
  return investmentWarnings(input.name.trim(), input.plannedInvestment, input.completedInvestment);
}

export async function saveProject(db: Kysely<Database>, actor: Actor, input: ProjectInput): Promise<ProjectSaveResult> {
  requireOffice(actor, '维护重大项目');
  const warnings = checkProject(input);
  const name = input.name.trim();
  const plan = await db.selectFrom('plans').select('id').where('id', '=', input.planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', `找不到编号为 ${input.planId} 的规划，请刷新后重试。`);

  return db.transaction().execute(async (trx) => {
    const current = input.id !== undefined ? await trx.selectFrom('projects').selectAll().where('id', '=', input.id).executeTakeFirst() : undefined;
    if (input.id !== undefined && !current) throw new AppError('NOT_FOUND', `找不到编号为 ${input.id} 的项目，可能已被删除，请刷新后重试。`);
    if (current && current.plan_id !== input.planId) throw new AppError('INVALID_INPUT', '项目不能改到另一部规划下。');
    // A lead unit retired since it was chosen may stay; a newly chosen one must be active.
    if (input.leadUnitId !== null && input.leadUnitId !== current?.lead_unit_id) await requireActiveUnits(trx, [input.leadUnitId]);

    const taskIds = [...new Set(input.taskIds)];
    if (taskIds.length > 0) {
      const tasks = await trx.selectFrom('tasks').select(['id', 'code', 'plan_id', 'retired_at']).where('id', 'in', taskIds).execute();
      const linked = current ? new Set((await trx.selectFrom('project_tasks').select('task_id').where('project_id', '=', current.id).execute()).map((r) => r.task_id)) : new Set<number>();
      for (const taskId of taskIds) {
        const task = tasks.find((t) => t.id === taskId);
        if (!task || task.plan_id !== input.planId) throw new AppError('INVALID_INPUT', `找不到本规划中编号为 ${taskId} 的任务，请刷新后重新选择关联任务。`);
        // A task retired after it was linked stays linked; a retired one cannot be newly linked.
        if (task.retired_at && !linked.has(taskId)) throw new AppError('INVALID_INPUT', `任务 ${task.code} 已撤销，不能再关联到项目。`);
      }
    }

    const clash = await trx
      .selectFrom('projects')
      .select('id')
      .where('plan_id', '=', input.planId)
      .where('name', '=', name)
      .$if(current !== undefined, (q) => q.where('id', '!=', current!.id))
      .executeTakeFirst();
    if (clash) throw new AppError('CONFLICT', `本规划已有名为“${name}”的项目，请换一个名称。`);

    const values = {
      name,
      stage: input.stage,
      planned_investment: input.plannedInvestment,
      completed_investment: input.completedInvestment,
      start_date: input.startDate,
      finish_date: input.finishDate,
      lead_unit_id: input.leadUnitId,
      updated_at: new Date().toISOString(),
    };
    let id: number;
    if (current) {
      id = current.id;
      await trx.updateTable('projects').set(values).where('id', '=', id).execute();
      await trx.deleteFrom('project_tasks').where('project_id', '=', id).execute();
    } else {
      id = (await trx.insertInto('projects').values({ plan_id: input.planId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
    }
    if (taskIds.length > 0) await trx.insertInto('project_tasks').values(taskIds.map((taskId) => ({ project_id: id, task_id: taskId }))).execute();
    return { id, warnings };
  });
}

/**
 * A progress report on a project by its lead unit or the office: the stage and completed investment become the
 * project's current ones, and the report is filed under the plan's open round when one is running.
 */
export async function reportProject(
  db: Kysely<Database>,
  actor: Actor,
  input: { projectId: number; stage: ProjectStage; completedInvestment: number; progress: string },
): Promise<{ reportId: number; roundId: number | null; warnings: string[] }> {
  const stage = checkStage(input.stage);
  checkInvestment('已完成投资', input.completedInvestment);
  const project = await db.selectFrom('projects').selectAll().where('id', '=', input.projectId).executeTakeFirst();
  if (!project) throw new AppError('NOT_FOUND', `找不到编号为 ${input.projectId} 的项目，可能已被删除，请刷新后重试。`);
  if (actor.role !== 'office' && project.lead_unit_id !== actor.unitId) {
    throw new AppError('FORBIDDEN', `“${actor.label}”不是项目“${project.name}”的牵头单位，不能填报其进展。`);
  }
  const warnings = investmentWarnings(project.name, project.planned_investment, input.completedInvestment);
  return db.transaction().execute(async (trx) => {
    const round = await trx
      .selectFrom('rounds')
      .select('id')
      .where('plan_id', '=', project.plan_id)
      .where('state', '=', 'open')
      .orderBy('due_date', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const createdAt = new Date().toISOString();
    const { id: reportId } = await trx
      .insertInto('project_reports')
      .values({
        project_id: project.id,
        round_id: round?.id ?? null,
        unit_id: actor.unitId,
        reporter: actor.label,
        stage,
        completed_investment: input.completedInvestment,
        progress: input.progress.trim(),
        created_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('projects').set({ stage, completed_investment: input.completedInvestment, updated_at: createdAt }).where('id', '=', project.id).execute();
    return { reportId, roundId: round?.id ?? null, warnings };
  });
}
