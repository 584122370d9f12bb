import { CloudDownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Typography } from 'antd';
import type { BackupInfo } from '../../../../src-main/api/backup.types';
import { useBackups, useCreateBackup, useFetchRestoreImpact, useRestoreBackup } from '../../hooks/backup.queries';
import { RestoreImpactSummary } from './RestoreImpactSummary';
import { QueryError } from '../QueryError';
import { BACKUP_KIND_LABELS, formatBackupTime } from './backup-format';
import { BackupTable } from './BackupTable';
import { KeptDatabases } from './KeptDatabases';

/** 设置 → 数据备份: the list, 立即备份, and 恢复 (which backs the current data up first). */
export function BackupSection() {
  const { message, modal } = App.useApp();
  const backups = useBackups();
  const create = useCreateBackup();
  const restore = useRestoreBackup('settings');
  const fetchImpact = useFetchRestoreImpact();

  const backUpNow = async () => {
    try {
      const backup = await create.mutateAsync();
      message.success(`已备份：${formatBackupTime(backup.createdAt)}`);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };

  const confirmRestore = async (backup: BackupInfo) => {
    let impact;
    try {
      impact = await fetchImpact(backup.name);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
      return;
    }
    modal.confirm({
      title: '恢复到这个备份？',
      width: 520,
      content: (
        <>
          <Typography.Paragraph style={{ marginTop: 8 }}>
            将用 {formatBackupTime(backup.createdAt)} 的{BACKUP_KIND_LABELS[backup.kind]}替换当前的全部数据，此后录入的内容不在这个备份中。
            <br />
            恢复前，程序会先把当前数据备份为“恢复前备份”：如果恢复后发现不对，再恢复那个备份即可撤销。
          </Typography.Paragraph>
          <RestoreImpactSummary impact={impact} />
        </>
      ),
      okText: '恢复',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          const result = await restore.mutateAsync(backup.name);
          message.success(
            `已恢复到 ${formatBackupTime(result.restored.createdAt)} 的备份。` +
              (result.safetyBackup ? `恢复前的数据已备份（${formatBackupTime(result.safetyBackup.createdAt)}）。` : '') +
              (result.keptDatabase ? `原来的数据库保留为 ${result.keptDatabase}。` : ''),
          );
        } catch (error) {
          message.error(error instanceof Error ? error.message : String(error));
        }
      },
    });
  };

  return (
    <Card
      title="数据备份"
      extra={
        <Button type="primary" icon={<CloudDownloadOutlined />} loading={create.isPending} onClick={() => void backUpNow()}>
          立即备份
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          程序每次启动时、以及运行期间每天，会自动备份数据库（SQLite 用其备份功能；共享服务器使用 PostgreSQL 时用 pg_dump）。保留规则：当天的备份全部保留；此前 30 天每天保留最新一份；更早的每月保留一份。
          手动备份、恢复前备份和升级前备份不会被自动删除。备份文件在数据目录的 backups 文件夹中，也可以复制到 U 盘另行保存。
        </Typography.Paragraph>
        {backups.error ? (
          <QueryError error={backups.error} />
        ) : (
          <BackupTable
            backups={backups.data ?? []}
            loading={backups.isLoading}
            actionLabel="恢复"
            busyName={restore.isPending ? (restore.variables ?? null) : null}
            onAction={(backup) => void confirmRestore(backup)}
          />
        )}
        <KeptDatabases />
      </Space>
    </Card>
  );
}
