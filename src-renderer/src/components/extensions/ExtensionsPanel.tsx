import { App, Button, DatePicker, Descriptions, Form, Input, Space, Table, Tag, Typography, type UploadFile } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { EXTENSION_STATE_LABELS, type ExtensionRow, type ExtensionState } from '../../../../src-main/api/extensions.types';
import type { Identity, TaskDetail } from '../../../../src-main/api/tasks.types';
import { useTaskDeadlines, useTaskExtensions } from '../../hooks/loop.queries';
import { useApi } from '../../api/ApiProvider';
import { useChannelMutation } from '../../hooks/task.queries';
import { FileLinks, FilePicker, uploadsOf } from '../forms/AttachedFiles';
import { QueryError } from '../QueryError';
import { chinaDateOf } from '../../../../src-main/api/china-date';

const STATE_COLORS: Record<ExtensionState, string> = { pending: 'processing', approved: 'success', refused: 'error' };

/**
 * 延期申请 of one task: 原定时限 and 调整后时限, every request with its answer, the lead unit's request form and the
 * office's decision (approve as asked, approve another date, or refuse, with a comment).
 */
export function ExtensionsPanel({ task, identity }: { task: TaskDetail; identity: Identity | undefined }) {
  const api = useApi();
  const deadlines = useTaskDeadlines(task.id);
  const history = useTaskExtensions(task.id);
  const isOffice = identity?.role === 'office';
  const isLead = !!identity && identity.role !== 'office' && task.leadUnit?.id === identity.unitId;
  const pending = history.data?.find((row) => row.state === 'pending');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {(deadlines.error ?? history.error) && <QueryError error={(deadlines.error ?? history.error)!} />}
      {deadlines.data && (
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label="原定时限">{deadlines.data.original}</Descriptions.Item>
          <Descriptions.Item label="调整后时限">{deadlines.data.extended ? deadlines.data.adjusted : '未调整'}</Descriptions.Item>
        </Descriptions>
      )}
      <Table<ExtensionRow>
        aria-label="延期申请记录"
        rowKey="id"
        size="small"
        pagination={false}
        loading={history.isLoading}
        dataSource={history.data ?? []}
        locale={{ emptyText: '没有延期申请' }}
        columns={[
          { title: '申请', render: (_: unknown, r) => `${r.oldDeadline} → ${r.requestedDate}` },
          {
            title: '理由及材料',
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                <span>{r.reason}</span>
                <FileLinks files={r.attachments} read={(id) => api.call('extensions.readAttachment', { id })} />
              </Space>
            ),
          },
          { title: '申请人', render: (_: unknown, r) => `${r.requestedBy} ${chinaDateOf(r.requestedAt)}` },
          { title: '状态', render: (_: unknown, r) => <Tag color={STATE_COLORS[r.state]}>{EXTENSION_STATE_LABELS[r.state]}</Tag> },
          {
            title: '审批意见',
            render: (_: unknown, r) => (r.state === 'pending' ? '—' : `${r.approvedDate ? `批准至 ${r.approvedDate}。` : ''}${r.comment}（${r.decidedBy ?? ''}）`),
          },
        ]}
      />
      {isOffice && pending && <DecideForm request={pending} />}
      {isLead && !pending && task.status !== '已完成' && !task.retired && <RequestForm taskId={task.id} />}
    </Space>
  );
}

function RequestForm({ taskId }: { taskId: number }) {
  const { message } = App.useApp();
  const request = useChannelMutation('extensions.request');
  const [form] = Form.useForm<{ requestedDate: dayjs.Dayjs; reason: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Form
      form={form}
      layout="vertical"
      aria-label="申请延期"
      onFinish={async (values) => {
        try {
          await request.mutateAsync({ taskId, requestedDate: values.requestedDate.format('YYYY-MM-DD'), reason: values.reason, attachments: await uploadsOf(files) });
          message.success('延期申请已提交，等待办公室审批');
          form.resetFields();
          setFiles([]);
        } catch (error) {
          message.error((error as Error).message);
        }
      }}
    >
      <Typography.Title level={5}>申请延期</Typography.Title>
      <Form.Item name="requestedDate" label="申请的完成时限" rules={[{ required: true, message: '请选择新的完成时限' }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="reason" label="延期理由" rules={[{ required: true, whitespace: true, message: '请写明延期理由' }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item label="相关材料" extra="如延期说明函、调整后的推进计划；单个文件不超过 10 MB。">
        <FilePicker files={files} onChange={setFiles} label="选择文件" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={request.isPending}>
        提交延期申请
      </Button>
    </Form>
  );
}

function DecideForm({ request }: { request: ExtensionRow }) {
  const api = useApi();
  const { message } = App.useApp();
  const decide = useChannelMutation('extensions.decide');
  const [otherDate, setOtherDate] = useState<dayjs.Dayjs | null>(null);
  const [comment, setComment] = useState('');
  const submit = async (approve: boolean) => {
    try {
      await decide.mutateAsync({ id: request.id, approve, ...(approve && otherDate ? { approvedDate: otherDate.format('YYYY-MM-DD') } : {}), comment });
      message.success(approve ? '已批准延期，完成时限已调整' : '已不予批准');
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} aria-label="审批延期申请">
      <Typography.Title level={5}>
        审批：{request.unitName}申请将完成时限由 {request.oldDeadline} 调整为 {request.requestedDate}
      </Typography.Title>
      <div>延期理由：{request.reason}</div>
      {request.attachments.length > 0 ? (
        <Space wrap aria-label="申请所附材料">
          <span>所附材料：</span>
          <FileLinks files={request.attachments} read={(id) => api.call('extensions.readAttachment', { id })} />
        </Space>
      ) : (
        <div>申请未附材料。</div>
      )}
      <Space wrap>
        <span>批准另一日期（不选则按申请日期）：</span>
        <DatePicker aria-label="批准的完成时限" value={otherDate} onChange={setOtherDate} />
      </Space>
      <Input.TextArea aria-label="审批意见" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="审批意见（不予批准时必填）" maxLength={2000} />
      <Space>
        <Button type="primary" loading={decide.isPending} onClick={() => submit(true)}>
          批准延期
        </Button>
        <Button danger loading={decide.isPending} onClick={() => submit(false)}>
          不予批准
        </Button>
      </Space>
    </Space>
  );
}

/** 完成时限 as reports show it: the adjusted date, with the 原定时限 beside it once a 延期 was approved. */
export function TaskDeadlineText({ taskId, deadline }: { taskId: number; deadline: string }) {
  const deadlines = useTaskDeadlines(taskId);
  if (!deadlines.data?.extended) return <span>完成时限 {deadline}</span>;
  return (
    <span aria-label="完成时限">
      原定时限 {deadlines.data.original}，调整后时限 {deadlines.data.adjusted}
    </span>
  );
}
