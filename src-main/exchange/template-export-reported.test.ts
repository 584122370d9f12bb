import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitReport } from '../progress/progress.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { FILLED_ROLES, TEMPLATE_SHEET } from './template-format';
import { exportTemplate } from './template.service';
import { loadWorkbook, locate, seedUnitRound, UNIT, type RoundFixture } from './testing/template-fixtures';

/**
 * A unit that already reported in the round and exports its template again (to correct a figure, or fill in the rest)
 * finds its own report in the fill-in columns — status, percent and the four texts — and, for the tasks it has not
 * reported yet, the task's current status and percent with the texts blank. On both engines.
 */

let t: SeededDatabase;
let f: RoundFixture;
beforeEach(async () => {
  t = await createSeededDatabase();
  f = await seedUnitRound(t);
});
afterEach(() => t.dispose());

async function filledColumns(roundId: number | null): Promise<Map<string, unknown[]>> {
  const exported = await exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId }, new Date('2025-04-01T02:00:00Z'));
  const sheet = (await loadWorkbook(Buffer.from(exported.contentBase64, 'base64'))).getWorksheet(TEMPLATE_SHEET)!;
  const at = locate(sheet);
  return new Map([...f.taskIds.keys()].map((code) => [code, FILLED_ROLES.map((role) => sheet.getCell(at.rowOf(code), at.column(role)).value ?? '')]));
}

describe('填报模板 exported again after reporting in the round', () => {
  it('carries the unit’s report in the round for the tasks it reported, the task’s own status and percent for the rest', async () => {
    const reported = f.taskIds.get('4.1.1.2')!;
    await submitReport(t.db, t.files, await t.actorFor(UNIT), {
      taskId: reported,
      status: '滞后',
      percent: 35,
      progress: '完成选址论证。',
      problems: '用地指标紧张',
      nextSteps: '报省政府审定',
      coordination: '请省自然资源厅协调',
      attachments: [],
    });
    const other = await t.db.selectFrom('tasks').select(['status', 'percent']).where('id', '=', f.taskIds.get('4.1.1.1')!).executeTakeFirstOrThrow();

    const rows = await filledColumns(f.roundId);
    expect(rows.get('4.1.1.2')).toEqual(['滞后', 35, '完成选址论证。', '用地指标紧张', '报省政府审定', '请省自然资源厅协调']);
    expect(rows.get('4.1.1.1')).toEqual([other.status, other.percent, '', '', '', '']);

    // Without a round: every lead task's current state, the texts blank.
    const latest = await filledColumns(null);
    expect(latest.get('4.1.1.2')).toEqual(['滞后', 35, '', '', '', '']);
  });
});
