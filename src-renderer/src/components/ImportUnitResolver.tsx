import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { NewUnitKind, PreviewNode } from '../../../src-main/api/plan-import.types';
import { unresolvedUnits, type PreviewEdit } from '../../../src-main/api/plan-import.edits';
import type { Unit } from '../../../src-main/api/units.types';

const KINDS: { value: NewUnitKind; label: string }[] = [
  { value: 'department', label: '省直部门' },
  { value: 'city', label: '设区市' },
  { value: 'investment_office', label: '驻外招商局' },
];

/**
 * 不在名单中的单位: each name the document gives that is not in the unit list, with what to do: the existing unit it
 * means, or a new unit of a kind, added when the import is saved. Nothing is saved while a name is left open.
 */
export function ImportUnitResolver({ chapters, units, onEdit }: { chapters: PreviewNode[]; units: Unit[]; onEdit: (edit: PreviewEdit) => void }) {
  const open = unresolvedUnits(chapters);
  if (open.length === 0) return null;
  return (
    <Card size="small" title={`不在名单中的单位（${open.length} 个，保存前请逐一处理）`} aria-label="不在名单中的单位">
      <Table
        size="small"
        pagination={false}
        rowKey="name"
        dataSource={open}
        columns={[
          { title: '文件中的名称', dataIndex: 'name', render: (name: string) => <Tag color="orange">{name}</Tag> },
          { title: '提到的任务', dataIndex: 'tasks', width: 100 },
          { title: '处理', key: 'action', render: (_, row) => <Resolve name={row.name} units={units} onEdit={onEdit} /> },
        ]}
      />
    </Card>
  );
}

function Resolve({ name, units, onEdit }: { name: string; units: Unit[]; onEdit: (edit: PreviewEdit) => void }) {
  const [kind, setKind] = useState<NewUnitKind>('department');
  return (
    <Space wrap>
      <Select
        aria-label={`“${name}”对应的单位`}
        showSearch optionFilterProp="label"
        placeholder="对应到已有单位"
        style={{ width: 220 }}
        options={units.filter((u) => !u.retired).map((u) => ({ value: u.id, label: u.name }))}
        onChange={(unitId: number) => onEdit({ op: 'resolveUnit', name, to: { unitId, name: units.find((u) => u.id === unitId)!.name } })}
      />
      <Typography.Text type="secondary">或</Typography.Text>
      <Select aria-label={`“${name}”新增为`} style={{ width: 120 }} value={kind} options={KINDS} onChange={setKind} />
      <Button onClick={() => onEdit({ op: 'resolveUnit', name, to: { create: kind } })}>新增为单位</Button>
    </Space>
  );
}
