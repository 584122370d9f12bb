import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import type { Identity } from '../../../../src-main/api/tasks.types';
import { useChannelMutation, useTaskList } from '../../hooks/task.queries';
import { charLimit } from '../forms/field-labels';

interface ProblemValues {
  taskId: number;
  kind: '存在问题' | '需协调事项';
  text: string;
}

/**
 * 登记问题 straight on the register, without a progress report. A unit picks among the tasks it leads; the office
 * among every assigned task. The problem belongs to the task's lead unit either way.
 */
export function RegisterProblemButton({ identity }: { identity: Identity }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ProblemValues>();
  const isOffice = identity.role === 'office';
  const tasks = useTaskList(isOffice ? { limit: 20_000 } : { unitId: identity.unitId ?? undefined, unitRole: 'lead', limit: 20_000 }, open);
  const add = useChannelMutation('problems.add');
  const textLimit = charLimit('问题描述', 2000);
  const owned = (tasks.data?.rows ?? []).filter((t) => t.leadUnit !== null);

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        登记问题
      </Button>
      <Modal
        open={open}
        title="登记问题"
        okText="登记"
        cancelText="取消"
        okButtonProps={{ loading: add.isPending, disabled: add.isPending }}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: '存在问题' }}
          onFinish={(values) =>
            add.mutate(
              { taskId: values.taskId, kind: values.kind, text: values.text.trim() },
              { onSuccess: () => (form.resetFields(), setOpen(false), message.success('问题已登记，由任务的牵头单位负责跟踪解决')), onError: (e) => message.error(e.message) },
            )
          }
        >
          <Form.Item name="taskId" label="涉及任务" rules={[{ required: true, message: '请选择涉及的任务' }]} extra={isOffice ? '问题由该任务的牵头单位负责。' : '只能为本单位牵头的任务登记问题；配合的任务请在进展填报中反映。'}>
            <Select
              showSearch
              optionFilterProp="label"
              aria-label="涉及任务"
              placeholder="输入编号或内容查找"
              loading={tasks.isLoading}
              notFoundContent={tasks.isLoading ? '加载中…' : '没有可登记问题的任务（任务需先分配牵头单位）'}
              options={owned.map((t) => ({ value: t.id, label: `${t.code} ${t.text}` }))}
            />
          </Form.Item>
          <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Select aria-label="问题类别" options={[{ value: '存在问题', label: '存在问题' }, { value: '需协调事项', label: '需协调事项' }]} />
          </Form.Item>
          <Form.Item name="text" label="问题描述" rules={[{ required: true, whitespace: true, message: '请填写问题描述' }, textLimit.rule]}>
            <Input.TextArea aria-label="问题描述" autoSize={{ minRows: 3 }} count={textLimit.count} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
