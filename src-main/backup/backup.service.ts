import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, BackupKind } from '../api/backup.types';
import { backupName } from '../api/backup.contract';
import { AppError } from '../api/errors';
import { checkDatabaseFile } from '../db/integrity';
import { BACKUP_EXTENSION, backupFileName, parseBackupFileName, type BackupExtension } from './backup-names';
import { backupsToPrune } from './backup-retention';
import type { BackupWriter } from './backup-writer';

/**
 * 数据备份: files in `<data folder>/backups`, each a complete backup written by the engine's writer (backup-writer.ts):
 * a SQLite database written by the backup API, or on the PostgreSQL server a pg_dump archive. Each engine lists and
 * prunes only its own files.
 */

export const BACKUP_FOLDER_NAME = 'backups';

export function backupDirOf(dataDir: string): string {
  return join(dataDir, BACKUP_FOLDER_NAME);
}

/** Backs the open database up into the backups folder. */
export async function createBackup(
  writer: BackupWriter,
  backupDir: string,
  kind: 'auto' | 'manual' | 'pre-restore',
  now: Date = new Date(),
): Promise<BackupInfo> {
  mkdirSync(backupDir, { recursive: true });
  // Two backups in the same millisecond (a test, a double click) get distinct names rather than one overwriting.
  let at = now;
  while (existsSync(join(backupDir, backupFileName(kind, at, writer.extension)))) at = new Date(at.getTime() + 1);
  const name = backupFileName(kind, at, writer.extension);
  await writer.write(join(backupDir, name));
  return { name, kind, createdAt: at.toISOString(), sizeBytes: statSync(join(backupDir, name)).size };
}

/** Every backup in the folder, newest first. Temporary files of a backup in progress are not listed. */
export function listBackups(backupDir: string, extension: BackupExtension = BACKUP_EXTENSION): BackupInfo[] {
  let names: string[];
  try {
    names = readdirSync(backupDir);
  } catch {
    return [];
  }
  const backups: BackupInfo[] = [];
  for (const name of names) {
    if (!name.endsWith(extension) || !backupName.safeParse(name).success) continue;
    let stat;
    try {
      stat = statSync(join(backupDir, name));
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    const parsed = parseBackupFileName(name);
    const kind: BackupKind = parsed?.kind ?? 'other';
    backups.push({ name, kind, createdAt: (parsed?.createdAt ?? stat.mtime).toISOString(), sizeBytes: stat.size });
  }
  return backups.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

/** Applies the retention rule (backup-retention.ts) to the folder; returns the names it deleted. */
export function pruneBackups(backupDir: string, now: Date = new Date(), extension: BackupExtension = BACKUP_EXTENSION): string[] {
  const candidates = listBackups(backupDir, extension).map((backup) => ({ ...backup, createdAt: new Date(backup.createdAt) }));
  const prune = backupsToPrune(candidates, now);
  for (const name of prune) rmSync(join(backupDir, name), { force: true });
  return prune;
}

/**
 * The backup a caller named, as a listed entry and its path. Only names that are in the folder's listing are
 * accepted, so no caller-supplied text ever becomes a path of its choosing.
 */
export function findBackup(backupDir: string, name: string, extension: BackupExtension = BACKUP_EXTENSION): { backup: BackupInfo; file: string } {
  const backup = backupName.safeParse(name).success ? listBackups(backupDir, extension).find((entry) => entry.name === name) : undefined;
  if (!backup) throw new AppError('NOT_FOUND', `找不到名为“${name.slice(0, 80)}”的备份，请刷新备份列表后重试。`);
  return { backup, file: join(backupDir, backup.name) };
}

/**
 * Refuses a backup that could not stand in for the database: damaged (full integrity_check), not a database,
 * written by a newer app, or not a Plan Desk database at all.
 */
export function verifyBackup(file: string, latestSchemaVersion: number): void {
  let userVersion: number;
  try {
    ({ userVersion } = checkDatabaseFile(file, 'full'));
  } catch (error) {
    const reason = error instanceof AppError ? error.message.replace(/。程序没有修复或覆盖它：.*$/su, '') : String(error);
    throw new AppError('DB_CORRUPT', `这个备份不能用于恢复：${reason}。请选择其他备份。`);
  }
  if (userVersion > latestSchemaVersion) {
    throw new AppError(
      'DB_TOO_NEW',
      `这个备份由更新版本的规划督办台创建（数据结构版本 ${userVersion}，本程序最高支持 ${latestSchemaVersion}），不能用本程序恢复。请升级程序后再恢复。`,
    );
  }
  if (userVersion === 0) {
    throw new AppError('INVALID_INPUT', '这个文件不是规划督办台的数据库备份，不能用于恢复。');
  }
}
