import { Button, Card, Empty, Input, Select, Space, Spin, Statistic, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { PlanTreeNode } from '../../../src-main/api/plan.types';
import { PlanNodeDetailPanel } from '../components/PlanNodeDetailPanel';
import { QueryError } from '../components/QueryError';
import { usePlans, usePlanTree } from '../hooks/queries';
import { effectiveScope, usePlanScope } from '../plan-scope';
import { filterPlanTree, findNode, nodeKey } from './plan-tree';

/** 规划任务: the plan's structure on the left, the full text of whatever is selected on the right. */
export function PlanPage() {
  const plans = usePlans();
  const navigate = useNavigate();
  // The plan chosen in the app frame's switcher; under 全部规划, the first plan or the one picked here.
  const { planId: scope, setPlanId } = usePlanScope();
  const [chosenPlanId, setChosenPlanId] = useState<number>();
  const scoped = effectiveScope(scope, plans.data);
  const planId = scoped !== 'all' ? scoped : (chosenPlanId ?? plans.data?.[0]?.id);
  const tree = usePlanTree(planId);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [expandedKeys, setExpandedKeys] = useState<string[] | null>(null);

  const visibleTree = useMemo(() => (tree.data ? filterPlanTree(tree.data, filter.trim()) : null), [tree.data, filter]);
  const treeData = useMemo(() => (visibleTree ? visibleTree.children.map(toDataNode) : []), [visibleTree]);
  const selectedNode = tree.data && selectedKey ? findNode(tree.data, selectedKey) : null;
  const plan = plans.data?.find((p) => p.id === planId);

  if (plans.error) return <Page><QueryError error={plans.error} /></Page>;
  if (plans.isLoading) return <Page><Spin /></Page>;
  if (!plan) return <Page><Empty description="数据库中还没有规划。" /></Page>;

  // While filtering, open every branch that still has matches; otherwise the user's own expansion
  // (at first all chapters closed: the seven chapters with their counts are the overview).
  const shownExpandedKeys = filter.trim() ? collectKeys(visibleTree?.children ?? []) : (expandedKeys ?? []);

  return (
    <Page>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Space size="large" wrap align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
            <Space orientation="vertical" size={2}>
              {plans.data && plans.data.length > 1 && (
                <Select
                  aria-label="选择规划"
                  value={planId}
                  style={{ minWidth: 320 }}
                  options={plans.data.map((p) => ({ value: p.id, label: p.title }))}
                  onChange={(id: number) => {
                    if (scoped !== 'all') setPlanId(id);
                    else setChosenPlanId(id);
                    setSelectedKey(null);
                    setExpandedKeys(null);
                  }}
                />
              )}
              <Typography.Title level={4} style={{ margin: 0 }}>
                《{plan.title}》
              </Typography.Title>
              <Typography.Text type="secondary">
                规划期 {plan.periodStart}—{plan.periodEnd} 年{plan.issuedOn ? ` · ${plan.issuedOn} 印发` : ''}
              </Typography.Text>
            </Space>
            <Space size="large">
              <Statistic title="章" value={plan.chapterCount} />
              <Statistic title="措施" value={plan.measureCount} />
              <Statistic title="任务" value={plan.taskCount} />
              <Button onClick={() => navigate('/plan/import')}>导入规划</Button>
            </Space>
          </Space>
        </Card>

        <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
          <Card title="规划结构" size="small" style={{ width: 460, flexShrink: 0 }}>
            <Input.Search
              allowClear
              placeholder="筛选章节、措施或任务"
              aria-label="筛选规划结构"
              onChange={(event) => setFilter(event.target.value)}
              style={{ marginBottom: 8 }}
            />
            {tree.error && <QueryError error={tree.error} />}
            {tree.isLoading && <Spin />}
            {tree.data && (
              <>
                <Tree
                  aria-label="规划结构树"
                  treeData={[{ ...toDataNode({ ...tree.data, children: [] }), title: <span>前言与主要指标</span> }, ...treeData]}
                  height={640}
                  blockNode
                  showLine
                  selectedKeys={selectedKey ? [selectedKey] : []}
                  expandedKeys={shownExpandedKeys}
                  onExpand={(keys) => setExpandedKeys(keys.map(String))}
                  onSelect={(keys) => {
                    const key = keys[0];
                    if (key !== undefined) setSelectedKey(String(key));
                  }}
                />
                {filter.trim() && treeData.length === 0 && <Empty description={`没有与“${filter.trim()}”匹配的内容`} />}
              </>
            )}
          </Card>
          <div style={{ flex: 1, minWidth: 0 }}>
            {selectedNode ? (
              <PlanNodeDetailPanel node={selectedNode} planId={plan.id} />
            ) : (
              <Card>
                <Empty description="在左侧选择章、节、措施或任务，查看其全文。" />
              </Card>
            )}
          </div>
        </div>
      </Space>
    </Page>
  );
}

function Page({ children }: { children: React.ReactNode }) {
  return <div style={{ padding: 20 }}>{children}</div>;
}

function toDataNode(node: PlanTreeNode): DataNode {
  const count =
    node.kind === 'task' ? null : node.kind === 'measure' ? `${node.taskCount} 项任务` : node.taskCount > 0 ? `${node.measureCount} 项措施 · ${node.taskCount} 项任务` : null;
  return {
    key: nodeKey(node),
    title: (
      <span>
        <span>{node.label}</span>
        {count && <span className="tree-count">{count}</span>}
      </span>
    ),
    isLeaf: node.children.length === 0,
    children: node.children.map(toDataNode),
  };
}

function collectKeys(nodes: PlanTreeNode[]): string[] {
  return nodes.flatMap((node) => (node.children.length > 0 ? [nodeKey(node), ...collectKeys(node.children)] : []));
}
