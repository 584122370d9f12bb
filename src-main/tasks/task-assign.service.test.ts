import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { assignTasks, setMilestoneDone, setTaskTargets } from './task-assign.service';
import { getTaskDetail, listTasks } from './task-query';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';

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

  it('a selection of tasks with different lead units: each keeps its own lead, drops it from the units added, starts when first given one', async () => {
    const [commerce, taiyuan, datong] = [await t.unitId('省商务厅'), await t.unitId('太原市'), await t.unitId('大同市')];
    const [led, other, unassigned] = [await t.taskId('4.1.1.1'), await t.taskId('4.1.1.2'), await t.taskId('4.1.2.1')];
    await assignTasks(t.db, t.office, { taskIds: [led], leadUnitId: commerce }, '2023-01-10');
    await assignTasks(t.db, t.office, { taskIds: [other], leadUnitId: taiyuan }, '2023-02-10');
    const versions = async () => new Map((await t.db.selectFrom('tasks').select(['id', 'version']).where('id', 'in', [led, other, unassigned]).execute()).map((r) => [r.id, r.version]));
    const before = await versions();

    // No lead named: the cooperators added go to every selected task except where that unit leads it.
    await assignTasks(t.db, t.office, { taskIds: [led, other, unassigned], addCooperatorUnitIds: [taiyuan, datong], milestones: [{ year: 2024, title: '完成对接方案', dueDate: '2024-12-31' }] }, today);
    const details = await Promise.all([led, other, unassigned].map((id) => getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS)));
    expect(details.map((d) => [d.leadUnit?.name ?? null, d.cooperators.map((u) => u.name), d.milestones.map((m) => m.title)])).toEqual([
      ['省商务厅', ['太原市', '大同市'], ['完成对接方案']],
      ['太原市', ['大同市'], ['完成对接方案']],
      [null, ['太原市', '大同市'], ['完成对接方案']],
    ]);
    // A task given no lead here keeps starting with the plan (no start of its own is written).
    const starts = await t.db.selectFrom('tasks').select(['id', 'start_date']).where('id', 'in', [led, other, unassigned]).execute();
    expect([led, other, unassigned].map((id) => starts.find((r) => r.id === id)!.start_date)).toEqual(['2023-01-10', '2023-02-10', null]);
    const after = await versions();
    expect([led, other, unassigned].map((id) => after.get(id)! - before.get(id)!)).toEqual([1, 1, 1]);
    expect(details.map((d) => d.events[0]!.summary)).toEqual([
      '增加配合单位：太原市、大同市；新增阶段目标 1 项',
      '增加配合单位：太原市、大同市；新增阶段目标 1 项',
      '增加配合单位：太原市、大同市；新增阶段目标 1 项',
    ]);

    // A lead named for all: the one without a lead starts today, the others keep their start; a cooperator that
    // becomes the lead leaves the cooperating units.
    await assignTasks(t.db, t.office, { taskIds: [led, unassigned], leadUnitId: datong }, today);
    const reassigned = await Promise.all([led, unassigned].map((id) => getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS)));
    expect(reassigned.map((d) => [d.leadUnit?.name, d.startDate, d.cooperators.map((u) => u.name)])).toEqual([
      ['大同市', '2023-01-10', ['太原市']],
      ['大同市', today, ['太原市']],
    ]);
    expect(reassigned.map((d) => d.events[0]!.summary)).toEqual(['牵头单位：大同市', `牵头单位：大同市；开始日期：${today}（分配之日起计算序时进度）`]);
  });

  it('assigns a large selection in as many statements as a small one (批量指定 of a plan does not wait on each task)', async () => {
    const statementsFor = async (codes: string[]) => {
      let statements = 0;
      const counted = t.db.withPlugin({
        transformQuery: (args) => {
          statements++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      const taskIds = await Promise.all(codes.map((code) => t.taskId(code)));
      await assignTasks(counted, t.office, { taskIds, leadUnitId: await t.unitId('省商务厅'), cooperatorUnitIds: [await t.unitId('太原市')], standard: '按期完成', milestones: [{ year: 2024, title: '阶段', dueDate: '2024-12-31' }] }, today);
      return statements;
    };
    const all = (await t.db.selectFrom('tasks').select('code').orderBy('id').execute()).map((row) => row.code);
    expect(all.length).toBeGreaterThan(20);
    expect(await statementsFor(all.slice(0, 20))).toBe(await statementsFor(all.slice(20, 22)));
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

  it('un-ticking a milestone is traced with who un-ticked it and who had ticked it when', async () => {
    const commerce = await t.unitId('省商务厅');
    const id = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [id], leadUnitId: commerce, milestones: [{ year: 2024, title: '完成对接方案', dueDate: '2024-12-31' }] });
    const [milestone] = (await getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS)).milestones;
    await setMilestoneDone(t.db, await t.actorFor('省商务厅'), { milestoneId: milestone!.id, done: true });
    // Ticked at 23:30 UTC: already the next day in Beijing, which is the day the trace names.
    await t.db.updateTable('milestones').set({ done_at: '2026-12-06T23:30:00.000Z' }).where('id', '=', milestone!.id).execute();

    await setMilestoneDone(t.db, t.office, { milestoneId: milestone!.id, done: false });
    const detail = await getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS);
    expect(detail.milestones[0]!.doneAt).toBeNull();
    const undone = detail.events.find((e) => e.kind === 'milestone_undone');
    expect(undone?.actor).toContain('领导小组办公室');
    expect(undone?.summary).toBe('取消完成阶段目标：2024年 完成对接方案（原由 省商务厅（经办人） 于 2026-12-07 07:30 勾选完成）');
  });

  it('stores quantified targets within the plan period', async () => {
    const id = await t.taskId('3.1.1.1');
    await setTaskTargets(t.db, t.office, { taskId: id, targets: [{ description: '外送电量', value: 1500, unitOfMeasure: '亿千瓦时', year: 2025 }] });
    expect((await getTaskDetail(t.db, id, today, DEFAULT_WARNING_THRESHOLDS)).targets).toMatchObject([{ description: '外送电量', value: 1500, unitOfMeasure: '亿千瓦时', year: 2025 }]);
    await expect(setTaskTargets(t.db, t.office, { taskId: id, targets: [{ description: '外送电量', value: 1, unitOfMeasure: '亿千瓦时', year: 2040 }] })).rejects.toThrow(/不在规划期/);
  });
});

describe('序时进度 starts when a task is assigned (红灯 from day one)', () => {
  const assignedOn = '2024-06-30';
  const weekLater = '2024-07-07';
  const deadline = '2025-12-31'; // 18 months away

  it('starts a task bulk-assigned today on the day of assignment: a week later it is green, not 91 % and red', async () => {
    const ids = [await t.taskId('4.1.1.1'), await t.taskId('4.1.1.2')];
    await assignTasks(t.db, t.office, { taskIds: ids, leadUnitId: await t.unitId('省商务厅'), deadline }, assignedOn);
    const list = await listTasks(t.db, { unitId: await t.unitId('省商务厅') }, weekLater, DEFAULT_WARNING_THRESHOLDS);
    expect(list.rows.map((r) => [r.startDate, r.scheduleProgress, r.light])).toEqual([
      [assignedOn, 1, 'green'],
      [assignedOn, 1, 'green'],
    ]);
    const detail = await getTaskDetail(t.db, ids[0]!, weekLater, DEFAULT_WARNING_THRESHOLDS);
    expect(detail.events[0]!.summary).toContain(`开始日期：${assignedOn}`);
    // The SQL light (filters, counts) agrees with the row's.
    expect((await listTasks(t.db, { lights: ['red'], limit: 50 }, weekLater, DEFAULT_WARNING_THRESHOLDS)).total).toBe(0);
  });

  it('keeps the start when a task changes hands, and the office can re-base tasks in bulk', async () => {
    const id = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [id], leadUnitId: await t.unitId('省商务厅') }, '2023-01-10');
    await assignTasks(t.db, t.office, { taskIds: [id], leadUnitId: await t.unitId('太原市') }, assignedOn);
    expect((await getTaskDetail(t.db, id, assignedOn, DEFAULT_WARNING_THRESHOLDS)).startDate).toBe('2023-01-10');
    await assignTasks(t.db, t.office, { taskIds: [id], startDate: '2024-06-01' }, assignedOn);
    expect((await getTaskDetail(t.db, id, assignedOn, DEFAULT_WARNING_THRESHOLDS)).startDate).toBe('2024-06-01');
  });

  it('a task assigned after its deadline starts on the deadline (overdue, not refused)', async () => {
    const id = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [id], deadline: '2024-03-31' });
    await assignTasks(t.db, t.office, { taskIds: [id], leadUnitId: await t.unitId('省商务厅') }, assignedOn);
    const detail = await getTaskDetail(t.db, id, assignedOn, DEFAULT_WARNING_THRESHOLDS);
    expect([detail.startDate, detail.light]).toEqual(['2024-03-31', 'red']);
  });

  it('an unassigned task carries no light and is behind nothing, in the row and in the SQL order', async () => {
    const detail = await getTaskDetail(t.db, await t.taskId('4.1.1.1'), weekLater, DEFAULT_WARNING_THRESHOLDS);
    expect(detail).toMatchObject({ light: 'none', lag: 0, scheduleProgress: 0, leadUnit: null });
    const byLag = await listTasks(t.db, { sort: { field: 'lag', order: 'desc' }, limit: 1 }, weekLater, DEFAULT_WARNING_THRESHOLDS);
    expect(byLag.rows[0]!.lag).toBe(0);
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
    // Nothing is assigned in the shipped plan: no task carries a light yet (not 270 red ones).
    const unassigned = await listTasks(t.db, { lights: ['none'] }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(unassigned.total).toBe(270);
    expect(unassigned.byLight).toMatchObject({ red: 0, yellow: 0, green: 0, none: 270 });
    const red = await listTasks(t.db, { lights: ['red'] }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(red.total).toBe(0);
    const ascending = await listTasks(t.db, { region: '长三角' }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(ascending.rows.slice(0, 2).map((r) => r.code)).toEqual(['4.1.1.1', '4.1.1.2']);
    const descending = await listTasks(t.db, { region: '长三角', sort: { field: 'code', order: 'desc' } }, today, DEFAULT_WARNING_THRESHOLDS);
    expect(descending.rows.map((r) => r.code)).toEqual(ascending.rows.map((r) => r.code).reverse());
    const chapterSeven = await t.db.selectFrom('chapters').select('id').where('code', '=', '7').executeTakeFirstOrThrow();
    expect((await listTasks(t.db, { chapterId: chapterSeven.id }, today, DEFAULT_WARNING_THRESHOLDS)).total).toBe(31);
  });
});
