import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from './migrator';
import { generateDatabaseTypes } from './schema-codegen';
import { postgresSchemaModel, sqliteSchemaModel } from './schema-model';
import { createTestDatabase, testEngine } from './test-helper';

const typesFile = fileURLToPath(new URL('./database.types.ts', import.meta.url));

function migratedSqlite(): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(':memory:');
  for (const migration of bundledMigrations()) sqlite.exec(migration.sql);
  return sqlite;
}

it('the committed Database types match the migrated schema (run `npm run db:types` after adding a migration)', () => {
  const sqlite = migratedSqlite();
  const generated = generateDatabaseTypes(sqlite);
  sqlite.close();
  if (process.env.UPDATE_DB_TYPES === '1') writeFileSync(typesFile, generated);
  expect(readFileSync(typesFile, 'utf8')).toBe(generated);
});

// On PostgreSQL only (npm run test:postgres): migrations/postgres/ must give the schema the Database type describes.
describe.skipIf(testEngine() !== 'postgres')('on PostgreSQL', () => {
  it('migrations/postgres/ give the same tables and columns, nullability, types and defaults as the SQLite schema', async () => {
    const sqlite = migratedSqlite();
    const expected = sqliteSchemaModel(sqlite);
    sqlite.close();
    const t = await createTestDatabase();
    try {
      expect(await postgresSchemaModel(t.db)).toEqual(expected);
    } finally {
      await t.dispose();
    }
  });
});
