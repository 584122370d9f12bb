import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { sqliteTables } from './sqlite-tables';

/**
 * A schema as the generated `Database` type sees it: per table, per column, its TypeScript type, whether it may be
 * NULL and whether the database fills it in (a default or an identity). Read from SQLite and from PostgreSQL, the two
 * must be equal: one Database type over both engines (schema-types.test.ts).
 */
export type SchemaModel = Record<string, Record<string, { type: string; nullable: boolean; generated: boolean }>>;

export function sqliteSchemaModel(sqlite: BetterSqlite3.Database): SchemaModel {
  const model: SchemaModel = {};
  for (const { name, columns } of sqliteTables(sqlite)) {
    // The rowid alias: a table's only primary key column, declared INTEGER (not the first of a composite key), unless
    // the table has no rowid (WITHOUT ROWID: the key is an ordinary column the writer gives).
    const keyColumns = columns.filter((column) => column.pk > 0).length;
    const definition = sqlite.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?').get('table', name) as { sql: string } | undefined;
    const hasRowId = !/\bWITHOUT\s+ROWID\b/iu.test(definition?.sql ?? '');
    model[name] = Object.fromEntries(
      columns.map((column) => {
        const isRowId = hasRowId && column.pk === 1 && keyColumns === 1 && column.type.toUpperCase() === 'INTEGER';
        return [column.name, { type: SQLITE_TYPES[column.type.toUpperCase()] ?? 'unknown', nullable: !column.notnull && !isRowId, generated: isRowId || column.dflt_value !== null }];
      }),
    );
  }
  return model;
}

const SQLITE_TYPES: Record<string, string> = { INTEGER: 'number', REAL: 'number', TEXT: 'string', BLOB: 'Buffer' };
const POSTGRES_TYPES: Record<string, string> = {
  bigint: 'number',
  integer: 'number',
  smallint: 'number',
  'double precision': 'number',
  real: 'number',
  text: 'string',
  bytea: 'Buffer',
};

/**
 * The app's tables on PostgreSQL: not the migrations record, nor the search's task_fts (migrations/postgres/0034), the
 * counterpart of SQLite's full-text table that `sqliteTables` leaves out.
 */
export async function postgresSchemaModel<DB>(db: Kysely<DB>): Promise<SchemaModel> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>`
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_identity
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT IN ('schema_migrations', 'task_fts')
    ORDER BY c.table_name, c.ordinal_position`.execute(db);
  const model: SchemaModel = {};
  for (const row of rows) {
    const table = (model[row.table_name] ??= {});
    // An identity primary key is never NULL; SQLite's INTEGER PRIMARY KEY is not typed nullable either.
    table[row.column_name] = {
      type: POSTGRES_TYPES[row.data_type] ?? 'unknown',
      nullable: row.is_nullable === 'YES',
      generated: row.is_identity === 'YES' || row.column_default !== null,
    };
  }
  return model;
}
