import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.types';
import { jsonRows } from '../db/sql-forms';

/**
 * Writes rows the sender owns, by their ids there: new rows are inserted with the sender's id, existing ones get the
 * sender's values in exactly `update` and keep every other column (a unit's ticks on a milestone, a task's status from
 * the unit's reports). One statement per table and chunk, the rows passed as one JSON parameter (db/sql-forms.ts).
 */
export async function upsertRows<Row extends object, Column extends keyof Row & string>(
  trx: Transaction<Database>,
  table: keyof Database & string,
  rows: readonly Row[],
  columns: readonly Column[],
  key: readonly Column[],
  update: readonly Column[],
): Promise<void> {
  const CHUNK = 2_000;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const onConflict =
      update.length > 0
        ? sql`DO UPDATE SET ${sql.join(update.map((column) => sql`${sql.ref(column)} = excluded.${sql.ref(column)}`))}`
        : sql`DO NOTHING`;
    // `WHERE true`: SQLite's rule for an upsert whose rows come from a SELECT (its ON would otherwise read as a join's).
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))})
      SELECT * FROM (${jsonRows(chunk, columns)}) WHERE true
      ON CONFLICT (${sql.join(key.map((column) => sql.ref(column)))}) ${onConflict}`.execute(trx);
  }
}
