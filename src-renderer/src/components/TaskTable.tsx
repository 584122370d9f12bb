import { Table, Tag, Typography, type TableProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ChannelInput } from '../../../src-main/api/contract';
import type { TaskListResult, TaskRow, TaskStatus } from '../../../src-main/api/tasks.types';
import { Highlight, hitOnlyInMeasure } from './Highlight';
import { WarningLight } from './WarningLight';

export const STATUS_COLORS: Record<TaskStatus, string> = {
  已完成: 'green',
  超序时进度: 'cyan',
  序时推进: 'blue',
  滞后: 'orange',
  未启动: 'default',
  暂缓: 'purple',
};

type SortField = NonNullable<ChannelInput<'tasks.list'>['sort']>['field'];

/** What part of the filtered list is shown: the server sorts and pages, so a 10,000-task plan stays instant. */
export interface TaskPageView {
  sort?: { field: SortField; order: 'asc' | 'desc' } | undefined;
  offset: number;
  limit: number;
}

export const FIRST_PAGE: TaskPageView = { offset: 0, limit: 50 };
const PAGE_SIZES = [20, 50, 100, 200];

interface TaskTableProps {
  /** The list query of the page shown: its rows, and the total of all tasks matching the filter. */
  list: { data?: TaskListResult | undefined; isFetching: boolean };
  view: TaskPageView;
  onViewChange: (view: TaskPageView) => void;
  search?: string | undefined;
  selectedIds?: number[];
  /** The ids selected on every page, and the rows of those seen (for 合并's text). */
  onSelectionChange?: (ids: number[], rows: TaskRow[]) => void;
  onOpen: (id: number) => void;
  height?: number;
}

/**
 * The task list used by 任务分解 and 我的任务: one page of the filtered list at a time (50 by default, up to 200),
 * sorted by the server over the whole list. Selection is kept across pages for 批量分配.
 */
const TASK_LINK_STYLE = { display: 'inline-block', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'bottom' } as const;

export function TaskTable({ list, view, onViewChange, search, selectedIds, onSelectionChange, onOpen, height = 560 }: TaskTableProps) {
  const rows = list.data?.rows ?? [];
  const sorted = (field: SortField) => ({
    key: field,
    sorter: true,
    sortOrder: view.sort?.field === field ? (view.sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  });
  const columns: ColumnsType<TaskRow> = [
    { title: '编号', dataIndex: 'code', width: 96, fixed: 'left', ...sorted('code') },
    {
      title: '具体任务',
      dataIndex: 'text',
      width: 380,
      ellipsis: { showTitle: false },
      render: (text: string, row) => (
        <>
          {hitOnlyInMeasure(search, row) && (
            <Tag title={`所属措施：${row.measureTitle}`} aria-label={`搜索命中所属措施：${row.measureTitle}`}>
              命中所属措施
            </Tag>
          )}
          {/* The link ends with its own ellipsis inside the cell: a link wider than its cell gets the cell scrolled
              sideways when it takes focus or is brought into view, and the table's fixed-column scroll sync then
              moves it again (a click that never lands). */}
          <Typography.Link role="link" onClick={() => onOpen(row.id)} title={text} style={TASK_LINK_STYLE}>
            <Highlight text={text} query={search} />
          </Typography.Link>
        </>
      ),
    },
    {
      title: '牵头单位',
      width: 140,
      ellipsis: true,
      ...sorted('leadUnit'),
      render: (_: unknown, row) =>
        row.leadUnit ? `${row.leadUnit.name}${row.leadUnit.retired ? '（已撤销）' : ''}` : <Typography.Text type="secondary">未分配</Typography.Text>,
    },
    {
      title: '完成时限',
      dataIndex: 'deadline',
      width: 112,
      ...sorted('deadline'),
      render: (deadline: string, row) => (row.deadlineSet ? deadline : <Typography.Text type="secondary">{deadline}</Typography.Text>),
    },
    {
      title: '完成状态',
      dataIndex: 'status',
      width: 104,
      ...sorted('status'),
      render: (status: TaskStatus) => <Tag color={STATUS_COLORS[status]}>{status}</Tag>,
    },
    { title: '完成进度', dataIndex: 'percent', width: 92, ...sorted('percent'), render: (p: number) => `${p}%` },
    { title: '序时进度', dataIndex: 'scheduleProgress', width: 92, ...sorted('scheduleProgress'), render: (p: number) => `${p}%` },
    {
      title: '预警',
      dataIndex: 'light',
      width: 92,
      ...sorted('lag'),
      render: (_: unknown, row) => <WarningLight light={row.light} reasons={row.reasons} />,
    },
    { title: '配合单位', width: 170, ellipsis: true, render: (_: unknown, row) => row.cooperators.map((u) => u.name).join('、') || '—' },
    { title: '所属措施', dataIndex: 'measureTitle', width: 190, ellipsis: true, render: (title: string) => <Highlight text={title} query={search} /> },
    { title: '阶段目标', width: 90, render: (_: unknown, row) => (row.milestoneCount ? `${row.milestonesDone}/${row.milestoneCount}` : '—') },
  ];

  const onChange: TableProps<TaskRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const one = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = one?.order ? (one.columnKey as SortField) : undefined;
      // A new order starts again at the first page.
      onViewChange({ ...view, offset: 0, sort: field ? { field, order: one!.order === 'ascend' ? 'asc' : 'desc' } : undefined });
    } else if (extra.action === 'paginate') {
      const limit = pagination.pageSize ?? view.limit;
      onViewChange({ ...view, limit, offset: limit === view.limit ? ((pagination.current ?? 1) - 1) * limit : 0 });
    }
  };

  return (
    <div role="region" aria-label="任务列表">
      <Table<TaskRow>
        rowKey="id"
        size="small"
        loading={list.isFetching && !list.data}
        columns={columns}
        dataSource={rows}
        onChange={onChange}
        pagination={{
          current: Math.floor(view.offset / view.limit) + 1,
          pageSize: view.limit,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (count, [from, to]) => `第 ${from}–${to} 项，共 ${count} 项`,
        }}
        // Tests and tools find a row by its task code.
        onRow={(row) => ({ 'data-code': row.code }) as React.HTMLAttributes<HTMLElement>}
        scroll={{ x: 1560, y: height }}
        rowSelection={
          onSelectionChange
            ? {
                selectedRowKeys: selectedIds ?? [],
                preserveSelectedRowKeys: true,
                onChange: (keys, selectedRows) => onSelectionChange(keys.map(Number), selectedRows.filter((row): row is TaskRow => row !== undefined)),
                columnWidth: 40,
                fixed: true,
              }
            : undefined
        }
      />
    </div>
  );
}
