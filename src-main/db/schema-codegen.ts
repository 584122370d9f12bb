import type BetterSqlite3 from 'better-sqlite3';
import { sqliteSchemaModel } from './schema-model';

/**
 * Writes the Kysely `Database` interface for a migrated SQLite schema. The committed `database.types.ts` is
 * this function's output; a test regenerates it and fails when the two differ, so the types cannot drift
 * from the migrations. Each column's type, nullability and whether the database fills it in come from the schema
 * model the PostgreSQL schema is checked against (schema-model.ts): one reading of the SQLite schema, not two.
 */
export function generateDatabaseTypes(sqlite: BetterSqlite3.Database): string {
  const tables = Object.entries(sqliteSchemaModel(sqlite));

  const interfaces = tables.map(([name, columns]) => {
    const fields = Object.entries(columns).map(([column, { type, nullable, generated }]) => {
      const value = nullable ? `${type} | null` : type;
      return `  ${column}: ${generated ? `Generated<${value}>` : value};`;
    });
    return `export interface ${interfaceName(name)} {\n${fields.join('\n')}\n}`;
  });

  return [
    '// Generated from the migrated schema by `npm run db:types` (src-main/db/schema-codegen.ts). Do not edit.',
    "import type { Generated } from 'kysely';",
    '',
    'export interface Database {',
    ...tables.map(([name]) => `  ${name}: ${interfaceName(name)};`),
    '}',
    '',
    interfaces.join('\n\n'),
    '',
  ].join('\n');
}

function interfaceName(table: string): string {
  return `${table.replace(/(^|_)([a-z])/gu, (_, __, ch: string) => ch.toUpperCase())}Table`;
}
