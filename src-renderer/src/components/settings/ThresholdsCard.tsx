import { App, Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import type { WarningThresholds } from '../../../../src-main/api/tasks.types';
import { useChannelMutation, useThresholds } from '../../hooks/task.queries';

/** The warning thresholds (预警规则) every list and report uses. */
export function ThresholdsCard() {
  const { message } = App.useApp();
  const thresholds = useThresholds();
  const save = useChannelMutation('warnings.setThresholds');
  if (!thresholds.data) return <Card title="预警规则" loading />;
  return (
    <Card title="预警规则">
      <Form<WarningThresholds>
        layout="inline"
        aria-label="预警规则"
        initialValues={thresholds.data}
        onFinish={(values) => save.mutate(values, { onSuccess: () => message.success('预警规则已保存'), onError: (e) => message.error(e.message) })}
      >
        <Space wrap>
          <Form.Item name="yellowLag" label="落后序时进度（黄灯）≥" rules={[{ required: true }]}>
            <InputNumber min={1} max={100} suffix="点" />
          </Form.Item>
          <Form.Item name="redLag" label="落后序时进度（红灯）>" rules={[{ required: true }]}>
            <InputNumber min={1} max={100} suffix="点" />
          </Form.Item>
          <Form.Item name="dueSoonDays" label="临近时限（黄灯）≤" rules={[{ required: true }]}>
            <InputNumber min={0} max={365} suffix="天" />
          </Form.Item>
          <Form.Item name="notStartedMonths" label="开始后仍未启动（红灯）≥" rules={[{ required: true }]}>
            <InputNumber min={1} max={60} suffix="个月" />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={save.isPending}>
            保存
          </Button>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        绿灯：符合序时进度；黄灯：落后序时进度达到黄灯点数，或距完成时限不足规定天数；红灯：落后超过红灯点数、已超过完成时限，或开始后规定月数仍未启动。已完成为绿灯，暂缓为灰色。
      </Typography.Paragraph>
    </Card>
  );
}
