import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IndicatorFields } from '../api/indicators.types';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createIndicator, deleteIndicator, listIndicatorStatus, recordIndicatorValue, updateIndicator } from './indicator.service';

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(async () => t.dispose());

const fields = (patch: Partial<IndicatorFields> = {}): IndicatorFields => ({
  name: '与三大区域项目签约额',
  unit: '亿元',
  baselineYear: 2020,
  baselineValue: 1000,
  targetYear: 2025,
  targetValue: 1300,
  targetText: '较2020年增长30%以上',
  direction: 'higher',
  responsibleUnitId: null,
  note: '',
  ...patch,
});

describe('indicator table', () => {
  it('lists the shipped indicators with their path and a grey light until values and targets are in', async () => {
    const list = await listIndicatorStatus(t.db, t.planId, DEFAULT_WARNING_THRESHOLDS);
    expect(list.map((i) => i.name)).toContain('太原到国内主要城市通达时间');
    const travel = list.find((i) => i.name === '太原到国内主要城市通达时间')!;
    expect(travel).toMatchObject({ direction: 'lower', targetValue: 3, light: 'grey', reasons: ['尚未填报实际值'], latest: null });
    expect(travel.path.map((p) => p.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
  });

  it('completes an indicator, records yearly values and judges the latest against the straight line', async () => {
    const commerce = await t.unitId('省商务厅');
    const { id } = await createIndicator(t.db, t.office, { planId: t.planId, ...fields({ responsibleUnitId: commerce }) });
    await recordIndicatorValue(t.db, t.office, { indicatorId: id, year: 2021, value: 1070, note: '' });
    const unit = await t.actorFor('省商务厅');
    await recordIndicatorValue(t.db, unit, { indicatorId: id, year: 2022, value: 1090, note: '统计快报' });
    const row = (await listIndicatorStatus(t.db, t.planId, DEFAULT_WARNING_THRESHOLDS)).find((i) => i.id === id)!;
    // 2022 expects 40% of the way (1120); 1090 is 30% → 10 points behind → yellow.
    expect(row).toMatchObject({ latest: { year: 2022, value: 1090 }, achievement: 30, expectedAchievement: 40, lag: 10, light: 'yellow' });
    expect(row.responsibleUnit?.name).toBe('省商务厅');
    expect(row.values.map((v) => [v.year, v.value, v.recordedBy])).toEqual([
      [2021, 1070, t.office.label],
      [2022, 1090, unit.label],
    ]);
    expect(row.path.find((p) => p.year === 2022)?.expectedValue).toBe(1120);

    // Recording again replaces the year's value; null clears it.
    await recordIndicatorValue(t.db, t.office, { indicatorId: id, year: 2022, value: 1130, note: '' });
    expect((await listIndicatorStatus(t.db, t.planId, DEFAULT_WARNING_THRESHOLDS)).find((i) => i.id === id)).toMatchObject({ light: 'green', achievement: 43.3 });
    await recordIndicatorValue(t.db, t.office, { indicatorId: id, year: 2022, value: null, note: '' });
    expect((await listIndicatorStatus(t.db, t.planId, DEFAULT_WARNING_THRESHOLDS)).find((i) => i.id === id)?.latest).toEqual({ year: 2021, value: 1070 });
  });

  it('refuses inconsistent indicators with a message naming the field', async () => {
    const create = (patch: Partial<IndicatorFields>) => createIndicator(t.db, t.office, { planId: t.planId, ...fields(patch) });
    await expect(create({ name: '  ' })).rejects.toThrow('指标名称不能为空');
    await expect(create({ baselineYear: null })).rejects.toThrow('请同时填写基期年份');
    await expect(create({ baselineYear: 2025 })).rejects.toThrow('基期年份（2025）应早于目标年份（2025）');
    await expect(create({ direction: null })).rejects.toThrow('请选择指标方向');
    await expect(create({ targetValue: 900 })).rejects.toThrow('目标值（900）应大于基期值（1000）');
    await expect(create({ direction: 'lower' })).rejects.toThrow('目标值（1300）应小于基期值（1000）');
    await expect(create({ targetYear: null })).rejects.toThrow('请同时填写目标年份');
    await expect(create({ name: '太原到国内主要城市通达时间' })).rejects.toThrow('已有名为“太原到国内主要城市通达时间”的指标');
    // A relative target still being worked out is fine: no target value, just the words.
    await expect(create({ targetValue: null, direction: null })).resolves.toMatchObject({ id: expect.any(Number) });
  });

  it('only the office edits the table; a unit records values only for its own indicators, inside the plan period', async () => {
    const unit = await t.actorFor('大同市');
    const { id } = await createIndicator(t.db, t.office, { planId: t.planId, ...fields() });
    await expect(updateIndicator(t.db, unit, { id, ...fields() })).rejects.toThrow('只有领导小组办公室可以修改指标');
    await expect(deleteIndicator(t.db, unit, id)).rejects.toThrow('只有领导小组办公室可以删除指标');
    await expect(recordIndicatorValue(t.db, unit, { indicatorId: id, year: 2022, value: 1, note: '' })).rejects.toThrow('不是指标');
    await expect(recordIndicatorValue(t.db, t.office, { indicatorId: id, year: 2020, value: 1, note: '' })).rejects.toThrow('规划期 2021—2025 年之内');
    await expect(recordIndicatorValue(t.db, t.office, { indicatorId: id, year: 2026, value: 1, note: '' })).rejects.toThrow('收到 2026 年');
  });

  it('updates and deletes, taking the yearly values with it', async () => {
    const { id } = await createIndicator(t.db, t.office, { planId: t.planId, ...fields() });
    await recordIndicatorValue(t.db, t.office, { indicatorId: id, year: 2021, value: 1100, note: '' });
    await updateIndicator(t.db, t.office, { id, ...fields({ name: '项目签约额', targetValue: 1500 }) });
    const row = (await listIndicatorStatus(t.db, t.planId, DEFAULT_WARNING_THRESHOLDS)).find((i) => i.id === id)!;
    expect(row).toMatchObject({ name: '项目签约额', targetValue: 1500, achievement: 20 });
    const seq = row.seq;
    expect(seq).toBeGreaterThan(7);
    await deleteIndicator(t.db, t.office, id);
    expect((await listIndicatorStatus(t.db, t.planId, DEFAULT_WARNING_THRESHOLDS)).some((i) => i.id === id)).toBe(false);
    expect(await t.db.selectFrom('indicator_values').selectAll().where('indicator_id', '=', id).execute()).toEqual([]);
    await expect(deleteIndicator(t.db, t.office, id)).rejects.toThrow('找不到编号为');
  });
});
