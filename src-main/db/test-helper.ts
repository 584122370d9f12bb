import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppDatabase, type AppDatabase } from './connection';
import { openPostgresAppDatabase } from './postgres-database';
import { createPostgresTestDatabase, testEngine } from './postgres-test-database';

export { testEngine } from './postgres-test-database';

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
 */
export async function createTestDatabase(dir: string = mkdtempSync(join(tmpdir(), 'plan-desk-test-'))): Promise<TestDatabase> {
  const onPostgres = testEngine() === 'postgres' ? await createPostgresTestDatabase() : null;
  const database = onPostgres?.database ?? (await openAppDatabase(dir));
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
