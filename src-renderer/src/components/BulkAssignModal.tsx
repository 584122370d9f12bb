import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useAppInfo } from '../hooks/queries';
import { useAllUnits, useChannelMutation } from '../hooks/task.queries';
import { keepEnterInDateFields } from './forms/date-keys';
import { notBefore } from './forms/date-rules';
import { ASSIGN_FIELD_LABELS, charLimit, labelFieldsIn } from './forms/field-labels';

interface AssignValues {
  leadUnitId?: number;
  cooperatorMode: 'add' | 'replace';
  cooperatorUnitIds?: number[];
  startDate?: dayjs.Dayjs;
  deadline?: dayjs.Dayjs;
  standard?: string;
  milestones?: { year: number; title: string; dueDate: dayjs.Dayjs }[];
}

/** 批量分配: one lead unit, cooperating units, a deadline, a standard and milestones for every selected task. */
export function BulkAssignModal({ taskIds, open, onClose }: { taskIds: number[]; open: boolean; onClose: (assigned: boolean) => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<AssignValues>();
  const today = useAppInfo().data?.today;
  const standardLimit = charLimit('完成标准', 2000);
  const units = useAllUnits();
  const assign = useChannelMutation('tasks.assign');
  const unitOptions = (units.data ?? []).filter((u) => !u.retired && u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }));

  const onFinish = (values: AssignValues) => {
    const deadline = values.deadline?.format('YYYY-MM-DD');
    // A deadline already past makes every selected task overdue (red) at once: allowed, but only when meant.
    if (deadline && today && deadline < today) {
      modal.confirm({
        title: '完成时限已经过去',
        content: `完成时限 ${deadline} 早于今天（${today}），所选 ${taskIds.length} 项任务分配后会立即显示为“已超过完成时限”的红灯。仍要分配吗？`,
        okText: '仍要分配',
        cancelText: '返回修改',
        onOk: () => send(values),
      });
      return;
    }
    send(values);
  };

  const send = (values: AssignValues) => {
    const cooperators = values.cooperatorUnitIds?.length ? values.cooperatorUnitIds : undefined;
    assign.mutate(
      {
        taskIds,
        leadUnitId: values.leadUnitId,
        ...(values.cooperatorMode === 'replace' ? { cooperatorUnitIds: values.cooperatorUnitIds ?? [] } : { addCooperatorUnitIds: cooperators }),
        startDate: values.startDate?.format('YYYY-MM-DD'),
        deadline: values.deadline?.format('YYYY-MM-DD'),
        standard: values.standard?.trim() ? values.standard : undefined,
        milestones: values.milestones?.map((m) => ({ year: m.year, title: m.title, dueDate: m.dueDate.format('YYYY-MM-DD') })),
      },
      {
        onSuccess: ({ updated }) => {
          message.success(`已分配 ${updated} 项任务`);
          form.resetFields();
          onClose(true);
        },
        onError: (error) => message.error(labelFieldsIn(error.message, ASSIGN_FIELD_LABELS)),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={`批量分配（已选 ${taskIds.length} 项任务）`}
      width={760}
      okText="分配"
      cancelText="取消"
      confirmLoading={assign.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">只填写需要改变的内容，留空的项目保持各任务原样。</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ cooperatorMode: 'add' }} onFinish={onFinish} onKeyDown={keepEnterInDateFields}>
        <Form.Item name="leadUnitId" label="牵头单位">
          <Select showSearch optionFilterProp="label" allowClear placeholder="选择牵头单位" options={unitOptions} />
        </Form.Item>
        <Form.Item label="配合单位">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Form.Item name="cooperatorMode" noStyle>
              <Radio.Group
                options={[
                  { value: 'add', label: '在原有基础上增加' },
                  { value: 'replace', label: '替换为以下单位' },
                ]}
              />
            </Form.Item>
            <Form.Item name="cooperatorUnitIds" noStyle>
              <Select mode="multiple" showSearch optionFilterProp="label" allowClear placeholder="选择配合单位" options={unitOptions} aria-label="配合单位" />
            </Form.Item>
          </Space>
        </Form.Item>
        <Space size="large" align="start" wrap>
          <Form.Item
            name="startDate"
            label="开始日期"
            extra="序时进度从开始日期算起。留空：首次分配的任务从分配之日算起，已分配的保持原开始日期；填写则所选任务统一按此日期重新计算。"
            style={{ maxWidth: 360 }}
          >
            <DatePicker aria-label="开始日期" />
          </Form.Item>
          <Form.Item
            name="deadline"
            label="完成时限"
            dependencies={['startDate']}
            rules={[notBefore('startDate', '开始日期', '完成时限')]}
          >
            <DatePicker aria-label="完成时限" />
          </Form.Item>
        </Space>
        <Form.Item name="standard" label="完成标准" rules={[standardLimit.rule]}>
          <Input.TextArea autoSize={{ minRows: 2 }} count={standardLimit.count} />
        </Form.Item>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <Form.Item label="阶段目标（为每项任务添加）">
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'year']} rules={[{ required: true, message: '年份' }]}>
                    <InputNumber placeholder="年份" min={2000} max={2100} aria-label="阶段目标年份" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'title']} rules={[{ required: true, message: '请填写阶段目标' }]}>
                    <Input placeholder="阶段目标" style={{ width: 300 }} aria-label="阶段目标内容" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'dueDate']} rules={[{ required: true, message: '时限' }]}>
                    <DatePicker placeholder="时限" aria-label="阶段目标时限" />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(field.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add()}>添加阶段目标</Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
