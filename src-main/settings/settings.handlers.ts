import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getWarningThresholds, setWarningThresholds } from './settings.service';

/** Glue only for the settings kept in the database. */
export function settingsHandlers(db: Kysely<Database>): HandlersOf<'warnings.getThresholds' | 'warnings.setThresholds'> {
  return {
    'warnings.getThresholds': () => getWarningThresholds(db),
    'warnings.setThresholds': (input) => setWarningThresholds(db, input),
  };
}
