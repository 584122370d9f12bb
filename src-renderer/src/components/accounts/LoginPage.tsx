import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { logIn } from '../../api/session';

/** 登录: 账号 and 密码; the server's answer (wrong, locked, stopped) is shown as it says it. */
export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          规划督办台 · 登录
        </Typography.Title>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form
          layout="vertical"
          onFinish={async (values: { login: string; password: string }) => {
            setBusy(true);
            const result = await logIn(values.login, values.password);
            setBusy(false);
            if (result.ok) onLoggedIn();
            else setError(result.error.message);
          }}
        >
          <Form.Item label="账号" name="login" rules={[{ required: true, message: '请输入账号' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          忘记密码或账号被锁定，请联系系统管理员。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
