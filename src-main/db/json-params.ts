import { sql, type RawBuilder } from 'kysely';

/**
 * Lists and rows passed to SQLite as ONE bound parameter, a JSON array read back with json_each. Whatever the length,
 * the SQL text stays the same, so the prepared statement is reused from the statement cache (db/statement-cache.ts)
 * and stays small, and SQLite's limit of 32,766 bound parameters never applies. A multi-row VALUES list instead made
 * a new statement per length — thousands of parameters compiled to megabytes of bytecode each, all kept in the cache
 * (bench/: generation's peak memory).
 */

/** `column IN ${idList(ids)}` */
export function idList(ids: readonly number[]): RawBuilder<number> {
  return sql<number>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/**
 * `insertInto(table).columns(columns).expression(jsonRows(rows, columns))`: the rows in order, as a SELECT. Numbers,
 * text and null arrive as the same SQLite values (and the same bytes) as when bound one by one.
 */
export function jsonRows<Row extends object, Column extends keyof Row & string>(rows: readonly Row[], columns: readonly Column[]): RawBuilder<unknown> {
  const values = JSON.stringify(rows.map((row) => columns.map((column) => row[column])));
  return sql`SELECT ${sql.join(columns.map((_, i) => sql`value ->> ${sql.lit(i)}`))} FROM json_each(${values}) ORDER BY key`;
}
