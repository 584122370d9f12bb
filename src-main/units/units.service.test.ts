import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { findUnitByNameOrAlias, listUnits, seedDefaultUnits } from './units.service';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDefaultUnits(t.db);
});
afterAll(() => t.dispose());

describe('default units', () => {
  it('holds the provincial departments, the 11 cities and the investment-promotion offices', async () => {
    const units = await listUnits(t.db, {});
    const cities = units.filter((u) => u.kind === 'city').map((u) => u.name);
    expect(cities).toEqual(['太原市', '大同市', '朔州市', '忻州市', '阳泉市', '吕梁市', '晋中市', '长治市', '晋城市', '临汾市', '运城市']);
    expect(units.filter((u) => u.kind === 'investment_office').length).toBeGreaterThanOrEqual(3);
    const names = units.map((u) => u.name);
    for (const needed of ['省发展改革委', '省商务厅', '省能源局', '省交通运输厅', '省文化和旅游厅', '省科技厅', '省教育厅', '省生态环境厅']) {
      expect(names).toContain(needed);
    }
    expect(units.filter((u) => u.kind === 'office')).toHaveLength(1);
  });

  it('finds a unit by any alias', async () => {
    expect((await findUnitByNameOrAlias(t.db, '发改委'))?.name).toBe('省发展改革委');
    expect((await findUnitByNameOrAlias(t.db, ' 大同 '))?.name).toBe('大同市');
    expect(await findUnitByNameOrAlias(t.db, '不存在的单位')).toBeNull();
  });

  it('does not seed an existing list again', async () => {
    expect(await seedDefaultUnits(t.db)).toBe(0);
  });
});
