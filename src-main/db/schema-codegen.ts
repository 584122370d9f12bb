import type BetterSqlite3 from 'better-sqlite3';

/**
 * Writes the Kysely `Database` interface for a migrated SQLite schema. The committed `database.types.ts` is
 * this function's output; a test regenerates it and fails when the two differ, so the types cannot drift
 * from the migrations.
 */
export function generateDatabaseTypes(sqlite: BetterSqlite3.Database): string {
  const tables = sqlite
    .prepare(
      `SELECT name FROM sqlite_master
       WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'
         AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT GLOB '*_fts_*'
       ORDER BY name`,
    )
    .all() as { name: string }[];

  const interfaces = tables.map(({ name }) => {
    const columns = sqlite.prepare(`SELECT * FROM pragma_table_info(?) ORDER BY cid`).all(name) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const fields = columns.map((column) => {
      let type = tsType(column.type);
      const isRowId = column.pk === 1 && column.type.toUpperCase() === 'INTEGER';
      if (!column.notnull && !isRowId) type = `${type} | null`;
      if (isRowId || column.dflt_value !== null) type = `Generated<${type}>`;
      return `  ${column.name}: ${type};`;
    });
    return `export interface ${interfaceName(name)} {\n${fields.join('\n')}\n}`;
  });

  return [
    '// Generated from the migrated schema by `npm run db:types` (src-main/db/schema-codegen.ts). Do not edit.',
    "import type { Generated } from 'kysely';",
    '',
    'export interface Database {',
    ...tables.map(({ name }) => `  ${name}: ${interfaceName(name)};`),
    '}',
    '',
    interfaces.join('\n\n'),
    '',
  ].join('\n');
}

function tsType(sqliteType: string): string {
  switch (sqliteType.toUpperCase()) {
    case 'INTEGER':
    case 'REAL':
      return 'number';
    case 'TEXT':
      return 'string';
    case 'BLOB':
      return 'Buffer';
    default:
      return 'unknown';
  }
}

function interfaceName(table: string): string {
  return `${table.replace(/(^|_)([a-z])/gu, (_, __, ch: string) => ch.toUpperCase())}Table`;
}
