import type BetterSqlite3 from 'better-sqlite3';
import { sqliteTables } from './sqlite-tables';

/**
 * Writes the Kysely `Database` interface for a migrated SQLite schema. The committed `database.types.ts` is
 * this function's output; a test regenerates it and fails when the two differ, so the types cannot drift
 * from the migrations.
 */
export function generateDatabaseTypes(sqlite: BetterSqlite3.Database): string {
  const tables = sqliteTables(sqlite);

  const interfaces = tables.map(({ name, columns }) => {
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
