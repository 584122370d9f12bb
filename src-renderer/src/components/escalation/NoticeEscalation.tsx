import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { useChannelMutation } from '../../hooks/task.queries';

const LEVEL_COLORS = { 蓝: 'blue', 黄: 'gold', 红: 'red' } as const;

/** A notice's level after escalation (蓝→黄→红 by the office rule), with each step and its date. */
export function NoticeEscalationInfo({ noticeId }: { noticeId: number }) {
  const api = useApi();
  const escalation = useQuery({ queryKey: ['escalation.forNotice', noticeId], queryFn: () => api.call('escalation.forNotice', { noticeId }) });
  const data = escalation.data;
  if (!data || data.steps.length === 0) return null;
  return (
    <Space wrap aria-label="督办升级">
      <span>已升级为</span>
      <Tag color={LEVEL_COLORS[data.level]}>{data.level}色督办</Tag>
      <span>{data.steps.map((s) => `${s.on} 逾期 ${s.daysOverdue} 天，${s.from}→${s.to}`).join('；')}</span>
    </Space>
  );
}

/** 升级规则: how many days past the reply date an unanswered notice turns 黄 and 红. For the office. */
export function EscalationRuleButton() {
  const api = useApi();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const rule = useQuery({ queryKey: ['escalation.getRule'], queryFn: () => api.call('escalation.getRule', {}) });
  const save = useChannelMutation('escalation.setRule');
  const [form] = Form.useForm<{ yellowAfterDays: number; redAfterDays: number }>();
  return (
    <>
      <Button onClick={() => setOpen(true)}>升级规则</Button>
      <Modal
        open={open}
        title="督办升级规则"
        okText="保存"
        cancelText="取消"
        confirmLoading={save.isPending}
        onCancel={() => setOpen(false)}
        onOk={() =>
          form.validateFields().then((values) =>
            save.mutate(values, { onSuccess: () => (message.success('升级规则已保存'), setOpen(false)), onError: (e) => message.error(e.message) }),
          )
        }
        destroyOnHidden
      >
        {rule.data && (
          <Form form={form} layout="vertical" initialValues={rule.data}>
            <Form.Item name="yellowAfterDays" label="超过反馈期限多少天未反馈，升为黄色督办" rules={[{ required: true, message: '请填写天数' }]}>
              <InputNumber min={1} max={365} />
            </Form.Item>
            <Form.Item name="redAfterDays" label="超过反馈期限多少天未反馈，升为红色督办" rules={[{ required: true, message: '请填写天数' }]}>
              <InputNumber min={2} max={365} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}
