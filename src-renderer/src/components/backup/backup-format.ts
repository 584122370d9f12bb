import type { BackupKind } from '../../../../src-main/api/backup.types';

export const BACKUP_KIND_LABELS: Record<BackupKind, string> = {
  auto: '自动备份',
  manual: '手动备份',
  'pre-restore': '恢复前备份',
  'pre-migration': '升级前备份',
  other: '其他数据库文件',
};

export function formatBackupTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
