import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { assignTasks } from './task-assign.service';
import { addTask, mergeTasks, retireTask, splitTask, updateTask } from './task-edit.service';
import { getTaskDetail, listTasks } from './task-query';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(() => t.dispose());

const codesUnder = async (measureCode: string, includeRetired = false) => {
  const measure = await t.db.selectFrom('measures').select('id').where('code', '=', measureCode).executeTakeFirstOrThrow();
  const { rows } = await listTasks(t.db, { measureId: measure.id, includeRetired }, '2024-01-01', DEFAULT_WARNING_THRESHOLDS);
  return rows.map((row) => `${row.code}${row.retired ? '(撤销)' : ''}`);
};

describe('codes after split, merge, add and retire', () => {
  it('gives new tasks the next free code and never reuses a retired one', async () => {
    expect(await codesUnder('3.1.1')).toEqual(['3.1.1.1', '3.1.1.2', '3.1.1.3', '3.1.1.4', '3.1.1.5']);

    const parts = await splitTask(t.db, t.office, { id: await t.taskId('3.1.1.2'), parts: ['推进电力交易机制改革。', '提高区域电力市场一体化水平。'] });
    expect(parts.map((p) => p.code)).toEqual(['3.1.1.6', '3.1.1.7']);

    const merged = await mergeTasks(t.db, t.office, { ids: [await t.taskId('3.1.1.4'), await t.taskId('3.1.1.5')], text: '加快清洁能源供应基地建设并探索补偿机制。' });
    expect(merged.code).toBe('3.1.1.8');

    await retireTask(t.db, t.office, { id: await t.taskId('3.1.1.8'), reason: '已由其他任务覆盖' });
    const added = await addTask(t.db, t.office, { measureId: (await t.db.selectFrom('measures').select('id').where('code', '=', '3.1.1').executeTakeFirstOrThrow()).id, text: '新增一项任务。' });
    expect(added.code).toBe('3.1.1.9');

    expect(await codesUnder('3.1.1')).toEqual(['3.1.1.1', '3.1.1.3', '3.1.1.6', '3.1.1.7', '3.1.1.9']);
    expect(await codesUnder('3.1.1', true)).toEqual([
      '3.1.1.1',
      '3.1.1.2(撤销)',
      '3.1.1.3',
      '3.1.1.4(撤销)',
      '3.1.1.5(撤销)',
      '3.1.1.6',
      '3.1.1.7',
      '3.1.1.8(撤销)',
      '3.1.1.9',
    ]);
  });

  it('lets a split task inherit its assignment and records where it came from', async () => {
    const commerce = await t.unitId('省商务厅');
    const energy = await t.unitId('省能源局');
    const original = await t.taskId('3.1.1.2');
    await assignTasks(t.db, t.office, { taskIds: [original], leadUnitId: energy, cooperatorUnitIds: [commerce], deadline: '2025-06-30' });
    const [first] = await splitTask(t.db, t.office, { id: original, parts: ['甲。', '乙。'] });
    const detail = await getTaskDetail(t.db, first!.id, '2024-01-01', DEFAULT_WARNING_THRESHOLDS);
    expect(detail.leadUnit?.name).toBe('省能源局');
    expect(detail.cooperators.map((u) => u.name)).toEqual(['省商务厅']);
    expect(detail.deadline).toBe('2025-06-30');
    expect(detail.lineage.from).toEqual(['3.1.1.2']);
    const parent = await getTaskDetail(t.db, original, '2024-01-01', DEFAULT_WARNING_THRESHOLDS);
    expect(parent.retired).toBe(true);
    expect(parent.lineage.into).toEqual(['3.1.1.6', '3.1.1.7']);
    expect(parent.events[0]!.summary).toContain('拆分为 3.1.1.6、3.1.1.7');
  });

  it('refuses to merge tasks of different measures, and edits of retired tasks', async () => {
    await expect(mergeTasks(t.db, t.office, { ids: [await t.taskId('3.1.1.1'), await t.taskId('3.1.2.1')], text: 'x' })).rejects.toThrow(/同一项措施/);
    await retireTask(t.db, t.office, { id: await t.taskId('3.1.1.1'), reason: '测试' });
    await expect(updateTask(t.db, t.office, { id: await t.taskId('3.1.1.1'), text: '改写' })).rejects.toThrow(/已撤销/);
  });

  it('rewording keeps the code, bumps the version and refuses a stale edit', async () => {
    const id = await t.taskId('3.1.1.1');
    await updateTask(t.db, t.office, { id, text: '改写后的任务内容。', expectedVersion: 1 });
    const detail = await getTaskDetail(t.db, id, '2024-01-01', DEFAULT_WARNING_THRESHOLDS);
    expect([detail.code, detail.text, detail.version]).toEqual(['3.1.1.1', '改写后的任务内容。', 2]);
    await expect(updateTask(t.db, t.office, { id, text: '再改', expectedVersion: 1 })).rejects.toThrow(/已被其他人修改/);
  });

  it('leaves breakdown edits to the office', async () => {
    const unit = await t.actorFor('省商务厅');
    await expect(updateTask(t.db, unit, { id: await t.taskId('3.1.1.1'), text: '单位改写' })).rejects.toThrow(/只有领导小组办公室/);
  });
});
