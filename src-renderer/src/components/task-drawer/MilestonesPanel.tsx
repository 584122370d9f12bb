import { App, Button, Checkbox, DatePicker, Empty, Form, Input, InputNumber, List, Popconfirm, Space, Typography } from 'antd';
import type dayjs from 'dayjs';
import type { TaskDetail } from '../../../../src-main/api/tasks.types';
import { useChannelMutation } from '../../hooks/task.queries';

/** 阶段目标: each milestone a checkbox that records who ticked it and when. */
export function MilestonesPanel({ task, canTick, canEdit }: { task: TaskDetail; canTick: boolean; canEdit: boolean }) {
  const { message, modal } = App.useApp();
  const setDone = useChannelMutation('milestones.setDone');
  const remove = useChannelMutation('milestones.delete');
  const assign = useChannelMutation('tasks.assign');
  const [form] = Form.useForm();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {task.milestones.length === 0 ? (
        <Empty description="尚未设置阶段目标" />
      ) : (
        <List
          aria-label="阶段目标"
          bordered
          dataSource={task.milestones}
          renderItem={(milestone) => (
            <List.Item
              actions={
                canEdit
                  ? [
                      <Popconfirm key="delete" title="删除该阶段目标？" okText="删除" cancelText="取消" onConfirm={() => remove.mutate({ milestoneId: milestone.id })}>
                        <Button size="small" type="link" danger>
                          删除
                        </Button>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Checkbox
                checked={milestone.doneAt !== null}
                disabled={!canTick || setDone.isPending}
                onChange={(event) => {
                  const tick = () => setDone.mutate({ milestoneId: milestone.id, done: event.target.checked }, { onError: (e) => message.error(e.message) });
                  if (event.target.checked) return tick();
                  // Un-ticking erases who ticked it and when: ask first (the change record keeps both).
                  modal.confirm({
                    title: '取消该阶段目标的完成勾选？',
                    content: `“${milestone.year}年：${milestone.title}”由 ${milestone.doneBy ?? '未记录'} 勾选完成。取消后将记入变更记录。`,
                    okText: '取消勾选',
                    cancelText: '保留完成',
                    onOk: tick,
                  });
                }}
              >
                {milestone.year}年：{milestone.title}（时限 {milestone.dueDate}）
              </Checkbox>
              {milestone.doneAt && (
                <Typography.Text type="secondary">
                  {milestone.doneBy} 于 {new Date(milestone.doneAt).toLocaleString('zh-CN')} 勾选完成
                </Typography.Text>
              )}
            </List.Item>
          )}
        />
      )}
      {canEdit && (
        <Form
          form={form}
          layout="inline"
          aria-label="新增阶段目标"
          onFinish={(values: { year: number; title: string; dueDate: dayjs.Dayjs }) =>
            assign.mutate(
              { taskIds: [task.id], milestones: [{ year: values.year, title: values.title, dueDate: values.dueDate.format('YYYY-MM-DD') }] },
              { onSuccess: () => form.resetFields(), onError: (e) => message.error(e.message) },
            )
          }
        >
          <Form.Item name="year" rules={[{ required: true, message: '年份' }]}>
            <InputNumber placeholder="年份" min={2000} max={2100} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true, message: '请填写阶段目标' }]}>
            <Input placeholder="阶段目标" style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="dueDate" rules={[{ required: true, message: '时限' }]}>
            <DatePicker placeholder="时限" />
          </Form.Item>
          <Button htmlType="submit" loading={assign.isPending}>
            添加阶段目标
          </Button>
        </Form>
      )}
    </Space>
  );
}
