import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { ApiCallError } from '../../api/client';

/** 修改密码: forced at first log-in (a page of its own) or chosen from the account bar (in a dialog). */
export function PasswordChange({ forced = false, onDone }: { forced?: boolean; onDone: () => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = (
    <>
      {forced && <Alert type="info" showIcon message="首次登录（或密码被重置后）请先设置自己的密码：至少 10 个字符，含大写字母、小写字母、数字、符号中的三类。" style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form
        layout="vertical"
        onFinish={async (values: { current: string; next: string; again: string }) => {
          if (values.next !== values.again) {
            setError('两次输入的新密码不一致。');
            return;
          }
          setBusy(true);
          try {
            await api.call('account.changePassword', { current: values.current, next: values.next });
            onDone();
          } catch (failure) {
            setError(failure instanceof ApiCallError ? failure.message : '修改失败，请重试。');
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item label="当前密码" name="current" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="next" rules={[{ required: true, message: '请输入新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="再次输入新密码" name="again" rules={[{ required: true, message: '请再次输入新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          修改密码
        </Button>
      </Form>
    </>
  );
  if (!forced) return form;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={4}>修改初始密码</Typography.Title>
        {form}
      </Card>
    </div>
  );
}
