import { Breadcrumb, Card, List, Space, Spin, Table, Tag, Typography } from 'antd';
import type { Indicator, PlanTreeNode } from '../../../src-main/api/plan.types';
import { useIndicators, usePlanNode } from '../hooks/queries';
import { useIdentity } from '../hooks/task.queries';
import { AddTaskForm } from './AddTaskForm';
import { QueryError } from './QueryError';

const KIND_LABELS = { plan: '规划', chapter: '章', section: '节', measure: '措施', task: '任务' } as const;

/** The full text of one selected node, with its place in the plan and what lies under it. */
export function PlanNodeDetailPanel({ node, planId }: { node: PlanTreeNode; planId: number }) {
  const detail = usePlanNode({ kind: node.kind, id: node.id });
  const isOffice = useIdentity().data?.role === 'office';
  if (detail.error) return <QueryError error={detail.error} />;
  if (!detail.data) return <Card><Spin /></Card>;
  const d = detail.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        {d.path.length > 0 && <Breadcrumb aria-label="所在位置" items={d.path.map((title) => ({ title }))} style={{ marginBottom: 8 }} />}
        <Typography.Title level={3} style={{ marginTop: 0 }} aria-label="所选内容标题">
          {d.kind === 'plan' ? '前言' : d.title}
        </Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag color="blue">{KIND_LABELS[d.kind]}</Tag>
          {d.kind !== 'plan' && <Tag>编号 {d.code}</Tag>}
          {d.region && <Tag color="volcano">{d.region}</Tag>}
          {d.kind !== 'task' && d.taskCount > 0 && (
            <Tag color="green">
              {d.kind === 'measure' ? '' : `${d.measureCount} 项措施 · `}
              {d.taskCount} 项任务
            </Tag>
          )}
        </Space>
        <div className="plan-text" aria-label="全文">
          {d.text.split('\n').filter(Boolean).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      </Card>
      {d.kind === 'measure' && (
        <Card title={`分解任务（${node.children.length} 项）`} size="small">
          <List
            aria-label="分解任务"
            dataSource={node.children}
            renderItem={(task) => (
              <List.Item>
                <Space align="start">
                  <Tag color="geekblue">{task.code}</Tag>
                  <span>{task.label.slice(task.code.length + 1)}</span>
                </Space>
              </List.Item>
            )}
          />
          {isOffice && <div style={{ marginTop: 12 }}><AddTaskForm key={d.id} measureId={d.id} /></div>}
        </Card>
      )}
      {d.kind === 'plan' && <IndicatorTable planId={planId} />}
    </Space>
  );
}

function IndicatorTable({ planId }: { planId: number }) {
  const indicators = useIndicators(planId);
  if (indicators.error) return <QueryError error={indicators.error} />;
  return (
    <Card title="主要指标（由规划第二章第四节“发展目标”及指标表注释整理，可在指标管理中补全）" size="small">
      <Table<Indicator>
        rowKey="id"
        size="small"
        loading={indicators.isLoading}
        dataSource={indicators.data ?? []}
        pagination={false}
        columns={[
          { title: '序号', width: 60, render: (_value, _row, index) => index + 1 },
          { title: '指标名称', dataIndex: 'name' },
          { title: '单位', dataIndex: 'unit', width: 70, render: (unit: string | null) => unit ?? '—' },
          {
            title: '基期',
            width: 110,
            render: (_value, row) => (row.baselineValue !== null ? `${row.baselineValue}（${row.baselineYear}年）` : row.baselineYear ? `${row.baselineYear}年值` : '—'),
          },
          {
            title: `${indicators.data?.[0]?.targetYear ?? ''}年目标`,
            width: 170,
            render: (_value, row) => row.targetText ?? (row.targetValue !== null ? String(row.targetValue) : '待定'),
          },
          { title: '属性', width: 80, render: (_value, row) => (row.direction === 'lower' ? '越低越好' : row.direction === 'higher' ? '越高越好' : '—') },
        ]}
      />
    </Card>
  );
}
