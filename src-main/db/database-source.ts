import type { Kysely } from 'kysely';
import type { Database } from './database.types';
import { databaseFileQuery } from './sql-forms';

/**
 * Where another thread can open the database behind a connection: the SQLite file, or the PostgreSQL server's address
 * (with its password: it goes to a worker thread of this process, never into a message or a log).
 */
export type DatabaseSource = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

/** PostgreSQL keeps no address a query could read back: the opener names it here (postgres-database.ts). */
const postgresAddresses = new WeakMap<Kysely<Database>, string>();

export function rememberPostgresAddress(db: Kysely<Database>, url: string): void {
  postgresAddresses.set(db, url);
}

/** The database behind `db`, or null where no other thread can open it (an in-memory or temporary SQLite database). */
export async function databaseSourceOf(db: Kysely<Database>): Promise<DatabaseSource | null> {
  const url = postgresAddresses.get(db);
  if (url) return { engine: 'postgres', url };
  const { rows } = await databaseFileQuery().execute(db);
  return rows[0]?.file ? { engine: 'sqlite', file: rows[0].file } : null;
}
