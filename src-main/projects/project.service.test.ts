import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { listProjects, reportProject, saveProject, type ProjectInput } from './project.service';

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(async () => t.dispose());

async function project(patch: Partial<ProjectInput> = {}): Promise<ProjectInput> {
  return {
    planId: t.planId,
    name: '晋冀蒙能源外送通道',
    stage: '前期',
    plannedInvestment: 120,
    completedInvestment: 0,
    startDate: '2022-03-01',
    finishDate: '2025-12-31',
    leadUnitId: await t.unitId('省能源局'),
    taskIds: [await t.taskId('3.1.1.1'), await t.taskId('3.1.1.2')],
    ...patch,
  };
}

describe('major projects', () => {
  it('creates a project linked to tasks and lists it with filters', async () => {
    const { id, warnings } = await saveProject(t.db, t.office, await project());
    expect(warnings).toEqual([]);
    await saveProject(t.db, t.office, await project({ name: '大同—北京高铁配套', stage: '在建', leadUnitId: await t.unitId('大同市'), taskIds: [] }));
    const all = await listProjects(t.db, { planId: t.planId });
    expect(all.map((p) => p.name)).toEqual(['晋冀蒙能源外送通道', '大同—北京高铁配套']);
    expect(all[0]).toMatchObject({ id, stage: '前期', plannedInvestment: 120, leadUnit: { name: '省能源局' } });
    expect(all[0]!.tasks.map((task) => task.code)).toEqual(['3.1.1.1', '3.1.1.2']);
    expect((await listProjects(t.db, { planId: t.planId, stage: '在建' })).map((p) => p.name)).toEqual(['大同—北京高铁配套']);
    expect((await listProjects(t.db, { planId: t.planId, taskId: await t.taskId('3.1.1.2') })).map((p) => p.name)).toEqual(['晋冀蒙能源外送通道']);
    expect((await listProjects(t.db, { planId: t.planId, search: '高铁' })).map((p) => p.name)).toEqual(['大同—北京高铁配套']);
    expect((await listProjects(t.db, { planId: t.planId, leadUnitId: await t.unitId('省能源局') })).length).toBe(1);

    // Saving again replaces the links.
    await saveProject(t.db, t.office, await project({ id, taskIds: [await t.taskId('3.1.1.3')] }));
    expect((await listProjects(t.db, { planId: t.planId }))[0]!.tasks.map((task) => task.code)).toEqual(['3.1.1.3']);
  });

  it('refuses bad projects in Chinese, and flags completed above planned as a warning only', async () => {
    await expect(saveProject(t.db, t.office, await project({ plannedInvestment: -1 }))).rejects.toThrow('计划总投资不能为负数');
    await expect(saveProject(t.db, t.office, await project({ completedInvestment: -0.5 }))).rejects.toThrow('已完成投资不能为负数');
    await expect(saveProject(t.db, t.office, await project({ startDate: '2024-01-01', finishDate: '2023-12-31' }))).rejects.toThrow(
      '完工日期（2023-12-31）早于开工日期（2024-01-01）',
    );
    await expect(saveProject(t.db, t.office, await project({ stage: '施工' as never }))).rejects.toThrow('项目阶段“施工”无效');
    await expect(saveProject(t.db, t.office, await project({ taskIds: [999_999] }))).rejects.toThrow('找不到本规划中编号为 999999 的任务');
    await expect(saveProject(t.db, await t.actorFor('大同市'), await project())).rejects.toThrow('只有领导小组办公室可以维护重大项目');
    const saved = await saveProject(t.db, t.office, await project({ completedInvestment: 150 }));
    expect(saved.warnings).toEqual(['项目“晋冀蒙能源外送通道”已完成投资 150 亿元，超过计划总投资 120 亿元，请核实。']);
    await expect(saveProject(t.db, t.office, await project())).rejects.toThrow('已有名为“晋冀蒙能源外送通道”的项目');
    expect(await t.db.selectFrom('projects').select('id').execute()).toHaveLength(1);
  });

  it('a report by the lead unit moves stage and investment and is filed under the open round', async () => {
    const { id } = await saveProject(t.db, t.office, await project());
    const lead = await t.actorFor('省能源局');
    const first = await reportProject(t.db, lead, { projectId: id, stage: '在建', completedInvestment: 30, progress: '主体工程开工' });
    expect(first.roundId).toBeNull();

    const { id: roundId } = await t.db
      .insertInto('rounds')
      .values({ plan_id: t.planId, name: '2024年第三季度调度', period_start: '2024-07-01', period_end: '2024-09-30', due_date: '2024-10-10', opened_by: 'test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const second = await reportProject(t.db, lead, { projectId: id, stage: '在建', completedInvestment: 130, progress: '追加投资' });
    expect(second).toMatchObject({ roundId, warnings: [expect.stringContaining('超过计划总投资 120 亿元')] });

    const [row] = await listProjects(t.db, { planId: t.planId });
    expect(row).toMatchObject({ stage: '在建', completedInvestment: 130, warnings: [expect.stringContaining('请核实')] });
    expect(row!.reports.map((r) => [r.completedInvestment, r.roundName, r.unitName])).toEqual([
      [130, '2024年第三季度调度', '省能源局'],
      [30, null, '省能源局'],
    ]);
    await expect(reportProject(t.db, await t.actorFor('大同市'), { projectId: id, stage: '在建', completedInvestment: 1, progress: '' })).rejects.toThrow(
      '不是项目“晋冀蒙能源外送通道”的牵头单位',
    );
    await expect(reportProject(t.db, lead, { projectId: id, stage: '在建', completedInvestment: -1, progress: '' })).rejects.toThrow('已完成投资不能为负数');
  });
});
