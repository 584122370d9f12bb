import { ReloadOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { BackupInfo, RecoveryReason, RecoveryStatus } from '../../../../src-main/api/backup.types';
import { useBackups, useRecoveryStatus, useRestoreBackup } from '../../hooks/backup.queries';
import { QueryError } from '../QueryError';
import { BACKUP_KIND_LABELS, formatBackupTime } from './backup-format';
import { BackupTable } from './BackupTable';

const WHAT_HAPPENED: Record<RecoveryReason, string> = {
  corrupt:
    '数据库文件已损坏：启动时的完整性检查发现了错误。常见原因是断电或强制关机时写入中断、磁盘故障，或文件被其他软件改动过。',
  unreadable: '数据库文件无法识别：它不是有效的数据库文件，可能被其他文件覆盖、复制不完整或被加密软件改动过。',
  'too-new':
    '数据库由更新版本的规划督办台创建，本程序无法打开。最好的办法是安装新版本；如果必须使用本程序，可以恢复一个本程序创建的备份。',
  'migration-failed': '升级数据库结构时出错，数据库已退回升级前的状态。可以从备份恢复，或联系维护人员。',
  missing:
    '数据库文件不见了或是空文件（0 字节），而数据目录中有备份。常见原因是复制、同步或移动数据目录时中断，或文件被误删。程序没有新建空白数据库，请从备份恢复。',
};

/**
 * Shows the recovery screen instead of the app while the database cannot be opened (the main side says so through
 * recovery.status); once a backup is restored, the app appears.
 */
export function RecoveryGate({ children }: { children: ReactNode }) {
  const status = useRecoveryStatus();
  if (status.isPending) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
        <Spin description="正在检查数据…" />
      </div>
    );
  }
  // A failed status call (a wrong token, an older server) is left to the app's own error displays.
  if (status.data?.needed) return <RecoveryScreen status={status.data} />;
  return children;
}

function RecoveryScreen({ status }: { status: Extract<RecoveryStatus, { needed: true }> }) {
  const { message, modal } = App.useApp();
  const backups = useBackups();
  const restore = useRestoreBackup('recovery');

  const confirmRestore = (backup: BackupInfo) => {
    modal.confirm({
      title: '用这个备份恢复？',
      width: 560,
      content: (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          将把无法打开的数据库文件移到数据目录下的 set-aside 文件夹中保留（不会删除），然后用 {formatBackupTime(backup.createdAt)}{' '}
          的{BACKUP_KIND_LABELS[backup.kind]}恢复数据。这个备份之后录入的内容不在其中。
        </Typography.Paragraph>
      ),
      okText: '恢复',
      cancelText: '取消',
      onOk: async () => {
        try {
          const result = await restore.mutateAsync(backup.name);
          message.success(`已恢复到 ${formatBackupTime(result.restored.createdAt)} 的备份。原数据库文件已移到：${result.movedAside[0] ?? 'set-aside 文件夹'}`, 8);
        } catch (error) {
          message.error(error instanceof Error ? error.message : String(error), 8);
        }
      },
    });
  };

  return (
    <main style={{ height: '100%', overflow: 'auto', background: '#f5f6f8', padding: '40px 24px' }}>
      <Card style={{ maxWidth: 1000, margin: '0 auto' }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            <WarningFilled style={{ color: '#d4380d', marginRight: 12 }} />
            数据库无法打开，需要从备份恢复
          </Typography.Title>
          <Alert type="error" showIcon title={WHAT_HAPPENED[status.reason]} description={status.message} />
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            程序没有修改或删除这个文件。恢复时，它会被移到数据目录下的 set-aside 文件夹中保留，可交给维护人员分析或尝试抢救其中的数据。
          </Typography.Paragraph>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="数据库文件">
              <Typography.Text copyable>{status.databaseFile}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="备份文件夹">
              <Typography.Text copyable>{status.backupDir}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              选择一个备份恢复
            </Typography.Title>
            <Button icon={<ReloadOutlined />} onClick={() => void backups.refetch()}>
              刷新
            </Button>
          </Space>
          {backups.error ? (
            <QueryError error={backups.error} />
          ) : backups.data?.length === 0 ? (
            <Alert
              type="warning"
              showIcon
              title="没有找到备份"
              description="可以把其他电脑或 U 盘上的备份文件（.sqlite3）复制到上面的备份文件夹，然后点“刷新”。也可以联系维护人员。"
            />
          ) : (
            <BackupTable
              backups={backups.data ?? []}
              loading={backups.isLoading}
              actionLabel="用此备份恢复"
              busyName={restore.isPending ? (restore.variables ?? null) : null}
              onAction={confirmRestore}
            />
          )}
        </Space>
      </Card>
    </main>
  );
}
