import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import { assessmentSchemeSchema } from '../api/assessment.contract';
import type { AssessmentScheme } from '../api/assessment.types';
import type { Database } from '../db/database.types';
import { requireOffice, type Actor } from '../tasks/task-rules';

/**
 * The 考核 scheme the office edits, kept in `settings` under 'assessmentScheme' so it travels with backups.
 * The default is the typical 100-point scheme: 任务完成 40, 按时报送 20, 督办办理 20, 指标完成 20.
 */

export const ASSESSMENT_SCHEME_KEY = 'assessmentScheme';

export const DEFAULT_ASSESSMENT_SCHEME: AssessmentScheme = {
  taskCompletion: { weight: 40, scope: 'all' },
  reporting: { weight: 20, perMissedRound: 10, perLateReport: 2 },
  supervision: { weight: 20, perOverdueNotice: 5, perSendBack: 3 },
  indicators: { weight: 20, basis: 'path' },
};

export function schemeTotal(scheme: AssessmentScheme): number {
  return scheme.taskCompletion.weight + scheme.reporting.weight + scheme.supervision.weight + scheme.indicators.weight;
}

/** Rules beyond the field ranges: a 100-point total, and deductions in whole hundredths of a point. */
export function checkScheme(scheme: AssessmentScheme): AssessmentScheme {
  const total = schemeTotal(scheme);
  if (total !== 100) throw new AppError('INVALID_INPUT', `四项权重之和应为 100 分，当前为 ${total} 分，请调整后再保存。`);
  const deductions: [string, number][] = [
    ['每次调度未报扣分', scheme.reporting.perMissedRound],
    ['每次逾期报送扣分', scheme.reporting.perLateReport],
    ['每件督办逾期扣分', scheme.supervision.perOverdueNotice],
    ['每次退回扣分', scheme.supervision.perSendBack],
  ];
  for (const [label, value] of deductions) {
    if (value < 0 || Math.abs(Math.round(value * 100) - value * 100) > 1e-6) {
      throw new AppError('INVALID_INPUT', `${label}应为不小于 0、最多两位小数的数，收到 ${value}。`);
    }
  }
  return scheme;
}

export async function getAssessmentScheme(db: Kysely<Database>): Promise<AssessmentScheme> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', ASSESSMENT_SCHEME_KEY).executeTakeFirst();
  if (!row) return DEFAULT_ASSESSMENT_SCHEME;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return DEFAULT_ASSESSMENT_SCHEME;
  }
  // A stored scheme that no longer parses (edited by hand, older shape) falls back to the default, not a crash.
  const parsed = assessmentSchemeSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_ASSESSMENT_SCHEME;
}

export async function setAssessmentScheme(db: Kysely<Database>, actor: Actor, scheme: AssessmentScheme): Promise<AssessmentScheme> {
  requireOffice(actor, '修改考核办法');
  const checked = checkScheme(scheme);
  const json = JSON.stringify(checked);
  await db
    .insertInto('settings')
    .values({ key: ASSESSMENT_SCHEME_KEY, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute();
  return checked;
}
