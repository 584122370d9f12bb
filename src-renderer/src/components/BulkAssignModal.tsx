import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useAllUnits, useChannelMutation } from '../hooks/task.queries';

interface AssignValues {
  leadUnitId?: number;
  cooperatorMode: 'add' | 'replace';
  cooperatorUnitIds?: number[];
  deadline?: dayjs.Dayjs;
  standard?: string;
  milestones?: { year: number; title: string; dueDate: dayjs.Dayjs }[];
}

/** 批量分配: one lead unit, cooperating units, a deadline, a standard and milestones for every selected task. */
export function BulkAssignModal({ taskIds, open, onClose }: { taskIds: number[]; open: boolean; onClose: (assigned: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignValues>();
  const units = useAllUnits();
  const assign = useChannelMutation('tasks.assign');
  const unitOptions = (units.data ?? []).filter((u) => !u.retired && u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }));

  const onFinish = (values: AssignValues) => {
    const cooperators = values.cooperatorUnitIds?.length ? values.cooperatorUnitIds : undefined;
    assign.mutate(
      {
        taskIds,
        leadUnitId: values.leadUnitId,
        ...(values.cooperatorMode === 'replace' ? { cooperatorUnitIds: values.cooperatorUnitIds ?? [] } : { addCooperatorUnitIds: cooperators }),
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
        onError: (error) => message.error(error.message),
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
      <Form form={form} layout="vertical" initialValues={{ cooperatorMode: 'add' }} onFinish={onFinish}>
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
        <Form.Item name="deadline" label="完成时限">
          <DatePicker aria-label="完成时限" />
        </Form.Item>
        <Form.Item name="standard" label="完成标准">
          <Input.TextArea autoSize={{ minRows: 2 }} />
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
