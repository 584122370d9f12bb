import { z } from 'zod';
import type { BackupInfo, KeptDatabase, RecoveryStatus, RestoreImpact, RestoreResult } from './backup.types';
import { channel, type ChannelGroup } from './channel-def';
import { adminOnly, anyone, keeperOnly, memberOrAdmin } from './access';

/**
 * A backup is named by its file name in the backups folder, never by a path: no separators, no `..`, no control
 * or Windows-reserved characters. The service then accepts only a name it finds in the folder's listing. SQLite backups
 * end in .sqlite3, the PostgreSQL server's (pg_dump) in .pgdump.
 */
export const backupName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!\.)(?!.*\.\.)[^\\/:*?"<>|\p{Cc}]+\.(?:sqlite3|pgdump)$/u, '备份文件名不正确（只接受备份列表中的文件名）');

/** Channels of 数据备份 and the recovery screen (contract part for backups). */
export const backupChannels = {
  'backup.list': channel<BackupInfo[]>()(anyone, z.strictObject({})),
  'backup.create': channel<BackupInfo>()(memberOrAdmin, z.strictObject({})),
  /** What a restore would set aside (made since the backup), by unit: shown before the office confirms. */
  'backup.restoreImpact': channel<RestoreImpact>()(keeperOnly('恢复备份（会撤销备份之后所有单位的填报和修改）'), z.strictObject({ name: backupName })),
  'backup.restore': channel<RestoreResult>()(keeperOnly('恢复备份（会撤销备份之后所有单位的填报和修改）'), z.strictObject({ name: backupName })),
  /** PostgreSQL: the databases restores kept (the data before each), until the 系统管理员 removes them; none on SQLite. */
  'backup.keptDatabases': channel<KeptDatabase[]>()(keeperOnly('查看恢复时保留的数据库'), z.strictObject({})),
  'backup.dropKeptDatabase': channel<{ dropped: string }>()(
    adminOnly('删除恢复时保留的数据库'),
    z.strictObject({ name: z.string().min(1).max(63).regex(/^[^\p{Cc}"]+$/u, '数据库名不正确（只接受列表中的名称）') }),
  ),
  'recovery.status': channel<RecoveryStatus>()(anyone, z.strictObject({})),
  'recovery.restore': channel<RestoreResult>()(anyone, z.strictObject({ name: backupName })),
} satisfies ChannelGroup;
