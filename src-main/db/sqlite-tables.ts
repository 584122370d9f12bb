import type BetterSqlite3 from 'better-sqlite3';

/** A column as SQLite's pragma_table_info describes it. */
export interface SqliteColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/**
 * The app's tables of a migrated SQLite database, by name, with their columns in order: the ones the generated
 * `Database` type describes (not SQLite's own, the migrations record, or the full-text index and its shadow tables).
 * One list for the type generator and the schema model, so the two read the same tables.
 */
export function sqliteTables(sqlite: BetterSqlite3.Database): { name: string; columns: SqliteColumn[] }[] {
  const tables = sqlite
    .prepare(
      `SELECT name FROM sqlite_master
       WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'
         AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT GLOB '*_fts_*'
       ORDER BY name`,
    )
    .all() as { name: string }[];
  return tables.map(({ name }) => ({ name, columns: sqlite.prepare('SELECT * FROM pragma_table_info(?) ORDER BY cid').all(name) as SqliteColumn[] }));
}
