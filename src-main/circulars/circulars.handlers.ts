import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { draftRoundCircular } from './circulars.service';

/** Glue only for the 调度情况通报. */
export function circularHandlers(db: Kysely<Database>): HandlersOf<'circulars.round'> {
  return {
    'circulars.round': (input) => draftRoundCircular(db, input),
  };
}
