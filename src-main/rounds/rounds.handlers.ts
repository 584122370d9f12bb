import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getWarningThresholds } from '../settings/settings.service';
import { closeRound, listRounds, openRound, roundDetail } from './rounds.service';

/** Glue only for 调度. */
export function roundHandlers(db: Kysely<Database>, today: () => string, now: () => Date): HandlersOf<'rounds.list' | 'rounds.get' | 'rounds.open' | 'rounds.close'> {
  return {
    'rounds.list': (filter) => listRounds(db, filter, today()),
    'rounds.get': async ({ id, unitId }) => roundDetail(db, id, today(), await getWarningThresholds(db), unitId),
    'rounds.open': (input, actor) => openRound(db, actor, input),
    'rounds.close': async ({ id }, actor) => (await closeRound(db, actor, id, today(), await getWarningThresholds(db), now()), null),
  };
}
