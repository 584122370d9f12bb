import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { registerProblem } from './problem-register.service';
import { listProblems } from './problems.service';

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(() => t.dispose());

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('登记问题 on the problem register', () => {
  it('the lead unit registers a problem without a report; the register shows it owned by that unit, open', async () => {
    const commerce = await t.unitId('省商务厅');
    const taskId = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: commerce, cooperatorUnitIds: [await t.unitId('太原市')] });

    await registerProblem(t.db, await t.actorFor('省商务厅'), { taskId, kind: '需协调事项', text: '  园区用地指标不足，需省自然资源厅协调  ' });
    const [row] = await listProblems(t.db, {});
    expect(row).toMatchObject({ taskCode: '4.1.1.1', kind: '需协调事项', text: '园区用地指标不足，需省自然资源厅协调', ownerUnitName: '省商务厅', state: 'open', isMajor: false });
    const steps = await t.db.selectFrom('problem_steps').select(['action', 'actor']).execute();
    expect(steps).toEqual([{ action: '登记问题', actor: '省商务厅（经办人）' }]);
  });

  it('the office registers one for a task, owned by the task\'s lead unit', async () => {
    const commerce = await t.unitId('省商务厅');
    const taskId = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: commerce });
    await registerProblem(t.db, t.office, { taskId, kind: '存在问题', text: '项目落地慢' });
    expect((await listProblems(t.db, { unitId: commerce })).map((p) => p.text)).toEqual(['项目落地慢']);
  });

  it('refuses a cooperating or unrelated unit, and a task with no lead unit yet, saying why; nothing is stored', async () => {
    const taskId = await t.taskId('4.1.1.1');
    const unassigned = await refusal(registerProblem(t.db, t.office, { taskId, kind: '存在问题', text: '无人负责' }));
    expect(unassigned.message).toBe('任务 4.1.1.1 尚未分配牵头单位，请先分配后再登记问题。');

    await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('省商务厅'), cooperatorUnitIds: [await t.unitId('太原市')] });
    for (const unit of ['太原市', '大同市']) {
      const refused = await refusal(registerProblem(t.db, await t.actorFor(unit), { taskId, kind: '存在问题', text: '越权登记' }));
      expect(refused.code).toBe('FORBIDDEN');
      expect(refused.message).toContain('4.1.1.1 的牵头单位');
    }
    expect(await listProblems(t.db, {})).toEqual([]);
  });
});
