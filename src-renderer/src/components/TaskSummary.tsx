import { Space, Tag } from 'antd';
import { TASK_STATUSES, TASK_LIGHTS, type TaskListResult } from '../../../src-main/api/tasks.types';
import { STATUS_COLORS } from './TaskTable';
import { LIGHT_LABELS } from './WarningLight';

const LIGHT_TAG_COLORS = { green: 'success', yellow: 'warning', red: 'error', grey: 'default', none: 'default' } as const;

/** Counts of the listed tasks by status and by warning light. */
export function TaskSummary({ result }: { result: TaskListResult | undefined }) {
  if (!result) return null;
  return (
    <Space wrap aria-label="任务统计">
      <span>共 {result.total} 项</span>
      {TASK_LIGHTS.filter((light) => result.byLight[light] > 0).map((light) => (
        <Tag key={light} color={LIGHT_TAG_COLORS[light]}>
          {LIGHT_LABELS[light]} {result.byLight[light]}
        </Tag>
      ))}
      {TASK_STATUSES.filter((status) => result.byStatus[status] > 0).map((status) => (
        <Tag key={status} color={STATUS_COLORS[status]}>
          {status} {result.byStatus[status]}
        </Tag>
      ))}
    </Space>
  );
}
