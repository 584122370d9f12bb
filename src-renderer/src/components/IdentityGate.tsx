import { Alert, Modal, Typography } from 'antd';
import { ApiCallError } from '../api/client';
import { useIdentity } from '../hooks/task.queries';
import { IdentityForm } from './IdentityForm';
import { FirstRunDispatchImport } from './exchange/FirstRunDispatchImport';

/**
 * At first run (nobody chosen in this window or tab), or when the chosen unit no longer holds (retired, removed by a
 * restore), the app asks who is using it, so every change can be recorded under a name.
 */
export function IdentityGate() {
  const identity = useIdentity();
  const stale = identity.error instanceof ApiCallError && identity.error.code === 'UNAUTHORIZED' ? identity.error.message : null;
  const open = (identity.isSuccess && identity.data.role === null) || stale !== null;
  return (
    <Modal open={open} title="欢迎使用规划督办台：请选择使用身份" footer={null} closable={false} mask={{ closable: false }} width={560}>
      <Typography.Paragraph type="secondary">以后可在“设置”中更改。身份只保存在本窗口（浏览器标签页），同一台电脑上的其他窗口可以使用不同的身份。</Typography.Paragraph>
      {stale && <Alert type="warning" showIcon message={stale} style={{ marginBottom: 16 }} />}
      <FirstRunDispatchImport />
      <IdentityForm identity={identity.data} />
    </Modal>
  );
}
