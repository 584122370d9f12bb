import { App, Button, DatePicker, Descriptions, Form, Input, Popconfirm, Space, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { TaskDetail } from '../../../../src-main/api/tasks.types';
import { useChannelMutation } from '../../hooks/task.queries';
import { keepEnterInDateFields } from '../forms/date-keys';
import { notBefore } from '../forms/date-rules';
import { TargetsEditor } from './TargetsEditor';

/** What the task is and who carries it out; the office can reword, re-date, split or retire it. */
export function TaskInfoPanel({ task, canEdit }: { task: TaskDetail; canEdit: boolean }) {
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [splitting, setSplitting] = useState(false);
  const [editingTargets, setEditingTargets] = useState(false);
  const update = useChannelMutation('tasks.update');
  const split = useChannelMutation('tasks.split');
  const retire = useChannelMutation('tasks.retire');

  if (editing) {
    return (
      <Form
        layout="vertical"
        onKeyDown={keepEnterInDateFields}
        initialValues={{
          text: task.text,
          standard: task.standard,
          note: task.note,
          startDate: task.deadlineSet || task.startDate ? dayjs(task.startDate) : null,
          deadline: task.deadlineSet ? dayjs(task.deadline) : null,
        }}
        onFinish={(values: { text: string; standard: string; note: string; startDate: dayjs.Dayjs | null; deadline: dayjs.Dayjs | null }) =>
          update.mutate(
            {
              id: task.id,
              expectedVersion: task.version,
              text: values.text,
              standard: values.standard,
              note: values.note,
              startDate: values.startDate ? values.startDate.format('YYYY-MM-DD') : null,
              deadline: values.deadline ? values.deadline.format('YYYY-MM-DD') : null,
            },
            { onSuccess: () => (setEditing(false), message.success('已保存')), onError: (e) => message.error(e.message) },
          )
        }
      >
        <Form.Item name="text" label="具体任务" rules={[{ required: true, message: '任务内容不能为空' }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} />
        </Form.Item>
        <Space>
          <Form.Item name="startDate" label="开始日期">
            <DatePicker placeholder="默认为分配之日" aria-label="开始日期" />
          </Form.Item>
          <Form.Item name="deadline" label="完成时限" dependencies={['startDate']} rules={[notBefore('startDate', '开始日期', '完成时限')]}>
            <DatePicker placeholder="默认为规划期末" aria-label="完成时限" />
          </Form.Item>
        </Space>
        <Form.Item name="standard" label="完成标准">
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea autoSize={{ minRows: 1 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            保存
          </Button>
          <Button onClick={() => setEditing(false)}>取消</Button>
        </Space>
      </Form>
    );
  }

  if (editingTargets) return <TargetsEditor task={task} onDone={() => setEditingTargets(false)} />;

  if (splitting) {
    return (
      <Form
        layout="vertical"
        initialValues={{ parts: [task.text, ''] }}
        onFinish={(values: { parts: string[] }) =>
          split.mutate(
            { id: task.id, parts: values.parts },
            {
              onSuccess: (created) => (setSplitting(false), message.success(`已拆分为 ${created.map((c) => c.code).join('、')}`)),
              onError: (e) => message.error(e.message),
            },
          )
        }
      >
        <Typography.Paragraph type="secondary">拆分后原任务撤销（保留历史），新任务取得新的编号，并继承原任务的牵头单位、配合单位和时限。</Typography.Paragraph>
        <Form.List name="parts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" style={{ width: '100%' }}>
                  <Form.Item name={field.name} label={`新任务 ${index + 1}`} rules={[{ required: true, message: '不能为空' }]} style={{ width: 640 }}>
                    <Input.TextArea autoSize={{ minRows: 2 }} />
                  </Form.Item>
                  {fields.length > 2 && <Button onClick={() => remove(field.name)}>删除</Button>}
                </Space>
              ))}
              <Button onClick={() => add('')}>再加一项</Button>
            </>
          )}
        </Form.List>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={split.isPending}>
            确认拆分
          </Button>
          <Button onClick={() => setSplitting(false)}>取消</Button>
        </Space>
      </Form>
    );
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions column={1} bordered size="small" styles={{ label: { width: 110 } }}>
        <Descriptions.Item label="章节">
          {task.chapterTitle} / {task.sectionTitle}
        </Descriptions.Item>
        <Descriptions.Item label="所属措施">
          {task.measureCode} {task.measureTitle}
        </Descriptions.Item>
        <Descriptions.Item label="牵头单位">{task.leadUnit?.name ?? '未分配'}</Descriptions.Item>
        <Descriptions.Item label="配合单位">{task.cooperators.map((u) => u.name).join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label="起止时间">
          {task.startDate} 至 {task.deadline}
          {!task.deadlineSet && <Typography.Text type="secondary">（未单独设定，按规划期）</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label="完成标准">{task.standard || '—'}</Descriptions.Item>
        <Descriptions.Item label="量化目标">
          {task.targets.map((t) => `${t.year}年 ${t.description} ${t.value}${t.unitOfMeasure}`).join('；') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="备注">{task.note || '—'}</Descriptions.Item>
        {(task.lineage.from.length > 0 || task.lineage.into.length > 0) && (
          <Descriptions.Item label="来源与去向">
            {task.lineage.from.length > 0 && `由 ${task.lineage.from.join('、')} 而来`}
            {task.lineage.into.length > 0 && `已拆分/合并为 ${task.lineage.into.join('、')}`}
          </Descriptions.Item>
        )}
      </Descriptions>
      {canEdit && (
        <Space>
          <Button onClick={() => setEditing(true)}>编辑任务</Button>
          <Button onClick={() => setSplitting(true)}>拆分任务</Button>
          <Button onClick={() => setEditingTargets(true)}>编辑量化目标</Button>
          <Popconfirm
            title="撤销该任务？"
            description="撤销后任务保留在历史中，编号不再使用。"
            okText="撤销"
            cancelText="取消"
            onConfirm={() => retire.mutate({ id: task.id, reason: '领导小组办公室撤销' }, { onError: (e) => message.error(e.message) })}
          >
            <Button danger>撤销任务</Button>
          </Popconfirm>
        </Space>
      )}
      <Typography.Title level={5}>变更记录</Typography.Title>
      <Timeline
        items={task.events.map((event) => ({
          children: (
            <span>
              <Typography.Text type="secondary">{new Date(event.createdAt).toLocaleString('zh-CN')}</Typography.Text> {event.actor}：{event.summary}
            </span>
          ),
        }))}
      />
    </Space>
  );
}
