import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { roundReminders, sendRoundReminders } from './round-reminders.service';

/** Glue only for 催办. */
export function reminderHandlers(db: Kysely<Database>, now: () => Date): HandlersOf<'reminders.forRound' | 'reminders.send'> {
  return {
    'reminders.forRound': ({ roundId }, actor) => roundReminders(db, actor, roundId),
    'reminders.send': (input, actor) => sendRoundReminders(db, actor, input, now()),
  };
}
