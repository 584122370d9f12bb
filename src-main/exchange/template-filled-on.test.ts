import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeAssessment } from '../assessment/assessment.service';
import { DEFAULT_ASSESSMENT_SCHEME } from '../assessment/assessment-scheme';
import { getDashboard } from '../dashboard/dashboard.service';
import { roundDetail } from '../rounds/rounds.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { applyTemplateImport, exportTemplate, previewTemplateImport } from './template.service';
import { editTemplate, seedUnitRound, type RoundFixture } from './testing/template-fixtures';

/**
 * The 填报日期 a unit writes in an offline template is its report's date: a template filled on 8 April for a round
 * due 10 April is on time even when the office imports it on 20 April, and the office sees both dates. A date that
 * cannot be true (after the import day, before the round's period or the template's export) is refused by name.
 */

const THRESHOLDS = DEFAULT_WARNING_THRESHOLDS;
const IMPORTED_ON = '2025-04-20';
let t: SeededDatabase;
let f: RoundFixture;
let template: Buffer;
let fileName: string;

beforeEach(async () => {
  t = await createSeededDatabase();
  f = await seedUnitRound(t); // period 2025-01-01 – 2025-03-31, due 2025-04-10
  const exported = await exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId: f.roundId }, new Date('2025-04-01T02:00:00Z'));
  template = Buffer.from(exported.contentBase64, 'base64');
  fileName = exported.fileName;
});
afterEach(() => t.dispose());

const FILLED = { '4.1.1.1': { progress: '已对接项目 12 个。', percent: 60, status: '序时推进' } };
const filledOn = async (date: string) => ({ fileName, contentBase64: (await editTemplate(template, FILLED, { filledOn: date })).toString('base64') });

describe('填报日期 of an offline template', () => {
  it('dates the report as the unit did: on time in the round, the dashboard and 考核 though imported after the due date', async () => {
    const file = await filledOn('2025-04-08');
    expect((await previewTemplateImport(t.db, t.office, file, IMPORTED_ON)).filledOn).toBe('2025-04-08');
    await applyTemplateImport(t.db, t.office, { ...file, overrideConflicts: [] }, IMPORTED_ON);

    const detail = await roundDetail(t.db, f.roundId, IMPORTED_ON, THRESHOLDS);
    const row = detail.tasks.find((task) => task.code === '4.1.1.1')!;
    expect(row).toMatchObject({ reported: true, reportedLate: false, reportDate: '2025-04-08' });
    // Arrival is the moment of the import, kept beside it.
    expect(row.reportedAt).not.toBeNull();
    expect((await getDashboard(t.db, t.planId, IMPORTED_ON, THRESHOLDS)).rounds.find((r) => r.roundId === f.roundId)!.late).toBe(0);
    const assessment = await computeAssessment(t.db, { planId: t.planId, year: 2025, scheme: DEFAULT_ASSESSMENT_SCHEME, today: IMPORTED_ON, thresholds: THRESHOLDS });
    expect(assessment.units.flatMap((u) => u.lines).filter((l) => l.text.includes('逾期报送'))).toEqual([]);
  });

  it('a template dated after the due date is late', async () => {
    await applyTemplateImport(t.db, t.office, { ...(await filledOn('2025-04-12')), overrideConflicts: [] }, IMPORTED_ON);
    const row = (await roundDetail(t.db, f.roundId, IMPORTED_ON, THRESHOLDS)).tasks.find((task) => task.code === '4.1.1.1')!;
    expect(row).toMatchObject({ reportedLate: true, reportDate: '2025-04-12' });
  });

  it('refuses a date after the import day, before the round’s period or before the template was exported, naming the cell', async () => {
    await expect(previewTemplateImport(t.db, t.office, await filledOn('2025-04-21'), IMPORTED_ON)).rejects.toThrow(
      `“${fileName}”填报表表头的“填报日期”（2025-04-21）晚于今天（2025-04-20），未导入。`,
    );
    await expect(applyTemplateImport(t.db, t.office, { ...(await filledOn('2025-04-21')), overrideConflicts: [] }, IMPORTED_ON)).rejects.toThrow('晚于今天');
    await expect(previewTemplateImport(t.db, t.office, await filledOn('2024-12-31'), IMPORTED_ON)).rejects.toThrow(
      '（2024-12-31）早于调度“2025年第一季度调度”的调度期开始日期（2025-01-01）',
    );
    await expect(previewTemplateImport(t.db, t.office, await filledOn('2025-03-20'), IMPORTED_ON)).rejects.toThrow('早于该模板的导出日期（2025-04-01）');
    // Nothing was written.
    expect((await roundDetail(t.db, f.roundId, IMPORTED_ON, THRESHOLDS)).reported).toBe(0);
  });
});
