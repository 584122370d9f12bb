import { Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { PreviewNode, TaskProposal, UnitRef } from '../../../src-main/api/plan-import.types';
import type { Unit } from '../../../src-main/api/units.types';

/**
 * 牵头、配合单位和完成时限 of one task, or of every task of a measure at once, as the office sets them in the preview.
 * Names the document gave that are not in the list (or a set such as 各市) stay selectable as they are.
 */
export function ImportProposalDialog({ node, units, onCancel, onSave }: { node: PreviewNode; units: Unit[]; onCancel: () => void; onSave: (proposal: TaskProposal | null) => void }) {
  const current = node.level === 'task' ? node.proposal : (node.children.find((t) => t.proposal)?.proposal ?? null);
  const refs = [current?.leadUnit, ...(current?.cooperatingUnits ?? [])].filter((u): u is UnitRef => !!u && u.unitId === null);
  const valueOf = (u: UnitRef) => (u.unitId !== null ? `u${u.unitId}` : `r${u.name}`);
  const options = [
    ...units.filter((u) => !u.retired).map((u) => ({ value: `u${u.id}`, label: u.name })),
    ...refs.map((u) => ({ value: valueOf(u), label: `${u.name}（${u.group ? '全部设区市' : u.create ? '将新增' : '不在名单'}）` })),
  ];
  const refOf = (value: string): UnitRef => {
    if (value.startsWith('u')) {
      const unit = units.find((u) => u.id === Number(value.slice(1)))!;
      return { unitId: unit.id, name: unit.name };
    }
    return refs.find((u) => valueOf(u) === value)!;
  };
  const [lead, setLead] = useState<string | undefined>(current?.leadUnit ? valueOf(current.leadUnit) : undefined);
  const [cooperating, setCooperating] = useState<string[]>((current?.cooperatingUnits ?? []).map(valueOf));
  const [deadline, setDeadline] = useState(current?.deadline ?? '');
  const badDate = deadline !== '' && !/^\d{4}-\d{2}-\d{2}$/u.test(deadline);
  const save = () => {
    if (badDate) return;
    const leadUnit = lead ? refOf(lead) : null;
    const cooperatingUnits = cooperating.filter((v) => v !== lead).map(refOf);
    onSave(leadUnit || cooperatingUnits.length > 0 || deadline ? { leadUnit, cooperatingUnits, deadline: deadline || null, source: current?.source || '在导入预览中设定' } : null);
  };
  return (
    <Modal open title={node.level === 'task' ? '设置任务的单位和时限' : `设置措施“${node.title}”下全部 ${node.children.length} 项任务的单位和时限`} okText="确定" cancelText="取消" onCancel={onCancel} onOk={save}>
      {current?.source && <Typography.Paragraph type="secondary">文件原文：“{current.source}”</Typography.Paragraph>}
      <Form layout="vertical">
        <Form.Item label="牵头单位">
          <Select aria-label="牵头单位" allowClear showSearch optionFilterProp="label" value={lead} options={options} onChange={setLead} />
        </Form.Item>
        <Form.Item label="配合单位">
          <Select aria-label="配合单位" mode="multiple" allowClear showSearch optionFilterProp="label" value={cooperating} options={options} onChange={setCooperating} />
        </Form.Item>
        <Form.Item label="完成时限" validateStatus={badDate ? 'error' : ''} help={badDate ? '请按 2025-12-31 的格式填写日期' : undefined}>
          <Input aria-label="完成时限" placeholder="如 2025-12-31" value={deadline} onChange={(e) => setDeadline(e.target.value.trim())} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
