import { Card, Descriptions, Space, Typography } from 'antd';
import { IdentityForm } from '../components/IdentityForm';
import { BackupSection } from '../components/backup/BackupSection';
import { QueryError } from '../components/QueryError';
import { ExchangeCard } from '../components/exchange/ExchangeCard';
import { ThresholdsCard } from '../components/settings/ThresholdsCard';
import { UnitsCard } from '../components/settings/UnitsCard';
import { useAppInfo } from '../hooks/queries';
import { useIdentity } from '../hooks/task.queries';

export function SettingsPage() {
  const info = useAppInfo();
  const identity = useIdentity();
  return (
    <div style={{ padding: 24 }}>
      <Typography.Title level={3}>设置</Typography.Title>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card title="使用身份">
          {identity.data && <IdentityForm key={`${identity.data.role}-${identity.data.unitId}`} identity={identity.data} />}
        </Card>
        <ThresholdsCard />
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
        <ExchangeCard />
        <BackupSection />
        <UnitsCard />
      </Space>
    </div>
  );
}
