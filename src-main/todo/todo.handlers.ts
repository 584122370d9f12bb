import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getWarningThresholds } from '../settings/settings.service';
import { listTodo } from './todo.service';

/** Glue only for 待办. */
export function todoHandlers(db: Kysely<Database>, today: () => string): HandlersOf<'todo.list'> {
  return {
    'todo.list': async (_input, actor) => listTodo(db, actor, today(), await getWarningThresholds(db)),
  };
}
