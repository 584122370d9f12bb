import { App, Button, Form, Input, Radio, Select } from 'antd';
import type { Identity } from '../../../src-main/api/tasks.types';
import { useAllUnits, useChooseIdentity } from '../hooks/task.queries';

interface IdentityValues {
  role: 'office' | 'unit';
  unitId?: number;
  person: string;
}

/** Chooses who is using this window or tab: the coordinating office, or one named unit (kept by this client). */
export function IdentityForm({ identity, onSaved }: { identity: Identity | undefined; onSaved?: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<IdentityValues>();
  const units = useAllUnits();
  const save = useChooseIdentity();
  const role = Form.useWatch('role', form);

  return (
    <Form
      form={form}
      layout="vertical"
      aria-label="使用身份"
      initialValues={{ role: identity?.role ?? 'office', unitId: identity?.role === 'unit' ? identity.unitId : undefined, person: identity?.person ?? '' }}
      onFinish={(values) =>
        save.mutate(
          { role: values.role, unitId: values.role === 'unit' ? (values.unitId ?? null) : null, person: values.person ?? '' },
          { onSuccess: (saved) => (message.success(`使用身份：${saved.unitName}`), onSaved?.()), onError: (e) => message.error(e.message) },
        )
      }
    >
      <Form.Item name="role" label="本机使用者">
        <Radio.Group
          options={[
            { value: 'office', label: '领导小组办公室（分解任务、调度督办）' },
            { value: 'unit', label: '责任单位（填报本单位任务）' },
          ]}
        />
      </Form.Item>
      {role === 'unit' && (
        <Form.Item name="unitId" label="本单位" rules={[{ required: true, message: '请选择本单位' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder="选择或输入单位名称"
            aria-label="本单位"
            options={(units.data ?? []).filter((u) => !u.retired && u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
      )}
      <Form.Item name="person" label="经办人姓名（记录在每次修改和填报中）">
        <Input maxLength={40} placeholder="可不填" aria-label="经办人姓名" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        保存使用身份
      </Button>
    </Form>
  );
}
