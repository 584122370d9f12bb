import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../api/access';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';
import { idList } from '../db/sql-forms';
import { planDateRange } from '../rules/plan-period';

/** Checks shared by the task services: who may do what, and which dates a plan allows. */

export interface Actor {
  role: Role;
  unitId: number;
  label: string;
}

type Db = Kysely<Database> | Transaction<Database>;

export function requireOffice(actor: Actor, what: string): void {
  if (actor.role !== 'office') {
    throw new AppError('FORBIDDEN', `只有领导小组办公室可以${what}。当前使用身份为“${actor.label}”，可在“设置”中切换。`);
  }
}

/** A unit may report on, and tick off, only the tasks it leads or cooperates on; the office on any. */
export async function requireInvolved(db: Db, actor: Actor, taskId: number): Promise<void> {
  if (actor.role === 'office') return;
  const involved = await db
    .selectFrom('tasks')
    .select('tasks.id')
    .where('tasks.id', '=', taskId)
    .where((eb) =>
      eb.or([
        eb('tasks.lead_unit_id', '=', actor.unitId),
        eb('tasks.id', 'in', eb.selectFrom('task_cooperators').select('task_id').where('unit_id', '=', actor.unitId)),
      ]),
    )
    .executeTakeFirst();
  if (!involved) notInvolved(actor);
}

function notInvolved(actor: Actor): never {
  throw new AppError('FORBIDDEN', `“${actor.label}”不是该任务的牵头或配合单位，不能填报或勾选。`);
}

/**
 * `requireInvolved` for many reports at once: `cooperating` holds the task–unit pairs of `loadCooperation`, the
 * task its lead unit (`loadTaskHeads`).
 */
export function requireInvolvedIn(actor: Actor, task: Pick<TaskHead, 'id' | 'leadUnitId'>, cooperating: ReadonlySet<string>): void {
  if (actor.role === 'office' || task.leadUnitId === actor.unitId || cooperating.has(cooperationKey(task.id, actor.unitId))) return;
  notInvolved(actor);
}

export const cooperationKey = (taskId: number, unitId: number): string => `${taskId}:${unitId}`;

/** The cooperating units of `taskIds`, as keys for `requireInvolvedIn`. */
export async function loadCooperation(db: Db, taskIds: readonly number[]): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  // By task only: filtering by the reporting units as well made SQLite probe every unit–task pair.
  const rows = await db.selectFrom('task_cooperators').select(['task_id', 'unit_id']).where('task_id', 'in', idList(taskIds)).execute();
  return new Set(rows.map((row) => cooperationKey(row.task_id, row.unit_id)));
}

export interface LiveTask {
  id: number;
  code: string;
  text: string;
  planId: number;
  measureId: number;
  version: number;
  startDate: string | null;
  deadline: string | null;
  periodStart: number;
  periodEnd: number;
  outlookYear: number | null;
}

/** What a progress report's checks need of its task: a batch of thousands reads only these. */
export interface TaskHead {
  id: number;
  code: string;
  planId: number;
  leadUnitId: number | null;
  retiredAt: string | null;
}

/** Tasks by id, retired ones included; `liveTask` then says which one may not be reported on, in the caller's order. */
export async function loadTaskHeads(db: Db, taskIds: readonly number[]): Promise<Map<number, TaskHead>> {
  const unique = [...new Set(taskIds)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('tasks').select(['id', 'code', 'plan_id', 'lead_unit_id', 'retired_at']).where('id', 'in', idList(unique)).execute();
  return new Map(rows.map((row) => [row.id, { id: row.id, code: row.code, planId: row.plan_id, leadUnitId: row.lead_unit_id, retiredAt: row.retired_at }]));
}

/** The task, if it exists and is still live (not retired); otherwise the error that explains which one is not. */
export function liveTask<Task extends { code: string; retiredAt: string | null }>(tasks: ReadonlyMap<number, Task>, id: number): Task {
  const task = tasks.get(id);
  if (!task) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的任务，请刷新后重试。`);
  if (task.retiredAt) throw new AppError('CONFLICT', `任务 ${task.code} 已撤销（拆分、合并或停止执行），不能再修改。`);
  return task;
}

/** Loads tasks that are still live (not retired), or explains which one is not. */
export async function loadLiveTasks(db: Db, taskIds: number[]): Promise<LiveTask[]> {
  const unique = [...new Set(taskIds)];
  const rows = await db
    .selectFrom('tasks')
    .innerJoin('plans', 'plans.id', 'tasks.plan_id')
    .select([
      'tasks.id',
      'tasks.code',
      'tasks.text',
      'tasks.plan_id',
      'tasks.measure_id',
      'tasks.version',
      'tasks.start_date',
      'tasks.deadline',
      'tasks.retired_at',
      'plans.period_start',
      'plans.period_end',
      'plans.outlook_year',
    ])
    .where('tasks.id', 'in', idList(unique))
    .execute();
  const byId = new Map(rows.map((row) => [row.id, { ...row, retiredAt: row.retired_at }]));
  return unique.map((id) => {
    const row = liveTask(byId, id);
    return {
      id: row.id,
      code: row.code,
      text: row.text,
      planId: row.plan_id,
      measureId: row.measure_id,
      version: row.version,
      startDate: row.start_date,
      deadline: row.deadline,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      outlookYear: row.outlook_year,
    };
  });
}

/** The plan's date range has one owner (plan-period.ts); kept here under its old name for the task services. */
export { planDateRange };

export function checkTaskDates(task: LiveTask, startDate: string | null, deadline: string | null): void {
  const { first, last } = planDateRange(task);
  for (const [label, date] of [
    ['完成时限', deadline],
    ['开始日期', startDate],
  ] as const) {
    if (date === null) continue;
    if (date < first) throw new AppError('INVALID_INPUT', `任务 ${task.code} 的${label}（${date}）早于规划开始时间（${first}），请重新填写。`);
    if (date > last) throw new AppError('INVALID_INPUT', `任务 ${task.code} 的${label}（${date}）晚于规划展望期末（${last}），请重新填写。`);
  }
  const effectiveStart = startDate ?? first;
  if (deadline !== null && deadline < effectiveStart) {
    throw new AppError('INVALID_INPUT', `任务 ${task.code} 的完成时限（${deadline}）早于开始日期（${effectiveStart}）。`);
  }
}

/** The next free code under a measure. The counter only grows, so a retired task's code is never reused. */
export async function allocateTaskCode(trx: Db, measureId: number): Promise<{ seq: number; code: string }> {
  const measure = await trx.selectFrom('measures').select(['code', 'next_task_seq']).where('id', '=', measureId).executeTakeFirst();
  if (!measure) throw new AppError('NOT_FOUND', `找不到编号为 ${measureId} 的措施。`);
  await trx.updateTable('measures').set({ next_task_seq: measure.next_task_seq + 1 }).where('id', '=', measureId).execute();
  return { seq: measure.next_task_seq, code: `${measure.code}.${measure.next_task_seq}` };
}

export async function requireActiveUnits(db: Db, unitIds: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(unitIds)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name', 'retired_at']).where('id', 'in', unique).execute();
  for (const id of unique) {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new AppError('INVALID_INPUT', `找不到编号为 ${id} 的单位，请刷新单位名单后重试。`);
    if (row.retired_at) throw new AppError('INVALID_INPUT', `单位“${row.name}”已撤销，不能再分配任务。`);
  }
  return new Map(rows.map((row) => [row.id, row.name]));
}
