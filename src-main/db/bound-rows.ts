import { SqliteAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './database.types';
import { SLICE_ROWS } from './slices';
import { jsonRows } from './sql-forms';

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

/**
 * A chunk of rows, in order, in the form `bindsRows` chooses: `VALUES (?, …), …`, or jsonRows' SELECT. Either is an
 * INSERT's source (`insertInto(table).columns(columns).expression(chunkRows(…))`) or, in parentheses, a derived table
 * whose columns a CTE's column list names (`with('fresh(a, b)', …)`: neither form names them the same on every
 * engine). `table`: the table whose row type PostgreSQL reads the JSON into, where the rows are not an INSERT's.
 */
export function chunkRows<Row extends object, Column extends keyof Row & string>(
  db: Kysely<Database> | Transaction<Database>,
  rows: readonly Row[],
  columns: readonly Column[],
  table?: string,
): RawBuilder<unknown> {
  if (!bindsRows(db, rows.length)) return jsonRows(rows, columns, table);
  return sql`VALUES ${sql.join(rows.map((row) => sql`(${sql.join(columns.map((column) => row[column]))})`))}`;
}
