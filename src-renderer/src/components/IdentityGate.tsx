import { Modal, Typography } from 'antd';
import { useIdentity } from '../hooks/task.queries';
import { IdentityForm } from './IdentityForm';

/** At first run the app asks who is using it, so every change can be recorded under a name. */
export function IdentityGate() {
  const identity = useIdentity();
  const open = identity.isSuccess && identity.data.role === null;
  return (
    <Modal open={open} title="欢迎使用规划督办台：请选择使用身份" footer={null} closable={false} mask={{ closable: false }} width={560}>
      <Typography.Paragraph type="secondary">以后可在“设置”中更改。</Typography.Paragraph>
      <IdentityForm identity={identity.data} />
    </Modal>
  );
}
