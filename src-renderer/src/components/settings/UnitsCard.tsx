import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Unit, UnitKind } from '../../../../src-main/api/units.types';
import { useAllUnits, useChannelMutation, useIdentity } from '../../hooks/task.queries';
import { QueryError } from '../QueryError';

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  office: '领导小组办公室',
  department: '省直部门',
  city: '设区市',
  investment_office: '驻外招商机构',
};

const splitAliases = (text: string | undefined) =>
  (text ?? '')
    .split(/[，,、\s]+/u)
    .map((alias) => alias.trim())
    .filter(Boolean);

/** The units list: add, rename, aliases, retire. Units are never deleted. */
export function UnitsCard() {
  const { message, modal } = App.useApp();
  const units = useAllUnits();
  const identity = useIdentity();
  const canEdit = identity.data?.role === 'office';
  const create = useChannelMutation('units.create');
  const update = useChannelMutation('units.update');
  const setRetired = useChannelMutation('units.setRetired');
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [form] = Form.useForm<{ name: string; kind: Exclude<UnitKind, 'office'>; aliases: string }>();

  const save = (values: { name: string; kind: Exclude<UnitKind, 'office'>; aliases: string }) => {
    const aliases = splitAliases(values.aliases);
    const done = { onSuccess: () => (setEditing(null), message.success('单位已保存')), onError: (e: Error) => message.error(e.message) };
    if (editing === 'new') create.mutate({ name: values.name.trim(), kind: values.kind, aliases }, done);
    else if (editing) update.mutate({ id: editing.id, name: values.name.trim(), aliases }, done);
  };

  return (
    <Card
      title={`单位名单（${units.data?.filter((u) => !u.retired).length ?? 0} 个）`}
      extra={
        canEdit && (
          <Button
            onClick={() => {
              form.setFieldsValue({ name: '', kind: 'department', aliases: '' });
              setEditing('new');
            }}
          >
            新增单位
          </Button>
        )
      }
    >
      {units.error && <QueryError error={units.error} />}
      <Table<Unit>
        aria-label="单位名单"
        rowKey="id"
        size="small"
        loading={units.isLoading}
        dataSource={units.data ?? []}
        pagination={false}
        columns={[
          { title: '单位名称', dataIndex: 'name', width: 240, render: (name: string, unit) => (unit.retired ? <s>{name}</s> : name) },
          { title: '类别', dataIndex: 'kind', width: 130, render: (kind: UnitKind) => UNIT_KIND_LABELS[kind] },
          { title: '简称/别名', dataIndex: 'aliases', render: (aliases: string[]) => aliases.map((alias) => <Tag key={alias}>{alias}</Tag>) },
          {
            title: '操作',
            width: 150,
            render: (_: unknown, unit) =>
              canEdit &&
              unit.kind !== 'office' && (
                <Space>
                  <Button
                    size="small"
                    type="link"
                    onClick={() => {
                      form.setFieldsValue({ name: unit.name, kind: unit.kind as Exclude<UnitKind, 'office'>, aliases: unit.aliases.join('、') });
                      setEditing(unit);
                    }}
                  >
                    编辑
                  </Button>
                  <Popconfirm
                    title={unit.retired ? '恢复该单位？' : '撤销该单位？'}
                    description={unit.retired ? undefined : '撤销后不能再分配新任务，已有任务和记录中仍保留其名称。'}
                    okText="确定"
                    cancelText="取消"
                    onConfirm={() =>
                      setRetired.mutate(
                        { id: unit.id, retired: !unit.retired },
                        {
                          onSuccess: ({ openLeadTasks }) => {
                            if (!unit.retired && openLeadTasks > 0) {
                              modal.warning({ title: '请为未完成任务另行指定牵头单位', content: `“${unit.name}”仍牵头 ${openLeadTasks} 项未完成的任务。` });
                            }
                          },
                          onError: (e) => message.error(e.message),
                        },
                      )
                    }
                  >
                    <Button size="small" type="link" danger={!unit.retired}>
                      {unit.retired ? '恢复' : '撤销'}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增单位' : '编辑单位'}
        okText="保存"
        cancelText="取消"
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        confirmLoading={create.isPending || update.isPending}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
            <Input maxLength={60} />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item name="kind" label="类别">
              <Select options={(['department', 'city', 'investment_office'] as const).map((kind) => ({ value: kind, label: UNIT_KIND_LABELS[kind] }))} />
            </Form.Item>
          )}
          <Form.Item name="aliases" label="简称/别名（用顿号或逗号分隔）" extra="导入报表和识别规划文本时，按名称和别名匹配单位。改名后旧名称自动保留为别名。">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
