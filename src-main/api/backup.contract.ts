import { z } from 'zod';
import type { BackupInfo, RecoveryStatus, RestoreResult } from './backup.types';
import type { ChannelName } from './channels';
import { channel, type ChannelDef } from './channel-def';

/**
 * A backup is named by its file name in the backups folder, never by a path: no separators, no `..`, no control
 * or Windows-reserved characters. The service then accepts only a name it finds in the folder's listing.
 */
export const backupName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!\.)(?!.*\.\.)[^\\/:*?"<>|\p{Cc}]+\.sqlite3$/u, '备份文件名不正确（只接受备份列表中的文件名）');

/** Channels of 数据备份 and the recovery screen (contract part for backups). */
export const backupChannels = {
  'backup.list': channel<BackupInfo[]>()(z.strictObject({})),
  'backup.create': channel<BackupInfo>()(z.strictObject({})),
  'backup.restore': channel<RestoreResult>()(z.strictObject({ name: backupName })),
  'recovery.status': channel<RecoveryStatus>()(z.strictObject({})),
  'recovery.restore': channel<RestoreResult>()(z.strictObject({ name: backupName })),
} satisfies Partial<Record<ChannelName, ChannelDef<z.ZodType, unknown>>>;
