import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getWarningThresholds } from '../settings/settings.service';
import { exportList } from './list-export';
import { officeName } from './report-data';
import { exportReport, reportOptions } from './report.service';

/** Glue only for 报表. */
export function reportHandlers(db: Kysely<Database>, today: () => string): HandlersOf<'reports.options' | 'reports.export' | 'reports.exportList'> {
  return {
    'reports.options': ({ planId }) => reportOptions(db, planId),
    'reports.export': async (input) => exportReport(db, input, { today: today(), thresholds: await getWarningThresholds(db) }),
    'reports.exportList': async (input, actor) => exportList(db, input, { today: today(), thresholds: await getWarningThresholds(db), exporter: actor?.unitName ?? (await officeName(db)) }),
  };
}
