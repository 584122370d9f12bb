import type { BackupKind } from '../api/backup.types';

/**
 * Backup file names say what they are in Chinese, for someone looking into the folder, and carry their time
 * in UTC, e.g. `自动备份_2025-03-01T08-30-00-000Z.sqlite3`, `升级前备份_v1_2025-03-01T08-30-00-000Z.sqlite3`.
 * The migrator's pre-migration backups (db/migrator.ts) follow the same pattern.
 */
export const KIND_PREFIX: Record<Exclude<BackupKind, 'other'>, string> = {
  auto: '自动备份',
  manual: '手动备份',
  'pre-restore': '恢复前备份',
  'pre-migration': '升级前备份',
};

export const BACKUP_EXTENSION = '.sqlite3';

/** The endings of each engine's backups: a SQLite file, or a pg_dump archive of the shared server's PostgreSQL. */
export type BackupExtension = typeof BACKUP_EXTENSION | '.pgdump';

export function timeStamp(at: Date): string {
  return at.toISOString().replace(/[:.]/gu, '-');
}

export function backupFileName(kind: Exclude<BackupKind, 'other' | 'pre-migration'>, at: Date, extension: BackupExtension = BACKUP_EXTENSION): string {
  return `${KIND_PREFIX[kind]}_${timeStamp(at)}${extension}`;
}

const NAME = /^(.+?)_(?:v\d+_)?(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.(?:sqlite3|pgdump)$/u;

/** Kind and time from a name this app wrote; null for any other file (listed as 'other', timed by its mtime). */
export function parseBackupFileName(name: string): { kind: Exclude<BackupKind, 'other'>; createdAt: Date } | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const kind = (Object.keys(KIND_PREFIX) as (keyof typeof KIND_PREFIX)[]).find((key) => KIND_PREFIX[key] === match[1]);
  if (!kind) return null;
  const createdAt = new Date(`${match[2]}T${match[3]}:${match[4]}:${match[5]}.${match[6]}Z`);
  return Number.isNaN(createdAt.getTime()) ? null : { kind, createdAt };
}
