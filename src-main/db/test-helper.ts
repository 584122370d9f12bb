import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppDatabase, type AppDatabase } from './connection';
import { openPostgresAppDatabase } from './postgres-database';
import { createPostgresTestDatabase, testEngine, type Prefill } from './postgres-test-database';

export { testEngine, type Prefill } from './postgres-test-database';

export interface TestDatabase extends AppDatabase {
  dir: string;
  /** Opens the same database a second time (as the app does at its next start); the caller closes it. */
  reopen(): Promise<AppDatabase>;
  /** Closes the database and deletes its folder. */
  dispose(): Promise<void>;
}

/**
 * A real, migrated database in a fresh temporary folder (or in `dir`, e.g. on a small disk): tests run against what
 * users run. A SQLite file; or, when PLAN_DESK_TEST_ENGINE=postgres (`npm run test:postgres`), a fresh database of
 * its own on the PostgreSQL at PLAN_DESK_TEST_PG_URL, dropped by dispose(). The folder is there on both (attachments).
 * `prefill` fills it as the tests need it to start (on PostgreSQL once, into a template each test's database copies).
 */
export async function createTestDatabase(dir: string = mkdtempSync(join(tmpdir(), 'plan-desk-test-')), prefill?: Prefill): Promise<TestDatabase> {
  const onPostgres = testEngine() === 'postgres' ? await createPostgresTestDatabase(prefill) : null;
  let database: AppDatabase;
  if (onPostgres) {
    // Filled once into a template, copied for each test.
    database = onPostgres.database;
  } else {
    database = await openAppDatabase(dir);
    await prefill?.fill(database.db);
  }
  return {
    ...database,
    dir,
    reopen: () => (onPostgres ? openPostgresAppDatabase(onPostgres.url) : openAppDatabase(dir)),
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
