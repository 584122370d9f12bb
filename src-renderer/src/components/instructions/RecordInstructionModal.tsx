import { App, DatePicker, Form, Input, Modal, Select, type UploadFile } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { INSTRUCTION_TARGET_LABELS, INSTRUCTION_TARGETS, type InstructionTargetKind } from '../../../../src-main/api/instructions.types';
import { useProjects } from '../../hooks/analysis.queries';
import { usePlans } from '../../hooks/queries';
import { useProblems } from '../../hooks/supervision.queries';
import { useChannelMutation, useTaskDetail, useTaskList } from '../../hooks/task.queries';
import { FilePicker, uploadsOf } from '../forms/AttachedFiles';
import { chinaDateOf } from '../../../../src-main/api/china-date';

/**
 * The record a 批示 is about, when the form is opened from that record (a problem's row, a project's row, a report in
 * a task's history): chosen already, and named by `label` even when the form's own lists do not hold it (another
 * plan's problem, a report of a task not loaded).
 */
export interface InstructionPreset {
  target: InstructionTargetKind;
  targetId: number;
  label: string;
}

interface RecordValues {
  target: InstructionTargetKind;
  targetId: number;
  reportTaskId?: number;
  leader: string;
  givenOn: dayjs.Dayjs;
  text: string;
}

/**
 * 登记领导批示: on a task, a problem, a major project or one progress report, with the scan of the 批示件. The one form
 * for it, opened from the 批示件办理台账 (the record chosen in it) or from the record itself (`preset`).
 */
export function RecordInstructionModal({ preset, onClose }: { preset?: InstructionPreset; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const target = Form.useWatch('target', form) ?? preset?.target ?? 'task';
  const reportTaskId = Form.useWatch('reportTaskId', form);
  const plans = usePlans();
  const planId = plans.data?.[0]?.id;
  // Opened on a record, the form needs no list to choose from.
  const choosing = preset === undefined;
  const tasks = useTaskList({ planId }, choosing && plans.data !== undefined && (target === 'task' || target === 'report'));
  const problems = useProblems(planId !== undefined ? { planId } : {}, choosing && target === 'problem');
  const projects = useProjects(choosing && target === 'project' && planId !== undefined ? { planId } : undefined);
  const reportTask = useTaskDetail(choosing && target === 'report' ? (reportTaskId ?? null) : null);
  const record = useChannelMutation('instructions.record');
  const taskOptions = (tasks.data?.rows ?? []).map((t) => ({ value: t.id, label: `${t.code} ${t.text}` }));
  const options: Record<InstructionTargetKind, { value: number; label: string }[]> = preset
    ? { task: [], problem: [], project: [], report: [], [preset.target]: [{ value: preset.targetId, label: preset.label }] }
    : {
        task: taskOptions,
        problem: (problems.data ?? []).map((p) => ({ value: p.id, label: `${p.kind}（任务 ${p.taskCode}，${p.ownerUnitName}）：${p.text}` })),
        project: (projects.data ?? []).map((p) => ({ value: p.id, label: p.name })),
        report: (reportTask.data?.reports ?? []).map((r) => ({ value: r.id, label: `${r.unitName} ${chinaDateOf(r.createdAt)} ${r.status} ${r.percent}%：${r.progress.slice(0, 30)}` })),
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
            {
              target: preset?.target ?? values.target,
              targetId: preset?.targetId ?? values.targetId,
              leader: values.leader,
              text: values.text,
              givenOn: values.givenOn.format('YYYY-MM-DD'),
              attachments: await uploadsOf(files),
            },
            { onSuccess: () => (message.success('已登记领导批示'), onClose()), onError: (e) => message.error(e.message) },
          ),
        )
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={preset ? { target: preset.target, targetId: preset.targetId } : { target: 'task' }}
        onValuesChange={(changed) => ('target' in changed || 'reportTaskId' in changed) && form.setFieldValue('targetId', undefined)}
      >
        <Form.Item name="target" label="批示对象">
          <Select aria-label="批示对象" disabled={!choosing} options={INSTRUCTION_TARGETS.map((kind) => ({ value: kind, label: INSTRUCTION_TARGET_LABELS[kind] }))} />
        </Form.Item>
        {choosing && target === 'report' && (
          <Form.Item name="reportTaskId" label="进展报告所属任务" rules={[{ required: true, message: '请选择任务' }]}>
            <Select showSearch optionFilterProp="label" aria-label="进展报告所属任务" options={taskOptions} />
          </Form.Item>
        )}
        <Form.Item name="targetId" label={targetLabel} rules={[{ required: true, message: `请选择${INSTRUCTION_TARGET_LABELS[target]}` }]}>
          <Select
            showSearch
            disabled={!choosing}
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
