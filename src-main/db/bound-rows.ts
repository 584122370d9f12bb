import { SqliteAdapter, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.types';
import { SLICE_ROWS } from './slices';

/**
 * Whether a chunk of rows is written as bound values (`INSERT … VALUES (?, …), …`) instead of one JSON text read back
 * with json_each (sql-forms.ts `jsonRows`): SQLite takes bound values in ~30% less time (a 10,000-row template import's
 * reports: ~60 ms less, bench/). Only a chunk of exactly `SLICE_ROWS` rows: its SQL text is then the same whatever the
 * rows, compiled once and kept as one statement per table in the statement cache, not one per length (why jsonRows
 * exists). Other lengths, and PostgreSQL (which reads the JSON into the table's row type), keep jsonRows.
 */
export function bindsRows(db: Kysely<Database> | Transaction<Database>, rowCount: number): boolean {
  return rowCount === SLICE_ROWS && db.getExecutor().adapter instanceof SqliteAdapter;
}
