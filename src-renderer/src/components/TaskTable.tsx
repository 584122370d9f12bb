import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TaskRow, TaskStatus } from '../../../src-main/api/tasks.types';
import { Highlight } from './Highlight';
import { WarningLight } from './WarningLight';

export const STATUS_COLORS: Record<TaskStatus, string> = {
  已完成: 'green',
  超序时进度: 'cyan',
  序时推进: 'blue',
  滞后: 'orange',
  未启动: 'default',
  暂缓: 'purple',
};

interface TaskTableProps {
  rows: TaskRow[];
  loading: boolean;
  search?: string | undefined;
  selectedIds?: number[];
  onSelectionChange?: (ids: number[]) => void;
  onOpen: (id: number) => void;
  height?: number;
}

const byText = (a: string, b: string) => a.localeCompare(b, 'zh-CN');

/**
 * The task list used by 任务分解 and 我的任务: virtualised, so it stays smooth with 10,000 rows. Rows arrive in
 * the plan's order; sorting by 编号 restores it.
 */
export function TaskTable({ rows, loading, search, selectedIds, onSelectionChange, onOpen, height = 560 }: TaskTableProps) {
  const order = new Map(rows.map((row, index) => [row.id, index]));
  const columns: ColumnsType<TaskRow> = [
    { title: '编号', dataIndex: 'code', width: 96, fixed: 'left', sorter: (a, b) => order.get(a.id)! - order.get(b.id)! },
    {
      title: '具体任务',
      dataIndex: 'text',
      width: 380,
      ellipsis: { showTitle: false },
      render: (text: string, row) => (
        <Typography.Link role="link" onClick={() => onOpen(row.id)} title={text}>
          <Highlight text={text} query={search} />
        </Typography.Link>
      ),
    },
    {
      title: '牵头单位',
      width: 140,
      ellipsis: true,
      sorter: (a, b) => byText(a.leadUnit?.name ?? '', b.leadUnit?.name ?? ''),
      render: (_: unknown, row) =>
        row.leadUnit ? `${row.leadUnit.name}${row.leadUnit.retired ? '（已撤销）' : ''}` : <Typography.Text type="secondary">未分配</Typography.Text>,
    },
    {
      title: '完成时限',
      dataIndex: 'deadline',
      width: 112,
      sorter: (a, b) => byText(a.deadline, b.deadline),
      render: (deadline: string, row) => (row.deadlineSet ? deadline : <Typography.Text type="secondary">{deadline}</Typography.Text>),
    },
    {
      title: '完成状态',
      dataIndex: 'status',
      width: 104,
      sorter: (a, b) => byText(a.status, b.status),
      render: (status: TaskStatus) => <Tag color={STATUS_COLORS[status]}>{status}</Tag>,
    },
    { title: '完成进度', dataIndex: 'percent', width: 92, sorter: (a, b) => a.percent - b.percent, render: (p: number) => `${p}%` },
    { title: '序时进度', dataIndex: 'scheduleProgress', width: 92, sorter: (a, b) => a.scheduleProgress - b.scheduleProgress, render: (p: number) => `${p}%` },
    {
      title: '预警',
      dataIndex: 'light',
      width: 92,
      sorter: (a, b) => a.lag - b.lag,
      render: (_: unknown, row) => <WarningLight light={row.light} reasons={row.reasons} />,
    },
    { title: '配合单位', width: 170, ellipsis: true, render: (_: unknown, row) => row.cooperators.map((u) => u.name).join('、') || '—' },
    { title: '所属措施', dataIndex: 'measureTitle', width: 190, ellipsis: true, render: (title: string) => <Highlight text={title} query={search} /> },
    { title: '阶段目标', width: 90, render: (_: unknown, row) => (row.milestoneCount ? `${row.milestonesDone}/${row.milestoneCount}` : '—') },
  ];

  return (
    <div role="region" aria-label="任务列表">
    <Table<TaskRow>
      rowKey="id"
      size="small"
      virtual
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={false}
      // The virtual body renders rows as divs without table roles; tests and tools find a row by its code.
      onRow={(row) => ({ 'data-code': row.code }) as React.HTMLAttributes<HTMLElement>}
      scroll={{ x: 1560, y: height }}
      rowSelection={
        onSelectionChange
          ? { selectedRowKeys: selectedIds ?? [], onChange: (keys) => onSelectionChange(keys.map(Number)), columnWidth: 40, fixed: true }
          : undefined
      }
    />
    </div>
  );
}
