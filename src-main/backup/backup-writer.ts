import type BetterSqlite3 from 'better-sqlite3';
import { writeBackupFile } from '../db/backup-file';
import { BACKUP_EXTENSION, type BackupExtension } from './backup-names';
import { PG_DUMP_EXTENSION, writePostgresDump } from './postgres-dump';

/**
 * What the backup service needs of the engine under the app: the ending of its backup files and a way to write one
 * whole backup of the open database to a path. Names, listing and the retention rule are the same for both engines.
 */
export interface BackupWriter {
  extension: BackupExtension;
  /** Writes a complete, consistent backup to `file`; nothing appears at `file` until it is whole. */
  write(file: string): Promise<void>;
}

/** SQLite: the backup API, in a worker (db/backup-file.ts). */
export function sqliteBackupWriter(sqlite: BetterSqlite3.Database): BackupWriter {
  return { extension: BACKUP_EXTENSION, write: (file) => writeBackupFile(sqlite, file) };
}

/** PostgreSQL: pg_dump of the database at `url` (the address with its password, which goes to pg_dump's environment only). */
export function postgresBackupWriter(url: string): BackupWriter {
  return { extension: PG_DUMP_EXTENSION, write: (file) => writePostgresDump(url, file) };
}
