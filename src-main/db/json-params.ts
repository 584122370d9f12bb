/**
 * Lists and rows passed as ONE bound parameter: on SQLite a JSON array read back with json_each. Whatever the length,
 * the SQL text stays the same, so the prepared statement is reused from the statement cache (db/statement-cache.ts)
 * and stays small, and SQLite's limit of 32,766 bound parameters never applies. A multi-row VALUES list instead made
 * a new statement per length — thousands of parameters compiled to megabytes of bytecode each, all kept in the cache
 * (bench/: generation's peak memory). PostgreSQL's forms (an array, jsonb_populate_recordset) are beside them in
 * sql-forms.ts.
 */
export { idList, jsonRows } from './sql-forms';
