import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { UnitKind } from '../../../src-main/api/units.types';
import { QueryError } from '../components/QueryError';
import { useAppInfo, useUnits } from '../hooks/queries';

const KIND_LABELS: Record<UnitKind, string> = {
  office: '领导小组办公室',
  department: '省直部门',
  city: '设区市',
  investment_office: '驻外招商机构',
};

export function SettingsPage() {
  const info = useAppInfo();
  const units = useUnits();
  return (
    <div style={{ padding: 24 }}>
      <Typography.Title level={3}>设置</Typography.Title>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card title="关于本机数据">
          {info.error ? (
            <QueryError error={info.error} />
          ) : (
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label="程序">{info.data ? `${info.data.name} v${info.data.version}` : '…'}</Descriptions.Item>
              <Descriptions.Item label="运行方式">{info.data?.mode === 'browser' ? '浏览器模式（本机 127.0.0.1）' : '桌面版'}</Descriptions.Item>
              <Descriptions.Item label="数据目录">
                <Typography.Text copyable>{info.data?.dataDir}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="数据结构版本">{info.data?.schemaVersion}</Descriptions.Item>
            </Descriptions>
          )}
        </Card>
        <Card title={`单位名单（${units.data?.length ?? 0} 个）`}>
          {units.error ? (
            <QueryError error={units.error} />
          ) : (
            <Table
              rowKey="id"
              size="small"
              loading={units.isLoading}
              dataSource={units.data ?? []}
              pagination={false}
              columns={[
                { title: '单位名称', dataIndex: 'name', width: 260 },
                { title: '类别', dataIndex: 'kind', width: 140, render: (kind: UnitKind) => KIND_LABELS[kind] },
                {
                  title: '简称/别名',
                  dataIndex: 'aliases',
                  render: (aliases: string[]) => aliases.map((alias) => <Tag key={alias}>{alias}</Tag>),
                },
              ]}
            />
          )}
        </Card>
      </Space>
    </div>
  );
}
