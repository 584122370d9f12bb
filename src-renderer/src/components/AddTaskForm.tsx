import { App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useChannelMutation } from '../hooks/task.queries';

/** 新增任务 under one measure (the office only): the task takes the measure's next number. */
export function AddTaskForm({ measureId }: { measureId: number }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const add = useChannelMutation('tasks.add');
  const [form] = Form.useForm<{ text: string }>();

  if (!open) return <Button onClick={() => setOpen(true)}>新增任务</Button>;
  return (
    <Form
      form={form}
      layout="vertical"
      aria-label="新增任务"
      onFinish={(values) =>
        add.mutate(
          { measureId, text: values.text.trim() },
          {
            onSuccess: (created) => (form.resetFields(), setOpen(false), message.success(`已新增任务 ${created.code}`)),
            onError: (e) => message.error(e.message),
          },
        )
      }
    >
      <Form.Item name="text" label="任务内容" rules={[{ required: true, whitespace: true, message: '请填写任务内容' }]}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} showCount />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={add.isPending} disabled={add.isPending}>
          保存任务
        </Button>
        <Button onClick={() => setOpen(false)}>取消</Button>
      </Space>
    </Form>
  );
}
