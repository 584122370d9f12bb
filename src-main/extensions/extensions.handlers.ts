import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { decideExtension, listExtensions, requestExtension, taskDeadlines } from './extensions.service';

/** Glue only for 延期申请. */
export function extensionHandlers(
  db: Kysely<Database>,
  now: () => Date,
): HandlersOf<'extensions.list' | 'extensions.deadlines' | 'extensions.request' | 'extensions.decide'> {
  return {
    'extensions.list': (filter, actor) => listExtensions(db, actor, filter),
    'extensions.deadlines': ({ taskId }) => taskDeadlines(db, taskId),
    'extensions.request': (input, actor) => requestExtension(db, actor, input, now()),
    'extensions.decide': (input, actor) => decideExtension(db, actor, input, now()),
  };
}
