import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppDatabase, type AppDatabase } from './connection';

export interface TestDatabase extends AppDatabase {
  dir: string;
  /** Closes the database and deletes its folder. */
  dispose(): Promise<void>;
}

/**
 * A real, migrated SQLite file in a fresh temporary folder (or in `dir`, e.g. on a small disk): tests run against what
 * users run.
 */
export async function createTestDatabase(dir: string = mkdtempSync(join(tmpdir(), 'plan-desk-test-'))): Promise<TestDatabase> {
  const database = await openAppDatabase(dir);
  return {
    ...database,
    dir,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
