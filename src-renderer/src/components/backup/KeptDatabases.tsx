import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Table, Typography } from 'antd';
import type { KeptDatabase } from '../../../../src-main/api/backup.types';
import { useDropKeptDatabase, useKeptDatabases } from '../../hooks/backup.queries';
import { useIdentity } from '../../hooks/task.queries';
import { formatBackupTime, formatBytes } from './backup-format';

const KIND_LABELS: Record<KeptDatabase['kind'], string> = {
  'before-restore': '恢复前的数据库',
  'unfinished-restore': '未完成的恢复',
};

/**
 * The shared server on PostgreSQL keeps the database each restore replaced, until the 系统管理员 removes it here.
 * Nothing shows on SQLite (no kept databases) or to accounts that may not list them.
 */
export function KeptDatabases() {
  const { message, modal } = App.useApp();
  const role = useIdentity().data?.role;
  const kept = useKeptDatabases(role === 'office' || role === 'admin');
  const drop = useDropKeptDatabase();
  if (!kept.data || kept.data.length === 0) return null;

  const confirmDrop = (database: KeptDatabase) =>
    modal.confirm({
      title: '删除这个保留的数据库？',
      content: `数据库 ${database.name}（${KIND_LABELS[database.kind]}，${formatBackupTime(database.keptAt)}）将从 PostgreSQL 服务器上永久删除，不能撤销。正在使用的数据库不受影响。`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await drop.mutateAsync(database.name);
          message.success(`已删除数据库 ${database.name}`);
        } catch (error) {
          message.error(error instanceof Error ? error.message : String(error));
        }
      },
    });

  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        恢复时保留的数据库
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        每次恢复都把原来的数据库改名保留在 PostgreSQL 服务器上，确认恢复无误后，可由系统管理员删除以释放空间。
      </Typography.Paragraph>
      <Table<KeptDatabase>
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={kept.data}
        columns={[
          { title: '数据库', dataIndex: 'name' },
          { title: '类别', dataIndex: 'kind', render: (kind: KeptDatabase['kind']) => KIND_LABELS[kind] },
          { title: '恢复时间', dataIndex: 'keptAt', render: (at: string) => formatBackupTime(at) },
          { title: '大小', dataIndex: 'sizeBytes', render: (bytes: number) => formatBytes(bytes) },
          {
            title: '操作',
            key: 'action',
            render: (_: unknown, database) => (
              <Button size="small" danger icon={<DeleteOutlined />} loading={drop.isPending && drop.variables === database.name} onClick={() => confirmDrop(database)}>
                删除
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
