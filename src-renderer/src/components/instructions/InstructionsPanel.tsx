import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, type UploadFile } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { INSTRUCTION_TARGET_LABELS, INSTRUCTION_TARGETS, type InstructionRow, type InstructionStage, type InstructionTargetKind } from '../../../../src-main/api/instructions.types';
import { useApi } from '../../api/ApiProvider';
import { useProjects } from '../../hooks/analysis.queries';
import { useExportReport } from '../../hooks/excel.queries';
import { usePlans } from '../../hooks/queries';
import { useProblems } from '../../hooks/supervision.queries';
import { useChannelMutation, useIdentity, useTaskDetail, useTaskList } from '../../hooks/task.queries';
import { FileLinks, FilePicker, uploadsOf } from '../forms/AttachedFiles';
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
          { title: '批示内容', dataIndex: 'text' },
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
      {recording && <RecordModal onClose={() => setRecording(false)} />}
      {toNotice && <ToNoticeModal instruction={toNotice} onClose={() => setToNotice(null)} />}
    </Card>
  );
}

interface RecordValues {
  target: InstructionTargetKind;
  targetId: number;
  reportTaskId?: number;
  leader: string;
  givenOn: dayjs.Dayjs;
  text: string;
}

/** 登记领导批示: on a task, a problem, a major project or one progress report, with the scan of the 批示件. */
function RecordModal({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const target = Form.useWatch('target', form) ?? 'task';
  const reportTaskId = Form.useWatch('reportTaskId', form);
  const plans = usePlans();
  const planId = plans.data?.[0]?.id;
  const tasks = useTaskList({ planId }, plans.data !== undefined && (target === 'task' || target === 'report'));
  const problems = useProblems(planId !== undefined ? { planId } : {});
  const projects = useProjects(target === 'project' && planId !== undefined ? { planId } : undefined);
  const reportTask = useTaskDetail(target === 'report' ? (reportTaskId ?? null) : null);
  const record = useChannelMutation('instructions.record');
  const taskOptions = (tasks.data?.rows ?? []).map((t) => ({ value: t.id, label: `${t.code} ${t.text}` }));
  const options: Record<InstructionTargetKind, { value: number; label: string }[]> = {
    task: taskOptions,
    problem: (problems.data ?? []).map((p) => ({ value: p.id, label: `${p.kind}（任务 ${p.taskCode}，${p.ownerUnitName}）：${p.text}` })),
    project: (projects.data ?? []).map((p) => ({ value: p.id, label: p.name })),
    report: (reportTask.data?.reports ?? []).map((r) => ({ value: r.id, label: `${r.unitName} ${r.createdAt.slice(0, 10)} ${r.status} ${r.percent}%：${r.progress.slice(0, 30)}` })),
  };
  const targetLabel = { task: '批示涉及的任务', problem: '批示涉及的问题', project: '批示涉及的重大项目', report: '批示涉及的进展报告' }[target];
  return (
    <Modal
      open
      width={640}
      title="登记领导批示"
      okText="登记"
      cancelText="取消"
      confirmLoading={record.isPending}
      onCancel={onClose}
      onOk={() =>
        form.validateFields().then(async (values) =>
          record.mutate(
            { target: values.target, targetId: values.targetId, leader: values.leader, text: values.text, givenOn: values.givenOn.format('YYYY-MM-DD'), attachments: await uploadsOf(files) },
            { onSuccess: () => (message.success('已登记领导批示'), onClose()), onError: (e) => message.error(e.message) },
          ),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ target: 'task' }} onValuesChange={(changed) => ('target' in changed || 'reportTaskId' in changed) && form.setFieldValue('targetId', undefined)}>
        <Form.Item name="target" label="批示对象">
          <Select aria-label="批示对象" options={INSTRUCTION_TARGETS.map((kind) => ({ value: kind, label: INSTRUCTION_TARGET_LABELS[kind] }))} />
        </Form.Item>
        {target === 'report' && (
          <Form.Item name="reportTaskId" label="进展报告所属任务" rules={[{ required: true, message: '请选择任务' }]}>
            <Select showSearch optionFilterProp="label" aria-label="进展报告所属任务" options={taskOptions} />
          </Form.Item>
        )}
        <Form.Item name="targetId" label={targetLabel} rules={[{ required: true, message: `请选择${INSTRUCTION_TARGET_LABELS[target]}` }]}>
          <Select
            showSearch
            optionFilterProp="label"
            aria-label={targetLabel}
            options={options[target]}
            notFoundContent={target === 'report' && !reportTaskId ? '请先选择任务' : '没有可选的记录'}
          />
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
        <Form.Item label="批示件（扫描件）" extra="单个文件不超过 10 MB，最多 5 个。">
          <FilePicker files={files} onChange={setFiles} label="选择扫描件" />
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
