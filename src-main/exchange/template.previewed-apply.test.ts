import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { testEngine } from '../db/test-helper';
import { statementsRun } from '../testing/statements-run';
import { applyTemplateImport, exportTemplate, previewTemplateImport } from './template.service';
import { editTemplate, seedUnitRound, type RoundFixture } from './testing/template-fixtures';

/**
 * The office previews a unit's file and confirms it with nothing written in between: the apply records what the
 * preview compared, on either engine, instead of comparing every row with the database again inside its write
 * transaction (db/change-mark.ts). On PostgreSQL it compared again every time: a 10,000-row file's history read twice.
 */
describe(`applying a previewed template (${testEngine()})`, () => {
  let t: SeededDatabase;
  let f: RoundFixture;
  beforeEach(async () => {
    t = await createSeededDatabase();
    f = await seedUnitRound(t);
  });
  afterEach(() => t.dispose());

  it('records what the preview showed without reading the rows again', async () => {
    const exported = await exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId: f.roundId }, new Date('2025-04-01T02:00:00Z'));
    const filled = await editTemplate(Buffer.from(exported.contentBase64, 'base64'), { '4.1.2.1': { progress: '示范区建设方案已报省政府', percent: 100, status: '已完成' } });
    const input = { fileName: exported.fileName, contentBase64: filled.toString('base64') };
    expect((await previewTemplateImport(t.db, t.office, input)).counts).toMatchObject({ report: 1, unchanged: 3 });
    const { result, statements } = await statementsRun(t.db, () => applyTemplateImport(t.db, t.office, { ...input, overrideConflicts: [] }));
    expect(result).toMatchObject({ recorded: 1, unchanged: 3 });
    expect(statements.some((text) => text.startsWith('insert into "progress_reports"'))).toBe(true);
    // Neither the unit's round rows nor the reports since the file was exported are read again.
    expect(statements.filter((text) => /from "round_tasks" where "round_id" = |"from_file"/u.test(text))).toEqual([]);
  });
});
