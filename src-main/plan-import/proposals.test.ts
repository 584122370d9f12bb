import { describe, expect, it } from 'vitest';
import { defaultUnits } from '../units/units.service';
import { createUnitDirectory, proposalFor, readResponsibility, readUnitList } from './proposals';

const units = createUnitDirectory(defaultUnits().map((unit, index) => ({ id: index + 1, name: unit.name, aliases: unit.aliases })));
const names = (refs: { name: string; unitId: number | null }[]) => refs.map((r) => `${r.name}${r.unitId === null ? '?' : ''}`);

describe('who is responsible, and by when', () => {
  it.each([
    ['由省发展改革委牵头，省商务厅、省工信厅配合。', ['省发展改革委'], ['省商务厅', '省工业和信息化厅'], null, true],
    ['（省商务厅牵头，太原市配合，2025年6月底前完成）', ['省商务厅'], ['太原市'], '2025-06-30', true],
    ['责任单位：省交通运输厅、民航山西监管局。', ['省交通运输厅'], ['民航山西监管局?'], null, true],
    ['牵头单位：发改委；配合单位：省财政厅、各市人民政府。', ['省发展改革委'], ['省财政厅', '各市人民政府?'], null, true],
    ['完成时限：2025年底前。', [], [], '2025-12-31', true],
    ['2024年底前完成园区规划编制。', [], [], '2024-12-31', false],
    ['建成承接产业转移示范区（省发展改革委负责，2023年第三季度前）。', ['省发展改革委'], [], '2023-09-30', false],
    ['2024年上半年出台实施细则，2025年3月31日前全面建成。', [], [], '2025-03-31', false],
  ])('%s', (sentence, lead, cooperating, deadline, only) => {
    const read = readResponsibility(sentence, units);
    expect(names(read.lead)).toEqual(lead);
    expect(names(read.cooperating)).toEqual(cooperating);
    expect(read.deadline).toBe(deadline);
    expect(read.onlyResponsibility).toBe(only);
  });

  it('does not take ordinary sentences that mention 配合 or a year for responsibility', () => {
    for (const sentence of [
      '配合国家推进跨省区电力交易机制等重点领域和关键环节改革，提高区域电力市场一体化水平。',
      '各部门及省政府驻外招商局要密切配合，加强统筹协调，形成合力。',
      '到2025年，与三大区域合作项目累计签约额较2022年增长30%以上。',
      '产业上中游协同配合的合作平台。',
    ]) {
      const read = readResponsibility(sentence, units);
      expect([read.lead, read.cooperating, read.deadline, read.onlyResponsibility]).toEqual([[], [], null, false]);
    }
  });

  it('reads unit lists by name and alias, and refuses a list with something that is no unit', () => {
    expect(names(readUnitList('发改委、大同和省商务厅', units)!)).toEqual(['省发展改革委', '大同市', '省商务厅']);
    expect(readUnitList('企业和社会各界', units)).toBeNull();
  });

  it('gives each task one lead unit: a second named lead cooperates; a task\'s own words win over its measure\'s', () => {
    const measure = readResponsibility('由省商务厅、省发展改革委牵头，太原市配合，2025年底前完成。', units);
    expect(proposalFor(null, measure)).toMatchObject({
      leadUnit: { name: '省商务厅' },
      cooperatingUnits: [{ name: '省发展改革委' }, { name: '太原市' }],
      deadline: '2025-12-31',
    });
    const own = readResponsibility('2024年底前建成园区（大同市牵头）。', units);
    expect(proposalFor(own, measure)).toMatchObject({ leadUnit: { name: '大同市' }, cooperatingUnits: [], deadline: '2024-12-31' });
    expect(proposalFor(null, null)).toBeNull();
  });
});
