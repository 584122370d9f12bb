import { Alert, Table, Typography } from 'antd';
import type { RestoreImpact, RestoreImpactRow } from '../../../../src-main/api/backup.types';

/** The parts of a unit's row that are not zero, as the dialog says them: “进展填报 2 条、督办单 1 份”. */
function workOf(row: Pick<RestoreImpactRow, 'reports' | 'notices' | 'tasks'>): string {
  const parts = [
    row.reports > 0 ? `进展填报 ${row.reports} 条` : '',
    row.notices > 0 ? `督办单 ${row.notices} 份` : '',
    row.tasks > 0 ? `任务 ${row.tasks} 项` : '',
  ].filter(Boolean);
  return parts.join('、');
}

/**
 * In the restore dialog: whose work the restore sets aside. With one shared database a restore takes every unit back
 * to the backup; what they entered since survives only in the 恢复前备份.
 */
export function RestoreImpactSummary({ impact }: { impact: RestoreImpact }) {
  if (impact.byUnit.length === 0) {
    return <Typography.Paragraph type="secondary">这个备份之后没有新的进展填报、督办单或任务，恢复不会撤下任何单位录入的内容。</Typography.Paragraph>;
  }
  return (
    <>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 8 }}
        title={`恢复后，这个备份之后各单位录入的 ${workOf(impact.totals)} 将被撤下，只保留在“恢复前备份”中。`}
      />
      <Table<RestoreImpactRow>
        size="small"
        pagination={false}
        scroll={{ y: 240 }}
        rowKey={(row) => String(row.unitId)}
        dataSource={impact.byUnit}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          { title: '将被撤下的内容', render: (_, row) => workOf(row) },
        ]}
      />
    </>
  );
}
