import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { ProblemRow, ProblemState } from '../api/problems.types';
import type { Database } from '../db/database.types';
import { requireActiveUnits, requireOffice, type Actor } from '../tasks/task-rules';

/**
 * The problem register: 存在问题 and 需协调事项 raised in reports are tracked with an owner until solved. The office
 * marks a problem major to put it on the 重大问题清单 for 省委、省政府, where it stays until resolved.
 */

export interface ProblemFilter {
  planId?: number | undefined;
  state?: ProblemState | undefined;
  /** The 重大问题清单: major problems not yet solved. */
  majorOpenOnly?: boolean | undefined;
  unitId?: number | undefined;
}

export async function listProblems(db: Kysely<Database>, filter: ProblemFilter): Promise<ProblemRow[]> {
  let query = db
    .selectFrom('problems')
    .innerJoin('tasks', 'tasks.id', 'problems.task_id')
    .innerJoin('units as owner', 'owner.id', 'problems.owner_unit_id')
    .selectAll('problems')
    .select(['tasks.code as task_code', 'tasks.text as task_text', 'tasks.lead_unit_id', 'owner.name as owner_name'])
    .orderBy('problems.id', 'desc');
  if (filter.planId !== undefined) query = query.where('problems.plan_id', '=', filter.planId);
  if (filter.state !== undefined) query = query.where('problems.state', '=', filter.state);
  if (filter.unitId !== undefined) query = query.where('problems.owner_unit_id', '=', filter.unitId);
  if (filter.majorOpenOnly) query = query.where('problems.is_major', '=', 1).where('problems.state', '<>', 'solved');
  const rows = await query.execute();
  if (rows.length === 0) return [];

  // The units concerned are the task's lead and cooperating units (one query for all rows).
  const taskIds = [...new Set(rows.map((row) => row.task_id))];
  const [leads, cooperators] = await Promise.all([
    db.selectFrom('tasks').innerJoin('units', 'units.id', 'tasks.lead_unit_id').select(['tasks.id', 'units.name']).where('tasks.id', 'in', taskIds).execute(),
    db
      .selectFrom('task_cooperators')
      .innerJoin('units', 'units.id', 'task_cooperators.unit_id')
      .select(['task_cooperators.task_id', 'units.name'])
      .where('task_cooperators.task_id', 'in', taskIds)
      .orderBy('units.seq')
      .execute(),
  ]);
  // Grouped once by task: a plan's register holds tens of thousands of problems at province scale, and searching
  // the lists for every row made the page take seconds (bench/).
  const concerned = new Map<number, string[]>();
  for (const unit of [...leads.map((l) => ({ taskId: l.id, name: l.name })), ...cooperators.map((c) => ({ taskId: c.task_id, name: c.name }))]) {
    const names = concerned.get(unit.taskId);
    if (names) names.push(unit.name);
    else concerned.set(unit.taskId, [unit.name]);
  }
  return rows.map((row) => ({
    id: row.id,
    planId: row.plan_id,
    kind: row.kind as ProblemRow['kind'],
    text: row.text,
    taskId: row.task_id,
    taskCode: row.task_code,
    taskText: row.task_text,
    ownerUnitId: row.owner_unit_id,
    ownerUnitName: row.owner_name,
    concernedUnits: [...(concerned.get(row.task_id) ?? [])],
    state: row.state as ProblemState,
    isMajor: row.is_major === 1,
    majorNote: row.major_note,
    majorAt: row.major_at,
    resolution: row.resolution,
    createdAt: row.created_at,
    solvedAt: row.solved_at,
  }));
}

export async function updateProblem(
  db: Kysely<Database>,
  actor: Actor,
  input: { id: number; state?: ProblemState | undefined; ownerUnitId?: number | undefined; resolution?: string | undefined },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const problem = await trx.selectFrom('problems').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!problem) throw new AppError('NOT_FOUND', '找不到该问题，请刷新后重试。');
    if (actor.role !== 'office' && actor.unitId !== problem.owner_unit_id) {
      throw new AppError('FORBIDDEN', '只有问题的责任单位或领导小组办公室可以更新该问题。');
    }
    if (input.ownerUnitId !== undefined) {
      requireOffice(actor, '更换问题的责任单位');
      await requireActiveUnits(trx, [input.ownerUnitId]);
    }
    const resolution = input.resolution ?? problem.resolution;
    if (input.state === 'solved' && resolution.trim().length === 0) {
      throw new AppError('INVALID_INPUT', '标记为“已解决”时，请写明解决情况。');
    }
    const steps: string[] = [];
    if (input.state && input.state !== problem.state) steps.push(`状态改为${{ open: '待解决', in_progress: '解决中', solved: '已解决' }[input.state]}`);
    if (input.ownerUnitId !== undefined && input.ownerUnitId !== problem.owner_unit_id) steps.push('更换责任单位');
    if (input.resolution !== undefined && input.resolution !== problem.resolution) steps.push('更新解决情况');
    await trx
      .updateTable('problems')
      .set({
        ...(input.state ? { state: input.state, solved_at: input.state === 'solved' ? new Date().toISOString() : null } : {}),
        ...(input.ownerUnitId !== undefined ? { owner_unit_id: input.ownerUnitId } : {}),
        resolution,
      })
      .where('id', '=', input.id)
      .execute();
    if (steps.length > 0) {
      await trx.insertInto('problem_steps').values({ problem_id: input.id, action: steps.join('；'), note: input.resolution ?? '', actor: actor.label }).execute();
    }
  });
}

export async function setProblemMajor(db: Kysely<Database>, actor: Actor, input: { id: number; major: boolean; note: string }): Promise<void> {
  requireOffice(actor, '确定重大问题');
  await db.transaction().execute(async (trx) => {
    const problem = await trx.selectFrom('problems').select(['id', 'state']).where('id', '=', input.id).executeTakeFirst();
    if (!problem) throw new AppError('NOT_FOUND', '找不到该问题，请刷新后重试。');
    if (input.major && problem.state === 'solved') throw new AppError('CONFLICT', '该问题已解决，不能再列入重大问题清单。');
    await trx
      .updateTable('problems')
      .set({ is_major: input.major ? 1 : 0, major_note: input.note, major_at: input.major ? new Date().toISOString() : null })
      .where('id', '=', input.id)
      .execute();
    await trx
      .insertInto('problem_steps')
      .values({ problem_id: input.id, action: input.major ? '列入重大问题清单' : '移出重大问题清单', note: input.note, actor: actor.label })
      .execute();
  });
}
