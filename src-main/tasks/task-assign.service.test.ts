import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { assignTasks, setMilestoneDone, setTaskTargets } from './task-assign.service';
import { getTaskDetail, listTasks } from './task-query';
import { DEFAULT_WARNING_THRESHOLDS } from './task-warning';

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(() => t.dispose());

const today = '2024-06-30';

describe('assigning tasks (落实主体责任)', () => {
  it('assigns a batch to one lead unit with a deadline and milestones, and 我的任务 shows exactly those', async () => {
    const commerce = await t.unitId('省商务厅');
    const cities = [await t.unitId('太原市'), await t.unitId('大同市')];
    const taskIds = [await t.taskId('4.1.1.1'), await t.taskId('4.1.1.2'), await t.taskId('4.1.2.1')];
    await assignTasks(t.db, t.office, {
      taskIds,
      leadUnitId: commerce,
      cooperatorUnitIds: cities,
      deadline: '2025-12-31',
      milestones: [
        { year: 2024, title: '完成对接方案', dueDate: '2024-12-31' },
        { year: 2025, title: '全面完成', dueDate: '2025-12-31' },
      ],
    });
    const lead = await listTasks(t.db, { unitId: commerce, unitRole: 'lead' }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(lead.rows.map((r) => r.code)).toEqual(['4.1.1.1', '4.1.1.2', '4.1.2.1']);
    expect(lead.rows.every((r) => r.deadline === '2025-12-31' && r.milestoneCount === 2)).toBe(true);
    const cooperating = await listTasks(t.db, { unitId: cities[0], unitRole: 'cooperating' }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(cooperating.total).toBe(3);
    expect(lead.byStatus['未启动']).toBe(3);

    const detail = await getTaskDetail(t.db, taskIds[0]!, today, DEFAULT_WARNING_THRESHOLDS);
    expect(detail.events[0]!.summary).toContain('牵头单位：省商务厅');
    expect(detail.events[0]!.actor).toContain('领导小组办公室');
  });

  it('keeps a unit from being both lead and cooperating', async () => {
    const commerce = await t.unitId('省商务厅');
    const id = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [id], leadUnitId: commerce, cooperatorUnitIds: [commerce, await t.unitId('太原市')] });
    const detail = await getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS);
    expect(detail.cooperators.map((u) => u.name)).toEqual(['太原市']);
  });

  it('refuses a deadline before the plan starts, a milestone outside its year, and changes nothing', async () => {
    const ids = [await t.taskId('4.1.1.1'), await t.taskId('4.1.1.2')];
    const before = await t.db.selectFrom('tasks').select(['id', 'deadline', 'version']).where('id', 'in', ids).execute();
    await expect(assignTasks(t.db, t.office, { taskIds: ids, deadline: '2020-12-31' })).rejects.toThrow(/早于规划开始时间（2021-01-01）/);
    await expect(
      assignTasks(t.db, t.office, { taskIds: ids, leadUnitId: await t.unitId('省商务厅'), milestones: [{ year: 2024, title: '阶段', dueDate: '2025-03-01' }] }),
    ).rejects.toThrow(/应在同一年内/);
    expect(await t.db.selectFrom('tasks').select(['id', 'deadline', 'version']).where('id', 'in', ids).execute()).toEqual(before);
    expect(await t.db.selectFrom('milestones').selectAll().execute()).toEqual([]);
  });

  it('ticking a milestone records who and when, and only involved units may tick', async () => {
    const commerce = await t.unitId('省商务厅');
    const id = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [id], leadUnitId: commerce, milestones: [{ year: 2024, title: '完成对接方案', dueDate: '2024-12-31' }] });
    const [milestone] = (await getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS)).milestones;

    const outsider = await t.actorFor('大同市');
    const refused = await setMilestoneDone(t.db, outsider, { milestoneId: milestone!.id, done: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('FORBIDDEN');

    await setMilestoneDone(t.db, await t.actorFor('省商务厅'), { milestoneId: milestone!.id, done: true });
    const ticked = (await getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS)).milestones[0]!;
    expect(ticked.doneBy).toBe('省商务厅（经办人）');
    expect(ticked.doneAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('stores quantified targets within the plan period', async () => {
    const id = await t.taskId('3.1.1.1');
    await setTaskTargets(t.db, t.office, { taskId: id, targets: [{ description: '外送电量', value: 1500, unitOfMeasure: '亿千瓦时', year: 2025 }] });
    expect((await getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS)).targets).toMatchObject([{ description: '外送电量', value: 1500, unitOfMeasure: '亿千瓦时', year: 2025 }]);
    await expect(setTaskTargets(t.db, t.office, { taskId: id, targets: [{ description: '外送电量', value: 1, unitOfMeasure: '亿千瓦时', year: 2040 }] })).rejects.toThrow(/不在规划期/);
  });
});

describe('finding tasks', () => {
  it('finds two-character queries such as 高铁 (below the trigram minimum) and longer ones through the index', async () => {
    const short = await listTasks(t.db, { search: '高铁' }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(short.rows.length).toBe(3);
    expect(short.rows.every((r) => r.text.includes('高铁'))).toBe(true);
    const long = await listTasks(t.db, { search: '清洁能源' }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(long.rows.map((r) => r.code)).toEqual(expect.arrayContaining(['3.1.1.1', '3.1.1.4', '3.1.1.5']));
    expect(long.rows.every((r) => r.text.includes('清洁能源') || r.measureTitle.includes('清洁能源'))).toBe(true);
  });

  it('treats LIKE wildcards and FTS syntax in a query as plain text', async () => {
    expect((await listTasks(t.db, { search: '%' }, today, DEFAULT_WARNING_THRESHOLDS)).total).toBe(0);
    expect((await listTasks(t.db, { search: '" OR *' }, today, DEFAULT_WARNING_THRESHOLDS)).total).toBe(0);
  });

  it('filters by region, chapter, status and warning, and sorts', async () => {
    const region = await listTasks(t.db, { region: '大湾区' }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(region.total).toBe(42);
    expect(region.rows.every((r) => r.code.startsWith('5.'))).toBe(true);
    const red = await listTasks(t.db, { lights: ['red'] }, today, DEFAULT_WARNING_THRESHOLDS);
    // Nothing reported by mid-2024: every task is still 未启动 long after the plan began.
    expect(red.total).toBe(270);
    const ascending = await listTasks(t.db, { region: '长三角' }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(ascending.rows.slice(0, 2).map((r) => r.code)).toEqual(['4.1.1.1', '4.1.1.2']);
    const descending = await listTasks(t.db, { region: '长三角', sort: { field: 'code', order: 'desc' } }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(descending.rows.map((r) => r.code)).toEqual(ascending.rows.map((r) => r.code).reverse());
    const chapterSeven = await t.db.selectFrom('chapters').select('id').where('code', '=', '7').executeTakeFirstOrThrow();
    expect((await listTasks(t.db, { chapterId: chapterSeven.id }, today, DEFAULT_WARNING_THRESHOLDS)).total).toBe(31);
  });
});
