import { Button, Table, Tag } from 'antd';
import type { BackupInfo } from '../../../../src-main/api/backup.types';
import { BACKUP_KIND_LABELS, formatBackupTime, formatBytes } from './backup-format';

const KIND_COLORS: Partial<Record<BackupInfo['kind'], string>> = { manual: 'blue', 'pre-restore': 'orange', 'pre-migration': 'purple' };

/** The backups in the data folder, newest first, each with one action (恢复 / 用此备份恢复). */
export function BackupTable({
  backups,
  loading,
  actionLabel,
  busyName,
  onAction,
}: {
  backups: BackupInfo[];
  loading: boolean;
  actionLabel: string;
  busyName: string | null;
  onAction: (backup: BackupInfo) => void;
}) {
  return (
    <Table<BackupInfo>
      rowKey="name"
      size="small"
      aria-label="备份列表"
      loading={loading}
      dataSource={backups}
      pagination={backups.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{ emptyText: '还没有备份' }}
      columns={[
        { title: '备份时间', dataIndex: 'createdAt', width: 190, render: (createdAt: string) => formatBackupTime(createdAt) },
        {
          title: '类型',
          dataIndex: 'kind',
          width: 130,
          render: (kind: BackupInfo['kind']) => <Tag color={KIND_COLORS[kind]}>{BACKUP_KIND_LABELS[kind]}</Tag>,
        },
        { title: '大小', dataIndex: 'sizeBytes', width: 100, align: 'right', render: (size: number) => formatBytes(size) },
        { title: '文件名', dataIndex: 'name', ellipsis: true },
        {
          title: '操作',
          key: 'action',
          width: 140,
          render: (_: unknown, backup) => (
            <Button
              size="small"
              loading={busyName === backup.name}
              disabled={busyName !== null && busyName !== backup.name}
              onClick={() => onAction(backup)}
              aria-label={`${actionLabel} ${formatBackupTime(backup.createdAt)} ${BACKUP_KIND_LABELS[backup.kind]}`}
            >
              {actionLabel}
            </Button>
          ),
        },
      ]}
    />
  );
}
