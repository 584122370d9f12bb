import { Alert, Drawer, Space, Spin, Tabs, Tag, Typography } from 'antd';
import type { Identity } from '../../../../src-main/api/tasks.types';
import { useTaskDetail } from '../../hooks/task.queries';
import { ExtensionsPanel, TaskDeadlineText } from '../extensions/ExtensionsPanel';
import { QueryError } from '../QueryError';
import { STATUS_COLORS } from '../TaskTable';
import { WarningLight } from '../WarningLight';
import { MilestonesPanel } from './MilestonesPanel';
import { ReportForm } from './ReportForm';
import { ReportTimeline } from './ReportTimeline';
import { TaskInfoPanel } from './TaskInfoPanel';

/** One task in full: its assignment, milestones, the report form and its whole history. */
export function TaskDrawer({ taskId, identity, onClose }: { taskId: number | null; identity: Identity | undefined; onClose: () => void }) {
  const detail = useTaskDetail(taskId);
  const task = detail.data;
  const isOffice = identity?.role === 'office';
  const involved =
    !!task && !!identity && (isOffice || task.leadUnit?.id === identity.unitId || task.cooperators.some((u) => u.id === identity.unitId));

  return (
    <Drawer
      open={taskId !== null}
      onClose={onClose}
      size={880}
      title={task ? `任务 ${task.code}` : '任务'}
      destroyOnHidden
    >
      {detail.error && <QueryError error={detail.error} />}
      {!task && !detail.error && <Spin />}
      {task && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ fontSize: 15, marginBottom: 0 }} aria-label="任务内容">
            {task.text}
          </Typography.Paragraph>
          <Space wrap>
            <Tag color={STATUS_COLORS[task.status]}>{task.status}</Tag>
            <span aria-label="完成进度">完成进度 {task.percent}%</span>
            <span>序时进度 {task.scheduleProgress}%</span>
            <WarningLight light={task.light} reasons={task.reasons} />
            <TaskDeadlineText taskId={task.id} deadline={task.deadline} />
          </Space>
          {task.retired && <Alert type="warning" showIcon title="该任务已撤销（拆分、合并或停止执行），仅保留历史记录。" />}
          <Tabs
            items={[
              { key: 'info', label: '任务信息', children: <TaskInfoPanel task={task} canEdit={isOffice && !task.retired} /> },
              {
                key: 'milestones',
                label: `阶段目标（${task.milestonesDone}/${task.milestoneCount}）`,
                children: <MilestonesPanel task={task} canTick={involved && !task.retired} canEdit={isOffice && !task.retired} />,
              },
              {
                key: 'report',
                label: '填报进展',
                children:
                  involved && !task.retired ? (
                    <ReportForm task={task} identity={identity!} />
                  ) : (
                    <Alert type="info" showIcon title="只有该任务的牵头单位、配合单位或领导小组办公室可以填报进展。" />
                  ),
              },
              { key: 'history', label: `进展记录（${task.reports.length}）`, children: <ReportTimeline task={task} /> },
              { key: 'extensions', label: '延期', children: <ExtensionsPanel task={task} identity={identity} /> },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
