import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { INSTRUCTION_TARGET_LABELS, type InstructionRow, type InstructionStage } from '../../../../src-main/api/instructions.types';
import { useApi } from '../../api/ApiProvider';
import { useExportReport } from '../../hooks/excel.queries';
import { usePlans } from '../../hooks/queries';
import { useChannelMutation, useIdentity } from '../../hooks/task.queries';
import { FileLinks } from '../forms/AttachedFiles';
import { QueryError } from '../QueryError';
import { RecordInstructionModal } from './RecordInstructionModal';


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
  const plans = usePlans();
  const exportLedger = useExportReport();
  const planId = plans.data?.[0]?.id;

  return (
    <Card
      size="small"
      title="批示件办理台账"
      extra={
        <Space>
          {isOffice && planId !== undefined && (
            <Button
              loading={exportLedger.isPending}
              onClick={() =>
                exportLedger.mutate({ report: 'instructions', planId }, { onSuccess: (file) => message.success(`已导出 ${file.fileName}`), onError: (e) => message.error(e.message) })
              }
            >
              导出批示件办理台账
            </Button>
          )}
          {isOffice && (
            <Button type="primary" onClick={() => setRecording(true)}>
              登记领导批示
            </Button>
          )}
        </Space>
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
        // The fixed columns alone take a 1280-pixel screen's width: without a floor the 批示内容 shrank to one
        // character a line; below ~1330 pixels the table scrolls sideways instead.
        scroll={{ x: 1330 }}
        columns={[
          { title: '批示人', dataIndex: 'leader', width: 110 },
          { title: '批示日期', dataIndex: 'givenOn', width: 110 },
          {
            title: '批示对象',
            width: 260,
            render: (_: unknown, r) => (
              <span>
                <Tag>{INSTRUCTION_TARGET_LABELS[r.targetKind]}</Tag>
                {r.targetLabel.length > 50 ? `${r.targetLabel.slice(0, 50)}…` : r.targetLabel}
              </span>
            ),
          },
          { title: '批示内容', dataIndex: 'text', width: 240 },
          {
            title: '批示件',
            width: 160,
            render: (_: unknown, r) => (r.attachments.length ? <FileLinks files={r.attachments} read={(id) => api.call('instructions.readAttachment', { id })} /> : '—'),
          },
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
      {recording && <RecordInstructionModal onClose={() => setRecording(false)} />}
      {toNotice && <ToNoticeModal instruction={toNotice} onClose={() => setToNotice(null)} />}
    </Card>
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
