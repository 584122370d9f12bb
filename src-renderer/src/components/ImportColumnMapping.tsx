import { Button, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ColumnMapping, ColumnRole, ImportTable } from '../../../src-main/api/plan-import.types';

const ROLES: { role: ColumnRole; label: string }[] = [
  { role: 'chapter', label: '章/领域' },
  { role: 'measure', label: '重点任务（措施）' },
  { role: 'task', label: '具体任务' },
  { role: 'lead', label: '牵头单位' },
  { role: 'cooperating', label: '配合单位' },
  { role: 'deadline', label: '完成时限' },
];
const NONE = -1;

/**
 * 列的对应: for a 分工表 or 台账, which column holds what, as guessed from the headers; the office corrects it and the
 * file is read again with its choice.
 */
export function ImportColumnMapping({ table, pending, onApply }: { table: ImportTable; pending: boolean; onApply: (columns: ColumnMapping) => void }) {
  const [columns, setColumns] = useState<ColumnMapping>(table.columns);
  const changed = ROLES.some(({ role }) => columns[role] !== table.columns[role]);
  const options = [{ value: NONE, label: '（不读取）' }, ...table.headers.map((header, index) => ({ value: index, label: `第 ${index + 1} 列：${header || '（无列名）'}` }))];
  return (
    <Card size="small" title={`列的对应（${table.origin}，${table.rows} 行任务）`} aria-label="列的对应">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        程序按表头猜出了每一列的内容。如有不对，改正后点“按此重新识别”。没有对应的列，其中的文字列在“未导入的文字”中。
      </Typography.Paragraph>
      <Space wrap size="middle">
        {ROLES.map(({ role, label }) => (
          <Space key={role} size={4}>
            <Typography.Text>{label}</Typography.Text>
            <Select
              aria-label={`${label}所在列`}
              style={{ width: 200 }}
              value={columns[role] ?? NONE}
              options={options}
              onChange={(value: number) => setColumns({ ...columns, [role]: value === NONE ? null : value })}
            />
          </Space>
        ))}
        <Button type="primary" ghost disabled={!changed || columns.task === null} loading={pending} onClick={() => onApply(columns)}>
          按此重新识别
        </Button>
      </Space>
    </Card>
  );
}
