/** Shapes of the backup (数据备份) and recovery (数据恢复) channels. */

/**
 * auto 自动备份 (at start and daily), manual 手动备份, pre-restore 恢复前备份 (the current data, taken before a restore
 * replaces it, so the restore can be undone), pre-migration 升级前备份 (before a new app version changes the schema),
 * other: a database file someone copied into the backups folder.
 */
export type BackupKind = 'auto' | 'manual' | 'pre-restore' | 'pre-migration' | 'other';

export interface BackupInfo {
  /** The file name inside the backups folder; the only way a caller may name a backup. */
  name: string;
  kind: BackupKind;
  /** ISO 8601, UTC. */
  createdAt: string;
  sizeBytes: number;
}

/** Why the database could not be opened at start; `missing`: no file, or an empty one, where backups show data was. */
export type RecoveryReason = 'corrupt' | 'unreadable' | 'too-new' | 'migration-failed' | 'missing';

export type RecoveryStatus =
  | { needed: false }
  | {
      needed: true;
      reason: RecoveryReason;
      /** The start-up error, in Chinese, as the user should read it. */
      message: string;
      databaseFile: string;
      dataDir: string;
      backupDir: string;
    };

export interface RestoreResult {
  restored: BackupInfo;
  /** The backup of the data that was current before the restore (normal mode), to undo it with. */
  safetyBackup: BackupInfo | null;
  /** Recovery mode: where the damaged files were moved; they are never deleted. */
  movedAside: string[];
  /** PostgreSQL: the database that held the data before the restore, kept under this name (see KeptDatabase). */
  keptDatabase?: string;
}

/** One unit's work that a restore would set aside: made after the backup, so not in it. */
export interface RestoreImpactRow {
  /** Null: tasks without a lead unit yet. */
  unitId: number | null;
  unitName: string;
  reports: number;
  notices: number;
  tasks: number;
}

/**
 * What restoring a backup would set aside (it stays only in the 恢复前备份): progress reports (进展填报), 督办单 and
 * tasks made since the backup, by unit, largest first. Shown in the restore dialog before the office confirms.
 */
export interface RestoreImpact {
  backup: BackupInfo;
  byUnit: RestoreImpactRow[];
  totals: { reports: number; notices: number; tasks: number };
}

/**
 * On PostgreSQL a restore keeps the database it replaced (under `<name>_before_restore_<time>`), and a restore stopped
 * halfway may leave the new one behind (`<name>_restoring_<time>`): both stay until the 系统管理员 removes them.
 */
export interface KeptDatabase {
  name: string;
  kind: 'before-restore' | 'unfinished-restore';
  /** ISO 8601, UTC: when the restore ran. */
  keptAt: string;
  sizeBytes: number;
}
