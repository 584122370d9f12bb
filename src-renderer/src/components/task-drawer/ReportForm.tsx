import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { TASK_STATUSES, type Identity, type ReportContent, type TaskDetail } from '../../../../src-main/api/tasks.types';
import { useChannelMutation } from '../../hooks/task.queries';
import { charLimit, labelFieldsIn, REPORT_FIELD_LABELS } from '../forms/field-labels';
import { useInFlight } from '../forms/in-flight';
import { useLocalDraft } from '../forms/draft';
import { useLeaveGuard } from '../forms/leave-guard';
import { uploadsOf } from '../forms/AttachedFiles';

type ReportValues = ReportContent;

/** The period's progress report: status, percent, the four narrative fields and 佐证材料. */
export function ReportForm({ task, identity }: { task: TaskDetail; identity: Identity }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const submit = useChannelMutation('progress.submit');
  const sending = useInFlight();
  // Kept per task and per unit acting (the office and a unit may share a browser).
  const draft = useLocalDraft<ReportValues>(`report:${task.id}:${identity.unitId ?? 'office'}`);
  const [dirty, setDirty] = useState(draft.initial !== null);
  const [restored, setRestored] = useState(draft.initial !== null);
  useLeaveGuard(dirty, '本期进展');
  const limits = {
    progress: charLimit('本期进展情况', 5000),
    problems: charLimit('存在问题', 5000),
    nextSteps: charLimit('下步打算', 5000),
    coordination: charLimit('需协调事项', 5000),
  };

  // One report per click: the second click of a double click, while files are read or the call is out, is ignored.
  const onFinish = (values: ReportValues) =>
    sending.run(async () => {
      const attachments = await uploadsOf(files);
      await submit
        .mutateAsync({
          taskId: task.id,
          ...values,
          progress: values.progress ?? '',
          problems: values.problems ?? '',
          nextSteps: values.nextSteps ?? '',
          coordination: values.coordination ?? '',
          attachments,
        })
        .then(
          (result) => {
            // A 单位填报人 of a unit with a 单位审核人: the report waits for the reviewer (待办 → 本单位填报审核).
            message.success(result.reportId === null ? '已提交，等待本单位审核人审核；审核通过后报送办公室' : '进展已提交，已记入进展记录');
            draft.clear();
            setDirty(false);
            setRestored(false);
            form.resetFields();
            setFiles([]);
          },
          (error: Error) => message.error(labelFieldsIn(error.message, REPORT_FIELD_LABELS)),
        );
    });

  return (
    <Form
      form={form}
      layout="vertical"
      aria-label="填报进展"
      initialValues={{ status: task.status, percent: task.percent, ...draft.initial }}
      onFinish={onFinish}
      onValuesChange={(_, all: ReportValues) => {
        draft.save(all);
        setDirty(true);
      }}
    >
      {restored && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="已恢复上次未提交的草稿"
          action={
            <Button
              size="small"
              onClick={() => {
                draft.clear();
                setDirty(false);
                setRestored(false);
                form.setFieldsValue({ status: task.status, percent: task.percent, progress: '', problems: '', nextSteps: '', coordination: '' });
              }}
            >
              清除草稿
            </Button>
          }
        />
      )}
      <Typography.Paragraph type="secondary">
        以“{identity.unitName}{identity.person ? `（${identity.person}）` : ''}”的名义填报。每次填报都单独记录，不会覆盖以往的记录。
      </Typography.Paragraph>
      <Space size="large">
        <Form.Item name="status" label="完成状态" rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={TASK_STATUSES.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item name="percent" label="完成进度（%）" rules={[{ required: true, message: '请填写完成进度' }]}>
          <InputNumber style={{ width: 120 }} />
        </Form.Item>
      </Space>
      <Form.Item
        name="progress"
        label="本期进展情况"
        extra="标记为“已完成”时必须写明完成了什么。"
        rules={[limits.progress.rule]}
      >
        <Input.TextArea autoSize={{ minRows: 3 }} count={limits.progress.count} />
      </Form.Item>
      <Form.Item
        name="problems"
        label="存在问题"
        rules={[limits.problems.rule]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} count={limits.problems.count} />
      </Form.Item>
      <Form.Item
        name="nextSteps"
        label="下步打算"
        rules={[limits.nextSteps.rule]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} count={limits.nextSteps.count} />
      </Form.Item>
      <Form.Item
        name="coordination"
        label="需协调事项"
        rules={[limits.coordination.rule]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} count={limits.coordination.count} />
      </Form.Item>
      <Form.Item label="佐证材料" extra="单个文件不超过 10 MB，每次合计不超过 40 MB。">
        <Upload
          multiple
          fileList={files}
          beforeUpload={(file) => {
            setFiles((current) => [...current, { uid: file.uid, name: file.name, size: file.size, originFileObj: file }]);
            return false;
          }}
          onRemove={(file) => setFiles((current) => current.filter((f) => f.uid !== file.uid))}
        >
          <Button icon={<UploadOutlined />}>选择文件</Button>
        </Upload>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={sending.busy} disabled={sending.busy}>
        提交进展
      </Button>
    </Form>
  );
}
