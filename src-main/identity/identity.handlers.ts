import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types';
import type { HandlersOf } from '../api/handler.types';
import { identityOf, resolveProfile } from './local-actor';

/** Glue only for 使用身份: the caller's own identity, and the check a profile passes before the client keeps it. */
export function identityHandlers(db: Kysely<Database>): HandlersOf<'identity.get' | 'identity.check'> {
  return {
    'identity.get': (_input, actor) => identityOf(actor),
    'identity.check': async (profile) => identityOf(await resolveProfile(db, profile)),
  };
}
