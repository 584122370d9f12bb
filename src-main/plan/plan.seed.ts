import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types';
import shippedPlanText from '../../resources/plans/shanxi-regional-integration-2021.txt?raw';
import { parsePlan } from './plan.parser';
import { savePlan } from './plan.store';

export const SHIPPED_PLAN_CODE = 'SX-QYRH-2021';

/** On first run the database holds no plan: parse the one the app ships with and store it. */
export async function seedShippedPlan(db: Kysely<Database>): Promise<number | null> {
  const existing = await db.selectFrom('plans').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  return savePlan(db, parsePlan(shippedPlanText), {
    code: SHIPPED_PLAN_CODE,
    sourceName: 'resources/plans/shanxi-regional-integration-2021.txt',
  });
}
