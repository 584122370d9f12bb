import { Alert, Card, Select, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { positiveId } from '../drill-down';
import { QueryError } from '../components/QueryError';
import { ExportTemplateButton } from '../components/reports/ExportTemplateButton';
import { TaskDrawer } from '../components/task-drawer/TaskDrawer';
import { TaskFilterBar } from '../components/TaskFilterBar';
import { TaskSummary } from '../components/TaskSummary';
import { TaskTable } from '../components/TaskTable';
import { useAllUnits, useIdentity, useTaskList, useTaskListView } from '../hooks/task.queries';
import { useScopedPlan } from '../hooks/queries';

/** 我的任务: the tasks the unit leads and those it cooperates on, with counts by status and warning. */
export function MyTasksPage() {
  const identity = useIdentity();
  const units = useAllUnits();
  // The unit's tasks in the plan chosen in the app frame's switcher, or in every plan under 全部规划.
  const { scope, planId } = useScopedPlan();
  const listPlanId = scope === 'all' ? undefined : planId;
  // 跟踪分析 opens a unit's tasks for the office with ?unitId=…&role=cooperating.
  const [searchParams] = useSearchParams();
  const [viewedUnitId, setViewedUnitId] = useState<number | undefined>(() => positiveId(searchParams.get('unitId')));
  const [role, setRole] = useState<'lead' | 'cooperating'>(() => (searchParams.get('role') === 'cooperating' ? 'cooperating' : 'lead'));
  // The tab shown gets its page of rows; the other tab only its count (a page of one row).
  const { filter, setFilter, view, setView, firstPage } = useTaskListView();
  const [openTaskId, setOpenTaskId] = useState<number | null>(null);

  const isOffice = identity.data?.role === 'office';
  const unitId = isOffice ? viewedUnitId : (identity.data?.unitId ?? undefined);
  const pageOf = (tab: 'lead' | 'cooperating') => (tab === role ? view : { offset: 0, limit: 1 });
  const lead = useTaskList({ ...filter, ...pageOf('lead'), planId: listPlanId, unitId, unitRole: 'lead' }, unitId !== undefined);
  const cooperating = useTaskList({ ...filter, ...pageOf('cooperating'), planId: listPlanId, unitId, unitRole: 'cooperating' }, unitId !== undefined);
  const current = role === 'lead' ? lead : cooperating;
  const unitName = units.data?.find((u) => u.id === unitId)?.name;

  return (
    <div style={{ padding: 20 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            我的任务{unitName ? `：${unitName}` : ''}
          </Typography.Title>
          {isOffice && (
            <Select
              showSearch
              optionFilterProp="label"
              placeholder="领导小组办公室：选择要查看的单位"
              aria-label="查看单位"
              style={{ width: 280 }}
              value={viewedUnitId}
              onChange={setViewedUnitId}
              options={(units.data ?? []).filter((u) => u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }))}
            />
          )}
          {unitId !== undefined && <ExportTemplateButton planId={planId} unitId={unitId} />}
        </Space>
        {identity.data?.role === null && <Alert type="info" showIcon title="请先选择使用身份。" />}
        {unitId !== undefined && (
          <>
            <Card size="small">
              <TaskFilterBar planId={planId} filter={filter} onChange={setFilter} showUnitFilter={false} />
            </Card>
            <Card size="small">
              <Tabs
                activeKey={role}
                onChange={(key) => {
                  setRole(key as 'lead' | 'cooperating');
                  firstPage();
                }}
                items={[
                  { key: 'lead', label: `牵头任务（${lead.data?.total ?? 0}）` },
                  { key: 'cooperating', label: `配合任务（${cooperating.data?.total ?? 0}）` },
                ]}
              />
              <TaskSummary result={current.data} />
              {current.error && <QueryError error={current.error} />}
              <div style={{ marginTop: 12 }}>
                <TaskTable list={current} view={view} onViewChange={setView} search={filter.search} onOpen={setOpenTaskId} height={520} />
              </div>
            </Card>
          </>
        )}
      </Space>
      <TaskDrawer taskId={openTaskId} identity={identity.data} onClose={() => setOpenTaskId(null)} />
    </div>
  );
}
