import type { Kysely } from 'kysely';
import type { ApiResult } from '../api/errors';
import type { Database } from '../db/database.types';

/**
 * The shared server keeps the first answers to creating calls in its database, so a client that repeats a call
 * after a restart (its answer was lost with the connection) still gets the first answer. Answers older than a day are
 * dropped as new ones arrive.
 */
const KEEP_MS = 24 * 3_600_000;

export function databaseRequestStore(db: () => Kysely<Database>, now: () => Date) {
  let lastPrune = 0;
  return {
    async get(key: string): Promise<ApiResult<unknown> | undefined> {
      const [actorKey, channel, requestId] = splitKey(key);
      const row = await db().selectFrom('request_results').select('result').where('actor_key', '=', actorKey).where('channel', '=', channel).where('request_id', '=', requestId).executeTakeFirst();
      return row ? (JSON.parse(row.result) as ApiResult<unknown>) : undefined;
    },
    async put(key: string, result: ApiResult<unknown>): Promise<void> {
      const [actorKey, channel, requestId] = splitKey(key);
      const at = now();
      await db()
        .insertInto('request_results')
        .values({ actor_key: actorKey, channel, request_id: requestId, result: JSON.stringify(result), at: at.toISOString() })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
      if (at.getTime() - lastPrune > 3_600_000) {
        lastPrune = at.getTime();
        await db().deleteFrom('request_results').where('at', '<', new Date(at.getTime() - KEEP_MS).toISOString()).execute();
      }
    },
  };
}

/** The single-seat modes: the last 2,000 answers in memory (a restart there ends the window that sent them). */
export function memoryRequestStore(limit = 2000) {
  const answers = new Map<string, ApiResult<unknown>>();
  return {
    get: async (key: string) => answers.get(key),
    put: async (key: string, result: ApiResult<unknown>) => {
      answers.set(key, result);
      if (answers.size > limit) answers.delete(answers.keys().next().value!);
    },
  };
}

function splitKey(key: string): [string, string, string] {
  const last = key.lastIndexOf('|');
  const middle = key.lastIndexOf('|', last - 1);
  return [key.slice(0, middle), key.slice(middle + 1, last), key.slice(last + 1)];
}
