import { App, Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import type { TaskDetail } from '../../../../src-main/api/tasks.types';
import { useChannelMutation } from '../../hooks/task.queries';

interface TargetValues {
  targets: { year: number; description: string; value: number; unitOfMeasure: string }[];
}

/** 量化目标 of one task, edited as a whole list by the office (saving replaces the task's targets). */
export function TargetsEditor({ task, onDone }: { task: TaskDetail; onDone: () => void }) {
  const { message } = App.useApp();
  const save = useChannelMutation('tasks.setTargets');
  return (
    <Form<TargetValues>
      aria-label="量化目标"
      initialValues={{ targets: task.targets.map(({ year, description, value, unitOfMeasure }) => ({ year, description, value, unitOfMeasure })) }}
      onFinish={(values) =>
        save.mutate(
          { taskId: task.id, targets: values.targets.map((t) => ({ ...t, description: t.description.trim(), unitOfMeasure: t.unitOfMeasure.trim() })) },
          { onSuccess: () => (message.success('量化目标已保存'), onDone()), onError: (e) => message.error(e.message) },
        )
      }
    >
      <Typography.Paragraph type="secondary">每项目标写明年份、内容、数值和计量单位，例如“2025年 外送电量 1500 亿千瓦时”。</Typography.Paragraph>
      <Form.List name="targets">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item name={[field.name, 'year']} rules={[{ required: true, message: '请填写年份' }]}>
                  <InputNumber aria-label={`第 ${index + 1} 项目标年份`} placeholder="年份" min={2000} max={2100} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'description']} rules={[{ required: true, whitespace: true, message: '请填写目标内容' }]}>
                  <Input aria-label={`第 ${index + 1} 项目标内容`} placeholder="目标内容" maxLength={200} style={{ width: 260 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'value']} rules={[{ required: true, message: '请填写目标值' }]}>
                  <InputNumber aria-label={`第 ${index + 1} 项目标值`} placeholder="目标值" style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'unitOfMeasure']} rules={[{ required: true, whitespace: true, message: '请填写计量单位' }]}>
                  <Input aria-label={`第 ${index + 1} 项计量单位`} placeholder="计量单位" maxLength={20} style={{ width: 110 }} />
                </Form.Item>
                <Button onClick={() => remove(field.name)}>删除</Button>
              </Space>
            ))}
            <div style={{ marginBottom: 16 }}>
              <Button onClick={() => add()}>添加量化目标</Button>
            </div>
          </>
        )}
      </Form.List>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} disabled={save.isPending}>
          保存量化目标
        </Button>
        <Button onClick={onDone}>取消</Button>
      </Space>
    </Form>
  );
}
