import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';
import { recordTaskEvent } from './task-events';
import { refreshTaskLights } from './task-lights';
import { allocateTaskCode, checkTaskDates, loadLiveTasks, requireOffice, type Actor } from './task-rules';

/**
 * The office's edits to the breakdown (任务分解): reword, add, split, merge, retire. Codes stay stable: edits keep a
 * task's code, new tasks take the next free number under their measure, and retired tasks stay in history.
 */

const now = () => new Date().toISOString();

export interface TaskUpdate {
  id: number;
  /** The version the editor saw; a different current version means someone else changed the task meanwhile. */
  expectedVersion?: number | undefined;
  text?: string | undefined;
  standard?: string | undefined;
  note?: string | undefined;
  startDate?: string | null | undefined;
  deadline?: string | null | undefined;
}

export async function updateTask(db: Kysely<Database>, actor: Actor, input: TaskUpdate): Promise<void> {
  requireOffice(actor, '修改任务');
  await db.transaction().execute(async (trx) => {
    const [task] = await loadLiveTasks(trx, [input.id]);
    if (input.expectedVersion !== undefined && input.expectedVersion !== task!.version) {
      throw new AppError('CONFLICT', `任务 ${task!.code} 已被其他人修改（版本 ${task!.version}），请刷新后再修改。`);
    }
    const startDate = input.startDate !== undefined ? input.startDate : task!.startDate;
    const deadline = input.deadline !== undefined ? input.deadline : task!.deadline;
    checkTaskDates(task!, startDate, deadline);

    const changes: string[] = [];
    if (input.text !== undefined && input.text !== task!.text) changes.push('任务内容');
    if (input.standard !== undefined) changes.push('完成标准');
    if (input.note !== undefined) changes.push('备注');
    if (input.startDate !== undefined && input.startDate !== task!.startDate) changes.push(`开始日期→${input.startDate ?? '规划起始'}`);
    if (input.deadline !== undefined && input.deadline !== task!.deadline) changes.push(`完成时限→${input.deadline ?? '规划期末'}`);
    if (changes.length === 0) return;

    await trx
      .updateTable('tasks')
      .set({
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.standard !== undefined ? { standard: input.standard } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        start_date: startDate,
        deadline,
        version: task!.version + 1,
        updated_at: now(),
      })
      .where('id', '=', input.id)
      .execute();
    await refreshTaskLights(trx, [input.id]);
    await recordTaskEvent(trx, { taskId: input.id, kind: 'edited', summary: `修改：${changes.join('、')}`, actor });
  });
}

export async function addTask(db: Kysely<Database>, actor: Actor, input: { measureId: number; text: string }): Promise<{ id: number; code: string }> {
  requireOffice(actor, '新增任务');
  return db.transaction().execute(async (trx) => {
    const measure = await trx.selectFrom('measures').select(['id', 'plan_id']).where('id', '=', input.measureId).executeTakeFirst();
    if (!measure) throw new AppError('NOT_FOUND', `找不到编号为 ${input.measureId} 的措施。`);
    const created = await insertTask(trx, { planId: measure.plan_id, measureId: measure.id, text: input.text, origin: 'added' });
    await recordTaskEvent(trx, { taskId: created.id, kind: 'created', summary: `新增任务 ${created.code}`, actor });
    return created;
  });
}

export async function splitTask(db: Kysely<Database>, actor: Actor, input: { id: number; parts: string[] }): Promise<{ id: number; code: string }[]> {
  requireOffice(actor, '拆分任务');
  if (input.parts.length < 2) throw new AppError('INVALID_INPUT', '拆分至少需要两项新任务。');
  return db.transaction().execute(async (trx) => {
    const [task] = await loadLiveTasks(trx, [input.id]);
    const created: { id: number; code: string }[] = [];
    for (const text of input.parts) {
      const child = await insertTask(trx, { planId: task!.planId, measureId: task!.measureId, text, origin: 'split', inheritFrom: [task!.id] });
      await trx.insertInto('task_lineage').values({ parent_task_id: task!.id, child_task_id: child.id, kind: 'split' }).execute();
      await recordTaskEvent(trx, { taskId: child.id, kind: 'created', summary: `由任务 ${task!.code} 拆分而来`, actor });
      created.push(child);
    }
    await retire(trx, task!.id);
    await recordTaskEvent(trx, {
      taskId: task!.id,
      kind: 'split',
      summary: `拆分为 ${created.map((c) => c.code).join('、')}，原任务撤销`,
      actor,
    });
    return created;
  });
}

export async function mergeTasks(db: Kysely<Database>, actor: Actor, input: { ids: number[]; text: string }): Promise<{ id: number; code: string }> {
  requireOffice(actor, '合并任务');
  if (new Set(input.ids).size < 2) throw new AppError('INVALID_INPUT', '合并至少需要选择两项不同的任务。');
  return db.transaction().execute(async (trx) => {
    const tasks = await loadLiveTasks(trx, input.ids);
    const measureIds = new Set(tasks.map((t) => t.measureId));
    if (measureIds.size > 1) {
      throw new AppError('INVALID_INPUT', `只能合并同一项措施下的任务（所选任务 ${tasks.map((t) => t.code).join('、')} 分属不同措施）。`);
    }
    const first = tasks[0]!;
    const merged = await insertTask(trx, {
      planId: first.planId,
      measureId: first.measureId,
      text: input.text,
      origin: 'merged',
      inheritFrom: tasks.map((t) => t.id),
    });
    for (const task of tasks) {
      await trx.insertInto('task_lineage').values({ parent_task_id: task.id, child_task_id: merged.id, kind: 'merged' }).execute();
      await retire(trx, task.id);
      await recordTaskEvent(trx, { taskId: task.id, kind: 'merged', summary: `并入任务 ${merged.code}，原任务撤销`, actor });
    }
    await recordTaskEvent(trx, {
      taskId: merged.id,
      kind: 'created',
      summary: `由任务 ${tasks.map((t) => t.code).join('、')} 合并而来`,
      actor,
    });
    return merged;
  });
}

export async function retireTask(db: Kysely<Database>, actor: Actor, input: { id: number; reason: string }): Promise<void> {
  requireOffice(actor, '撤销任务');
  await db.transaction().execute(async (trx) => {
    const [task] = await loadLiveTasks(trx, [input.id]);
    await retire(trx, task!.id);
    await recordTaskEvent(trx, { taskId: task!.id, kind: 'retired', summary: `撤销任务：${input.reason}`, actor });
  });
}

async function retire(trx: Transaction<Database>, taskId: number): Promise<void> {
  const stamp = now();
  await trx.updateTable('tasks').set((eb) => ({ retired_at: stamp, updated_at: stamp, version: eb('version', '+', 1) })).where('id', '=', taskId).execute();
}

/**
 * Inserts a task with the next free code. A task made from others inherits their assignment: the first
 * one's lead unit, dates and standard, and every cooperating unit of all of them.
 */
async function insertTask(
  trx: Transaction<Database>,
  input: { planId: number; measureId: number; text: string; origin: 'added' | 'split' | 'merged'; inheritFrom?: number[] },
): Promise<{ id: number; code: string }> {
  const { seq, code } = await allocateTaskCode(trx, input.measureId);
  const sources = input.inheritFrom ?? [];
  const first = sources.length
    ? await trx.selectFrom('tasks').select(['lead_unit_id', 'start_date', 'deadline', 'standard']).where('id', '=', sources[0]!).executeTakeFirst()
    : undefined;
  const { id } = await trx
    .insertInto('tasks')
    .values({
      plan_id: input.planId,
      measure_id: input.measureId,
      seq,
      code,
      text: input.text,
      origin: input.origin,
      lead_unit_id: first?.lead_unit_id ?? null,
      start_date: first?.start_date ?? null,
      deadline: first?.deadline ?? null,
      standard: first?.standard ?? '',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Its light: inherited dates and lead unit light it from the start.
  await refreshTaskLights(trx, [id]);
  if (sources.length > 0) {
    const cooperators = await trx.selectFrom('task_cooperators').select('unit_id').distinct().where('task_id', 'in', sources).execute();
    const units = cooperators.map((c) => c.unit_id).filter((unitId) => unitId !== first?.lead_unit_id);
    if (units.length > 0) await trx.insertInto('task_cooperators').values(units.map((unitId) => ({ task_id: id, unit_id: unitId }))).execute();
  }
  return { id, code };
}
