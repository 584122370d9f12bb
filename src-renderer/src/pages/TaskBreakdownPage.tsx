import { App, Button, Card, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { taskFilterFromQuery } from '../drill-down';
import { BulkAssignModal } from '../components/BulkAssignModal';
import { ExportListButton } from '../components/reports/ExportListButton';
import { QueryError } from '../components/QueryError';
import { TaskDrawer } from '../components/task-drawer/TaskDrawer';
import { TaskFilterBar } from '../components/TaskFilterBar';
import { TaskSummary } from '../components/TaskSummary';
import { TaskTable } from '../components/TaskTable';
import type { TaskRow } from '../../../src-main/api/tasks.types';
import { useChannelMutation, useIdentity, useTaskList, useTaskListView } from '../hooks/task.queries';
import { useScopedPlan } from '../hooks/queries';

/** 任务分解: every task of the plan with its assignment; the office selects many and assigns them at once. */
export function TaskBreakdownPage() {
  const { message } = App.useApp();
  // The plan chosen in the app frame's switcher; under 全部规划, the first plan.
  const { planId } = useScopedPlan();
  const identity = useIdentity();
  // A chart in 跟踪分析 may open this list with a filter in the URL (e.g. ?light=red&region=长三角).
  const [searchParams] = useSearchParams();
  const { filter, setFilter, view, setView } = useTaskListView(taskFilterFromQuery(searchParams));
  const tasks = useTaskList({ ...filter, ...view, planId }, planId !== undefined);
  // The selected tasks on every page, in the order chosen, with their rows (for 合并's proposed text).
  const [selection, setSelection] = useState<Map<number, TaskRow>>(new Map());
  const selected = [...selection.keys()];
  const [assigning, setAssigning] = useState(false);
  const [merging, setMerging] = useState(false);
  const [mergeText, setMergeText] = useState('');
  const [openTaskId, setOpenTaskId] = useState<number | null>(null);
  const merge = useChannelMutation('tasks.merge');
  const isOffice = identity.data?.role === 'office';
  // The list's own input: the file holds the rows it finds, every page of them.
  const exportInput = { list: 'tasks' as const, filter: { ...filter, ...view, planId } };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', padding: 20 }}>
      <Card size="small">
        <TaskFilterBar planId={planId} filter={filter} onChange={setFilter} showUnitFilter />
      </Card>
      <Card
        size="small"
        title={<TaskSummary result={tasks.data} />}
        extra={
          isOffice ? (
            <Space>
              <Typography.Text type="secondary">已选 {selected.length} 项</Typography.Text>
              <Button type="primary" disabled={selected.length === 0} onClick={() => setAssigning(true)}>
                批量分配
              </Button>
              <Button
                disabled={selected.length < 2}
                onClick={() => {
                  setMergeText([...selection.values()].map((row) => row.text).join(''));
                  setMerging(true);
                }}
              >
                合并
              </Button>
              <ExportListButton input={exportInput} disabled={planId === undefined} />
            </Space>
          ) : (
            <Space>
              <Typography.Text type="secondary">任务分解由领导小组办公室维护</Typography.Text>
              <ExportListButton input={exportInput} disabled={planId === undefined} />
            </Space>
          )
        }
      >
        {tasks.error && <QueryError error={tasks.error} />}
        <TaskTable
          list={tasks}
          view={view}
          onViewChange={setView}
          search={filter.search}
          selectedIds={selected}
          onSelectionChange={
            isOffice
              ? (ids, rows) => {
                  // The table hands over this page's rows; rows chosen on other pages are already known.
                  const onPage = new Map(rows.map((row) => [row.id, row]));
                  setSelection((known) => new Map(ids.map((id) => [id, (onPage.get(id) ?? known.get(id))!])));
                }
              : undefined
          }
          onOpen={setOpenTaskId}
        />
      </Card>
      <BulkAssignModal
        open={assigning}
        taskIds={selected}
        onClose={(assigned) => {
          setAssigning(false);
          if (assigned) setSelection(new Map());
        }}
      />
      <Modal
        open={merging}
        title={`合并 ${selected.length} 项任务`}
        okText="合并"
        cancelText="取消"
        confirmLoading={merge.isPending}
        onCancel={() => setMerging(false)}
        onOk={() =>
          merge.mutate(
            { ids: selected, text: mergeText },
            {
              onSuccess: (created) => {
                message.success(`已合并为任务 ${created.code}`);
                setMerging(false);
                setSelection(new Map());
              },
              onError: (error) => message.error(error.message),
            },
          )
        }
      >
        <Typography.Paragraph type="secondary">合并后的任务取得新编号，原任务撤销并保留在历史中。请确认合并后的任务内容：</Typography.Paragraph>
        <Input.TextArea value={mergeText} onChange={(e) => setMergeText(e.target.value)} autoSize={{ minRows: 4 }} aria-label="合并后的任务内容" />
      </Modal>
      <TaskDrawer taskId={openTaskId} identity={identity.data} onClose={() => setOpenTaskId(null)} />
    </Space>
  );
}
