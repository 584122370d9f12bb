import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getWarningThresholds } from '../settings/settings.service';
import { createIndicator, deleteIndicator, listIndicatorStatus, recordIndicatorValue, updateIndicator } from './indicator.service';

type IndicatorChannel = 'indicators.list' | 'indicators.create' | 'indicators.update' | 'indicators.delete' | 'indicators.recordValue';

/** Glue only for 主要指标. */
export function indicatorHandlers(db: Kysely<Database>): HandlersOf<IndicatorChannel> {
  return {
    'indicators.list': async ({ planId }) => listIndicatorStatus(db, planId, await getWarningThresholds(db)),
    'indicators.create': (input, actor) => createIndicator(db, actor, input),
    'indicators.update': async (input, actor) => (await updateIndicator(db, actor, input), null),
    'indicators.delete': async ({ id }, actor) => (await deleteIndicator(db, actor, id), null),
    'indicators.recordValue': async (input, actor) => (await recordIndicatorValue(db, actor, input), null),
  };
}
