import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { createUnit, setUnitRetired, updateUnit } from './units.edit.service';
import { listUnits } from './units.service';

/** Glue only for the unit list. */
export function unitHandlers(db: Kysely<Database>): HandlersOf<'units.list' | 'units.create' | 'units.update' | 'units.setRetired'> {
  return {
    'units.list': (input) => listUnits(db, input),
    'units.create': (input, actor) => createUnit(db, actor, input),
    'units.update': async (input, actor) => (await updateUnit(db, actor, input), null),
    'units.setRetired': (input, actor) => setUnitRetired(db, actor, input),
  };
}
