import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { ProblemRow } from '../api/problems.types';
import type { Database } from '../db/database.types';
import { recordTaskEvent } from '../tasks/task-events';
import { loadLiveTasks, type Actor } from '../tasks/task-rules';

export interface NewProblem {
  taskId: number;
  kind: ProblemRow['kind'];
  text: string;
}

/**
 * 登记问题 on the register without a progress report: owned by the task's lead unit, who (or the office) enters it.
 * A cooperating unit raises its problems through its report instead, so ownership never lands on a unit that
 * cannot answer for the task.
 */
export async function registerProblem(db: Kysely<Database>, actor: Actor, input: NewProblem): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    const [task] = await loadLiveTasks(trx, [input.taskId]);
    const { lead_unit_id: leadUnitId } = await trx.selectFrom('tasks').select('lead_unit_id').where('id', '=', input.taskId).executeTakeFirstOrThrow();
    if (leadUnitId === null) throw new AppError('CONFLICT', `任务 ${task!.code} 尚未分配牵头单位，请先分配后再登记问题。`);
    if (actor.role !== 'office' && actor.unitId !== leadUnitId) {
      throw new AppError('FORBIDDEN', `只有任务 ${task!.code} 的牵头单位或领导小组办公室可以登记该任务的问题。`);
    }
    const text = input.text.trim();
    if (text.length === 0) throw new AppError('INVALID_INPUT', '问题描述不能为空。');
    const { id } = await trx
      .insertInto('problems')
      .values({ plan_id: task!.planId, task_id: task!.id, report_id: null, kind: input.kind, text, owner_unit_id: leadUnitId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('problem_steps').values({ problem_id: id, action: '登记问题', note: text, actor: actor.label }).execute();
    await recordTaskEvent(trx, { taskId: task!.id, kind: 'problem_registered', summary: `登记${input.kind}：${text}`, actor });
    return { id };
  });
}
