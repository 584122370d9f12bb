import {
  createDatabaseLike,
  dropDatabase,
  refuseOtherConnections,
  restoreDumpInto,
  restoreNames,
  switchToRestored,
  verifyRestoredDatabase,
} from '../backup/postgres-databases';
import { databaseNameOf, serverMajorAt } from '../backup/postgres-dump';
import { openPostgresAppDatabase } from '../db/postgres-database';
import { urlOfDatabase } from '../db/postgres-dialect';
import { writeCarriedState, type CarriedState } from './restore-carry';

export interface PostgresRestore {
  /** The app's database address, with its password (it goes to pg_restore's environment and pg's pool only). */
  url: string;
  /** The pg_dump archive, already found in the backups folder and its table of contents checked. */
  file: string;
  at: Date;
  /** Today's accounts and 操作日志, read from the current database (restore-carry.ts: the same rule as on SQLite). */
  carried: CarriedState;
  /** Ends this app server's connections to the current database (a database cannot be renamed while in use). */
  closeCurrent(): Promise<void>;
  /** Opens the database the address names: the restored one after the switch, the current one after a failure. */
  reopen(): Promise<void>;
}

/**
 * A restore on PostgreSQL (postgres-databases.ts has the why): the archive goes into a new database, which is checked
 * (every table's rows against the archive, then opened as the app opens a database: migrated if older, refused if
 * newer), receives today's accounts and 操作日志, and only then takes the current database's name, the current one
 * being kept under its own. Until that rename nothing about the current database has changed; any failure before it
 * drops the new database and reopens the current one. Returns the kept database's name.
 *
 * This app server's connections end first: it answers nothing during a restore anyway (every call waits), and so
 * another app server still connected is found before the archive is restored, not minutes later at the switch.
 */
export async function restorePostgresBackup(restore: PostgresRestore): Promise<{ kept: string }> {
  const { url, file } = restore;
  const current = databaseNameOf(url);
  const serverMajor = await serverMajorAt(url);
  const names = { current, ...restoreNames(current, restore.at) };
  await restore.closeCurrent();
  try {
    await refuseOtherConnections(url, current);
    await createDatabaseLike(url, current, names.restoring);
    try {
      await restoreDumpInto(url, file, names.restoring, serverMajor);
      await verifyRestoredDatabase(url, file, names.restoring, serverMajor);
      const restored = await openPostgresAppDatabase(urlOfDatabase(url, names.restoring), { max: 2 });
      try {
        await writeCarriedState(restored.db, restore.carried);
      } finally {
        await restored.close();
      }
      await switchToRestored(url, names);
    } catch (error) {
      await dropDatabase(url, names.restoring).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await restore.reopen();
    throw error;
  }
  try {
    await restore.reopen();
  } catch (error) {
    // The restored database would not open after all: the same two renames backwards, and the data before it again.
    await switchToRestored(url, { current, restoring: names.kept, kept: names.restoring });
    await dropDatabase(url, names.restoring).catch(() => undefined);
    await restore.reopen();
    throw error;
  }
  return { kept: names.kept };
}
