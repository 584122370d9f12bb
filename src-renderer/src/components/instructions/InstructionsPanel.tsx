import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import type { InstructionRow, InstructionStage } from '../../../../src-main/api/instructions.types';
import { useApi } from '../../api/ApiProvider';
import { usePlans } from '../../hooks/queries';
import { useChannelMutation, useIdentity, useTaskList } from '../../hooks/task.queries';
import { QueryError } from '../QueryError';


/** 领导批示 and the 批示件办理台账: each 批示 with where it stands; the office records, turns into 督办 and closes them. */
export function InstructionsPanel() {
  const api = useApi();
  const { message } = App.useApp();
  const identity = useIdentity();
  const isOffice = identity.data?.role === 'office';
  const list = useQuery({ queryKey: ['instructions.list'], queryFn: () => api.call('instructions.list', {}) });
  const close = useChannelMutation('instructions.close');
  const [recording, setRecording] = useState(false);
  const [toNotice, setToNotice] = useState<InstructionRow | null>(null);

  return (
    <Card
      size="small"
      title="批示件办理台账"
      extra={
        isOffice && (
          <Button type="primary" onClick={() => setRecording(true)}>
            登记领导批示
          </Button>
        )
      }
    >
      {list.error && <QueryError error={list.error} />}
      <Table<InstructionRow>
        aria-label="领导批示"
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        locale={{ emptyText: '尚无领导批示' }}
        columns={[
          { title: '批示人', dataIndex: 'leader', width: 110 },
          { title: '批示日期', dataIndex: 'givenOn', width: 110 },
          { title: '任务', width: 220, render: (_: unknown, r) => `${r.taskCode} ${r.taskText.slice(0, 30)}` },
          { title: '批示内容', dataIndex: 'text' },
          { title: '督办单', width: 150, render: (_: unknown, r) => (r.notice ? `${r.notice.number}（${r.notice.state}）` : '—') },
          { title: '办理状态', dataIndex: 'stage', width: 90, render: (stage: InstructionStage) => <Tag>{stage}</Tag> },
          ...(isOffice
            ? [
                {
                  title: '操作',
                  width: 170,
                  render: (_: unknown, r: InstructionRow) => (
                    <Space size={4}>
                      {r.stage === '待转办' && (
                        <Button size="small" onClick={() => setToNotice(r)}>
                          转为督办
                        </Button>
                      )}
                      {r.stage !== '已办结' && (
                        <Button
                          size="small"
                          onClick={() => close.mutate({ id: r.id, note: '' }, { onSuccess: () => message.success('领导批示已办结'), onError: (e) => message.error(e.message) })}
                        >
                          办结
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {recording && <RecordModal onClose={() => setRecording(false)} />}
      {toNotice && <ToNoticeModal instruction={toNotice} onClose={() => setToNotice(null)} />}
    </Card>
  );
}

function RecordModal({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ taskId: number; leader: string; givenOn: dayjs.Dayjs; text: string }>();
  const plans = usePlans();
  const tasks = useTaskList({ planId: plans.data?.[0]?.id }, plans.data !== undefined);
  const record = useChannelMutation('instructions.record');
  return (
    <Modal
      open
      title="登记领导批示"
      okText="登记"
      cancelText="取消"
      confirmLoading={record.isPending}
      onCancel={onClose}
      onOk={() =>
        form.validateFields().then((values) =>
          record.mutate(
            { ...values, givenOn: values.givenOn.format('YYYY-MM-DD') },
            { onSuccess: () => (message.success('已登记领导批示'), onClose()), onError: (e) => message.error(e.message) },
          ),
        )
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="taskId" label="批示涉及的任务" rules={[{ required: true, message: '请选择任务' }]}>
          <Select showSearch optionFilterProp="label" aria-label="批示涉及的任务" options={(tasks.data?.rows ?? []).map((t) => ({ value: t.id, label: `${t.code} ${t.text}` }))} />
        </Form.Item>
        <Form.Item name="leader" label="批示人" rules={[{ required: true, whitespace: true, message: '请填写批示人' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="givenOn" label="批示日期" rules={[{ required: true, message: '请选择批示日期' }]}>
          <DatePicker aria-label="批示日期" />
        </Form.Item>
        <Form.Item name="text" label="批示内容" rules={[{ required: true, whitespace: true, message: '请填写批示内容' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ToNoticeModal({ instruction, onClose }: { instruction: InstructionRow; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ level: '蓝' | '黄' | '红'; requirement: string; replyDue: dayjs.Dayjs }>();
  const toNotice = useChannelMutation('instructions.toNotice');
  return (
    <Modal
      open
      title="将领导批示转为督办"
      okText="发出督办单"
      cancelText="取消"
      confirmLoading={toNotice.isPending}
      onCancel={onClose}
      onOk={() =>
        form.validateFields().then((values) =>
          toNotice.mutate(
            { id: instruction.id, level: values.level, requirement: values.requirement, replyDue: values.replyDue.format('YYYY-MM-DD') },
            { onSuccess: (r) => (message.success(`已发出 ${r.number}`), onClose()), onError: (e) => message.error(e.message) },
          ),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ level: '红' }}>
        <Form.Item label="督办事由">
          落实领导批示（{instruction.leader}，{instruction.givenOn}）：{instruction.text}
        </Form.Item>
        <Form.Item name="level" label="督办等级">
          <Select aria-label="督办等级" options={(['蓝', '黄', '红'] as const).map((l) => ({ value: l, label: `${l}色督办` }))} />
        </Form.Item>
        <Form.Item name="requirement" label="督办要求" rules={[{ required: true, whitespace: true, message: '请填写督办要求' }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="replyDue" label="反馈期限" rules={[{ required: true, message: '请选择反馈期限' }]}>
          <DatePicker aria-label="反馈期限" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
