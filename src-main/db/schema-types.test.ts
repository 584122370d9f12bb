import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { expect, it } from 'vitest';
import { bundledMigrations } from './migrator';
import { generateDatabaseTypes } from './schema-codegen';

const typesFile = fileURLToPath(new URL('./database.types.ts', import.meta.url));

it('the committed Database types match the migrated schema (run `npm run db:types` after adding a migration)', () => {
  const sqlite = new BetterSqlite3(':memory:');
  for (const migration of bundledMigrations()) sqlite.exec(migration.sql);
  const generated = generateDatabaseTypes(sqlite);
  sqlite.close();
  if (process.env.UPDATE_DB_TYPES === '1') writeFileSync(typesFile, generated);
  expect(readFileSync(typesFile, 'utf8')).toBe(generated);
});
