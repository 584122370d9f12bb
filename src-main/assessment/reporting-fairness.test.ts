import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssessmentScheme } from '../api/assessment.types';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { DEFAULT_ASSESSMENT_SCHEME } from './assessment-scheme';
import { computeAssessment } from './assessment.service';

/**
 * 考核 按时报送 fairness: a unit that reports nothing never scores better than one that reports late (DOMAIN.md).
 * Three units owe the same six tasks in one closed round: 省商务厅 reports all on time, 大同市 reports all two days
 * late, 省能源局 reports nothing.
 */

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(() => t.dispose());

const CODES = {
  省商务厅: ['4.1.1.1', '4.1.1.2', '4.1.1.3', '4.1.1.4', '4.1.1.5', '6.3.1.1'],
  大同市: ['3.1.2.1', '3.1.2.2', '3.1.2.3', '3.1.2.4', '6.3.1.2', '6.3.1.3'],
  省能源局: ['3.1.1.1', '3.1.1.2', '3.1.1.3', '3.1.1.4', '3.1.1.5', '6.3.1.4'],
};

async function scenario() {
  const { id: roundId } = await t.db
    .insertInto('rounds')
    .values({ plan_id: t.planId, name: '2024年第三季度调度', period_start: '2024-07-01', period_end: '2024-09-30', due_date: '2024-10-10', state: 'open', opened_by: '测试' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reportDates: Record<keyof typeof CODES, string | null> = { 省商务厅: '2024-10-08', 大同市: '2024-10-12', 省能源局: null };
  for (const [unit, codes] of Object.entries(CODES) as [keyof typeof CODES, string[]][]) {
    const unitId = await t.unitId(unit);
    for (const code of codes) {
      const taskId = await t.taskId(code);
      await t.db.updateTable('tasks').set({ lead_unit_id: unitId, status: '序时推进', percent: 80 }).where('id', '=', taskId).execute();
      const date = reportDates[unit];
      const reportId = date
        ? (
            await t.db
              .insertInto('progress_reports')
              .values({ task_id: taskId, unit_id: unitId, reporter: 'x', status: '序时推进', percent: 80, source: 'manual', created_at: `${date}T02:00:00.000Z`, report_date: date, round_id: roundId })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
        : null;
      await t.db.insertInto('round_tasks').values({ round_id: roundId, task_id: taskId, unit_id: unitId, report_id: reportId, reported_at: date && `${date}T02:00:00.000Z`, report_date: date }).execute();
    }
  }
}

const reportingOf = async (scheme: AssessmentScheme) => {
  const result = await computeAssessment(t.db, { planId: t.planId, year: 2024, scheme, today: '2025-02-01', thresholds: DEFAULT_WARNING_THRESHOLDS });
  return Object.fromEntries(
    Object.keys(CODES).map((name) => {
      const unit = result.units.find((u) => u.unitName === name)!;
      const lines = unit.lines.filter((l) => l.category === 'reporting');
      // Every line names its source and the lines add up exactly to the category.
      expect(lines.reduce((s, l) => s + Math.round(l.points * 100), 0)).toBe(Math.round(unit.categories.reporting * 100));
      return [name, { score: unit.categories.reporting, lines: lines.map((l) => l.text) }];
    }),
  );
};

describe('考核 按时报送', () => {
  it('a unit that reports nothing loses at least as much as one that reports every task late', async () => {
    await scenario();
    const scores = await reportingOf(DEFAULT_ASSESSMENT_SCHEME);
    expect(scores['省商务厅']!.score).toBe(20);
    expect(scores['大同市']!.score).toBe(8); // 6 late × 2
    expect(scores['省能源局']!.score).toBeLessThanOrEqual(scores['大同市']!.score);
    expect(scores['省能源局']!.lines).toContainEqual(expect.stringContaining('6 项任务未报送'));
    expect(scores['省能源局']!.lines).toContainEqual(expect.stringContaining('6 × 2，扣 12 分'));
  });

  it('holds for any scheme: one missing task still costs the per-round deduction', async () => {
    await scenario();
    for (const [perMissedRound, perLateReport] of [[10, 2], [1, 3], [0, 0.5], [5, 5]] as const) {
      const scores = await reportingOf({ ...DEFAULT_ASSESSMENT_SCHEME, reporting: { weight: 20, perMissedRound, perLateReport } });
      expect(scores['省能源局']!.score, `${perMissedRound}/${perLateReport}`).toBeLessThanOrEqual(scores['大同市']!.score);
    }
  });
});
