import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types';

type Executor = { executeQuery: (query: { sql: string }, ...rest: unknown[]) => Promise<unknown> };

/**
 * Runs `work` and returns, with its result, the SQL of every statement it sent through `db`'s executor (either
 * engine), in order: for tests that a step does not read or write what it need not. The executor is restored after,
 * whether `work` succeeds or throws.
 */
export async function statementsRun<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const executor = Object.getPrototypeOf(db.getExecutor()) as Executor;
  const own = Object.prototype.hasOwnProperty.call(executor, 'executeQuery');
  const run = executor.executeQuery;
  const statements: string[] = [];
  executor.executeQuery = function (this: unknown, query, ...rest) {
    statements.push(query.sql);
    return run.call(this, query, ...rest);
  };
  try {
    return { result: await work(), statements };
  } finally {
    if (own) executor.executeQuery = run;
    else delete (executor as Partial<Executor>).executeQuery;
  }
}
