import type { BackupInfo, KeptDatabase, RecoveryStatus, RestoreImpact, RestoreResult } from '../api/backup.types';
import type { HandlersOf } from '../api/handler.types';

/**
 * What the backup and recovery channels need from the running app: the app context implements it, because a
 * restore closes and reopens the database underneath every other channel.
 */
export interface DataSafety {
  listBackups(): BackupInfo[];
  /** What restoring the named backup would set aside: reports, 督办单 and tasks made since, by unit (read only). */
  restoreImpact(name: string): Promise<RestoreImpact>;
  /** A manual backup (手动备份). */
  createBackup(): Promise<BackupInfo>;
  /** Normal mode: backs the current data up, then replaces it with the named backup. */
  restoreBackup(name: string): Promise<RestoreResult>;
  recoveryStatus(): RecoveryStatus;
  /** Recovery mode: moves the unreadable database aside, then puts the named backup in its place. */
  recover(name: string): Promise<RestoreResult>;
  /** PostgreSQL: the databases restores kept; none on SQLite. */
  keptDatabases(): Promise<KeptDatabase[]>;
  /** PostgreSQL: removes a kept database (never the one in use). */
  dropKeptDatabase(name: string): Promise<{ dropped: string }>;
}

type BackupChannel =
  | 'backup.list'
  | 'backup.create'
  | 'backup.restoreImpact'
  | 'backup.restore'
  | 'backup.keptDatabases'
  | 'backup.dropKeptDatabase'
  | 'recovery.status'
  | 'recovery.restore';

/** Glue only: the rules (names, verification, file moves) live in src-main/backup and the app context. */
export function backupHandlers(safety: DataSafety): HandlersOf<BackupChannel> {
  return {
    'backup.list': () => safety.listBackups(),
    'backup.create': () => safety.createBackup(),
    'backup.restoreImpact': ({ name }) => safety.restoreImpact(name),
    'backup.restore': ({ name }) => safety.restoreBackup(name),
    'backup.keptDatabases': () => safety.keptDatabases(),
    'backup.dropKeptDatabase': ({ name }) => safety.dropKeptDatabase(name),
    'recovery.status': () => safety.recoveryStatus(),
    'recovery.restore': ({ name }) => safety.recover(name),
  };
}
