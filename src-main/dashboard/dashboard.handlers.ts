import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getWarningThresholds } from '../settings/settings.service';
import { getDashboard } from './dashboard.service';

/** Glue only for 跟踪分析. */
export function dashboardHandlers(db: Kysely<Database>, today: () => string): HandlersOf<'dashboard.get'> {
  return {
    'dashboard.get': async ({ planId }) => getDashboard(db, planId, today(), await getWarningThresholds(db)),
  };
}
