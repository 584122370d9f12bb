import { SqliteAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.types';

/**
 * A mark of the database's content as one connection sees it: two equal marks from the same connection mean no row
 * was written in between, by this connection or any other. Lets a long check done once (a template import's preview
 * comparing 10,000 rows) stand for the same check inside the write transaction that follows, instead of running it
 * again, when nothing has changed since.
 *
 * SQLite: `total_changes()` counts every row this connection has inserted, updated or deleted since it opened
 * (triggers included; a rolled-back change still counts, which only ever makes the marks differ), and
 * `PRAGMA data_version` changes whenever another connection commits. Null where the engine gives no such mark
 * (PostgreSQL): the caller then checks again, as it would without the mark.
 */
export async function changeMark(db: Kysely<Database> | Transaction<Database>): Promise<string | null> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return null;
  const { rows } = await sql<{ changes: number; version: number }>`SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version`.execute(db);
  const row = rows[0];
  return row ? `${row.version}:${row.changes}` : null;
}
