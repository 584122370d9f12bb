import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.types';
import { changeMarkQuery } from './sql-forms';

/**
 * A mark of the database's content as one connection sees it: two equal marks from the same connection mean no row
 * was written in between, by this connection or any other. Lets a long check done once (a template import's preview
 * comparing 10,000 rows) stand for the same check inside the write transaction that follows, instead of running it
 * again, when nothing has changed since.
 *
 * SQLite: `total_changes()` counts every row this connection has inserted, updated or deleted since it opened
 * (triggers included; a rolled-back change still counts, which only ever makes the marks differ), and
 * `PRAGMA data_version` changes whenever another connection commits. PostgreSQL: the snapshot and the caller's own
 * transaction id (sql-forms.ts changeMarkQuery), the same from any pooled connection; a commit or abort of any
 * writing transaction changes it (an abort, or autovacuum's ANALYZE, only ever makes the marks differ). Without it the
 * apply of a 10,000-row template compared every row again inside its transaction (~0.5 s of reads, bench/).
 * Null if the engine gives no mark: the caller then checks again, as it would without the mark.
 *
 * One limit on PostgreSQL: a transaction's own writes move its mark only at its first write (when it takes its id), not
 * at every write after. So compare a mark read before a transaction with one read inside it before it writes (as the
 * template import does), never two marks read inside one transaction around its own later writes.
 */
export async function changeMark(db: Kysely<Database> | Transaction<Database>): Promise<string | null> {
  const { rows } = await changeMarkQuery().execute(db);
  const row = rows[0];
  return row ? `${row.version}:${row.changes}` : null;
}
