import { Alert, Button, Card, Empty, Input, InputNumber, Modal, Space, Statistic, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import type { LeftoverText, PreviewNode, TaskProposal, UnitRef } from '../../../src-main/api/plan-import.types';
import { applyEdit, countPreview, LEVEL_NAMES, numberPreview, PreviewEditError, type PreviewEdit } from '../../../src-main/api/plan-import.edits';
import { useUnits } from '../hooks/queries';
import { ImportLeftovers } from './ImportLeftovers';
import { ImportProposalDialog } from './ImportProposalDialog';
import { ImportUnitResolver } from './ImportUnitResolver';

/** What the office edits in the preview: the tree and the text not (yet) in it. */
export interface PreviewState {
  chapters: PreviewNode[];
  leftovers: LeftoverText[];
}

/**
 * The recognised tree of an import, with counts, and the corrections the office can make to it before saving:
 * promote, demote, merge with the item before, split, rename, drop, units and deadline per task or measure, an
 * introduction turned into tasks, names not in the unit list mapped or added, text pulled in from 未导入的文字 — and
 * undo. Edits run locally.
 */
export function ImportPreviewEditor({ state, onChange }: { state: PreviewState; onChange: (state: PreviewState) => void }) {
  const { chapters, leftovers } = state;
  const units = useUnits().data ?? [];
  const [history, setHistory] = useState<PreviewState[]>([]);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'split' | 'rename' | 'proposal' | null>(null);
  const codes = useMemo(() => numberPreview(chapters), [chapters]);
  const counts = countPreview(chapters);
  const selected = selectedKey ? findNode(chapters, selectedKey) : null;
  // A short document opens fully; a long one (the shipped plan has 370 nodes) down to its sections.
  const [expandedKeys, setExpandedKeys] = useState<string[]>(() =>
    counts.chapters + counts.sections + counts.measures + counts.tasks <= 200
      ? chapters.flatMap((c) => [c.key, ...c.children.flatMap((s) => [s.key, ...s.children.map((m) => m.key)])])
      : chapters.flatMap((c) => [c.key, ...c.children.map((s) => s.key)]),
  );

  const edit = (change: PreviewEdit, adopted?: LeftoverText) => {
    try {
      const next = applyEdit(chapters, change);
      setHistory((past) => [...past.slice(-49), state]);
      onChange({ chapters: next, leftovers: adopted ? leftovers.filter((l) => l.key !== adopted.key) : leftovers });
      setEditError(null);
      if (change.op === 'drop') setSelectedKey(null);
      // Keep the edited node in view.
      if ('key' in change) {
        const parentKeys = pathTo(next, change.key);
        setExpandedKeys((keys) => [...new Set([...keys, ...parentKeys, change.key])]);
      }
    } catch (error) {
      if (error instanceof PreviewEditError) setEditError(error.message);
      else throw error;
    }
  };
  const undo = () => {
    const previous = history.at(-1);
    if (!previous) return;
    setHistory((past) => past.slice(0, -1));
    onChange(previous);
    setEditError(null);
  };

  const treeData = useMemo(() => chapters.map((node) => toDataNode(node, codes)), [chapters, codes]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
    <ImportUnitResolver chapters={chapters} units={units} onEdit={(change) => edit(change)} />
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <Card
        size="small"
        title="识别出的规划结构"
        style={{ flex: 1, minWidth: 0 }}
        extra={
          <Space size="large" aria-label="结构统计">
            <Statistic title="章" value={counts.chapters} styles={{ content: { fontSize: 18 } }} />
            <Statistic title="节" value={counts.sections} styles={{ content: { fontSize: 18 } }} />
            <Statistic title="措施" value={counts.measures} styles={{ content: { fontSize: 18 } }} />
            <Statistic title="任务" value={counts.tasks} styles={{ content: { fontSize: 18 } }} />
            <Statistic title="拟分配" value={counts.proposals} styles={{ content: { fontSize: 18 } }} />
          </Space>
        }
      >
        {chapters.length === 0 ? (
          <Empty description="所有条目都已删除。可撤销，或重新选择文件。" />
        ) : (
          <Tree
            aria-label="导入预览结构树"
            treeData={treeData}
            // Not virtual: every open row is in the page, so find-in-page and assistive technology see it.
            virtual={false}
            style={{ maxHeight: 600, overflow: 'auto' }}
            blockNode
            showLine
            expandedKeys={expandedKeys}
            onExpand={(keys) => setExpandedKeys(keys.map(String))}
            selectedKeys={selectedKey ? [selectedKey] : []}
            onSelect={(keys) => setSelectedKey(keys[0] !== undefined ? String(keys[0]) : null)}
          />
        )}
      </Card>

      <Card size="small" title="修改所选条目" style={{ width: 380, flexShrink: 0 }} aria-label="修改所选条目">
        <Space wrap style={{ marginBottom: 12 }}>
          <Button disabled={!selected} onClick={() => selected && edit({ op: 'promote', key: selected.key })}>
            升一级
          </Button>
          <Button disabled={!selected} onClick={() => selected && edit({ op: 'demote', key: selected.key })}>
            降一级
          </Button>
          <Button disabled={!selected} onClick={() => selected && edit({ op: 'merge', key: selected.key })}>
            与上一项合并
          </Button>
          <Button disabled={!selected} onClick={() => setDialog('split')}>
            拆分…
          </Button>
          <Button disabled={!selected} onClick={() => setDialog('rename')}>
            改名…
          </Button>
          <Button danger disabled={!selected} onClick={() => selected && edit({ op: 'drop', key: selected.key })}>
            删除
          </Button>
          <Button disabled={!selected || (selected.level !== 'task' && selected.level !== 'measure')} onClick={() => setDialog('proposal')}>
            {selected?.level === 'measure' ? '设置整项措施的单位和时限…' : '设置单位和时限…'}
          </Button>
          <Button
            disabled={!selected || (selected.level !== 'chapter' && selected.level !== 'section') || !selected.body}
            onClick={() => selected && edit({ op: 'introToTasks', key: selected.key })}
          >
            导语转为任务
          </Button>
          <Button disabled={history.length === 0} onClick={undo}>
            撤销
          </Button>
        </Space>
        {editError && <Alert type="warning" showIcon title={editError} style={{ marginBottom: 12 }} role="alert" />}
        {selected ? (
          <div aria-label="所选条目">
            <Space wrap style={{ marginBottom: 8 }}>
              <Tag color="blue">{LEVEL_NAMES[selected.level]}</Tag>
              <Tag>编号 {codes.get(selected.key)}</Tag>
              {selected.level === 'chapter' && !selected.hasTasks && <Tag>背景章节，不含任务</Tag>}
            </Space>
            <Typography.Paragraph strong>{[selected.heading, selected.title].filter(Boolean).join(' ')}</Typography.Paragraph>
            {selected.proposal && <ProposalTags proposal={selected.proposal} />}
            {selected.proposal?.source && <Typography.Paragraph type="secondary">依据：“{selected.proposal.source}”</Typography.Paragraph>}
            {selected.body && (
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 8, expandable: true, symbol: '展开' }} style={{ whiteSpace: 'pre-wrap' }}>
                {selected.body}
              </Typography.Paragraph>
            )}
          </div>
        ) : (
          <Typography.Text type="secondary">在左侧选择章、节、措施或任务，再用上面的按钮调整。升级时其后的同级条目归入它之下；降级时它归入上一项之下。</Typography.Text>
        )}
      </Card>

      {selected && dialog === 'split' && (
        <SplitDialog node={selected} onCancel={() => setDialog(null)} onSplit={(at) => (setDialog(null), edit({ op: 'split', key: selected.key, at }))} />
      )}
      {selected && dialog === 'rename' && (
        <RenameDialog node={selected} onCancel={() => setDialog(null)} onRename={(title) => (setDialog(null), edit({ op: 'rename', key: selected.key, title }))} />
      )}
      {selected && dialog === 'proposal' && (
        <ImportProposalDialog
          node={selected}
          units={units}
          onCancel={() => setDialog(null)}
          onSave={(proposal) => (setDialog(null), edit({ op: 'setProposal', key: selected.key, proposal }))}
        />
      )}
    </div>
    <ImportLeftovers
      leftovers={leftovers}
      target={selected ? `${codes.get(selected.key) ?? ''} ${selected.title}`.trim() : null}
      onAdopt={(leftover) => selected && edit({ op: 'adopt', key: selected.key, text: leftover.text }, leftover)}
    />
    </Space>
  );
}

function toDataNode(node: PreviewNode, codes: Map<string, string>): DataNode {
  const count = countUnder(node);
  return {
    key: node.key,
    title: (
      <span>
        {node.level !== 'chapter' && node.level !== 'section' && <span className="tree-count" style={{ marginLeft: 0, marginRight: 6 }}>{codes.get(node.key)}</span>}
        <span>{[node.heading, node.title].filter(Boolean).join(' ')}</span>
        {count && <span className="tree-count">{count}</span>}
        {node.level === 'chapter' && !node.hasTasks && <span className="tree-count">背景</span>}
        {node.proposal && (
          <span style={{ marginLeft: 8 }}>
            <ProposalTags proposal={node.proposal} compact />
          </span>
        )}
      </span>
    ),
    children: node.children.map((child) => toDataNode(child, codes)),
  };
}

function countUnder(node: PreviewNode): string | null {
  if (node.level === 'task') return null;
  if (node.level === 'measure') return `${node.children.length} 项任务`;
  const measures = node.level === 'section' ? node.children : node.children.flatMap((s) => s.children);
  const tasks = measures.reduce((n, m) => n + m.children.length, 0);
  return measures.length === 0 ? null : `${measures.length} 项措施 · ${tasks} 项任务`;
}

function ProposalTags({ proposal, compact }: { proposal: TaskProposal; compact?: boolean }) {
  const unit = (u: UnitRef) => (u.unitId !== null ? u.name : u.group ? `${u.name}（全部设区市）` : u.create ? `${u.name}（将新增）` : `${u.name}（不在名单）`);
  const style = compact ? { marginInlineEnd: 4, fontSize: 12, lineHeight: '18px' } : undefined;
  return (
    <>
      {proposal.leadUnit && (
        <Tag color={proposal.leadUnit.unitId === null && !proposal.leadUnit.create ? 'orange' : 'geekblue'} style={style}>
          牵头：{unit(proposal.leadUnit)}
        </Tag>
      )}
      {proposal.cooperatingUnits.length > 0 && (
        <Tag color={proposal.cooperatingUnits.some((u) => u.unitId === null && !u.group && !u.create) ? 'orange' : 'cyan'} style={style}>
          配合：{proposal.cooperatingUnits.map(unit).join('、')}
        </Tag>
      )}
      {proposal.deadline && (
        <Tag color="purple" style={style}>
          时限：{proposal.deadline}
        </Tag>
      )}
    </>
  );
}

function SplitDialog({ node, onCancel, onSplit }: { node: PreviewNode; onCancel: () => void; onSplit: (at: number) => void }) {
  const [cursor, setCursor] = useState<number>(0);
  const [childIndex, setChildIndex] = useState<number | null>(node.children.length > 1 ? 2 : null);
  if (node.level === 'task') {
    return (
      <Modal open title="拆分任务" okText="在光标处拆分" cancelText="取消" onCancel={onCancel} onOk={() => onSplit(cursor)}>
        <Typography.Paragraph type="secondary">把光标放在要拆开的位置，光标前后各成一项任务。</Typography.Paragraph>
        <Input.TextArea
          aria-label="任务文字"
          value={node.title}
          readOnly
          autoSize={{ minRows: 3, maxRows: 10 }}
          onSelect={(event) => setCursor(event.currentTarget.selectionStart)}
          onClick={(event) => setCursor(event.currentTarget.selectionStart)}
          onKeyUp={(event) => setCursor(event.currentTarget.selectionStart)}
        />
      </Modal>
    );
  }
  return (
    <Modal open title={`拆分${LEVEL_NAMES[node.level]}`} okText="拆分" cancelText="取消" onCancel={onCancel} onOk={() => onSplit((childIndex ?? 0) - 1)}>
      <Typography.Paragraph type="secondary">
        “{node.title}”下有 {node.children.length} 项。从第几项起拆出为新的{LEVEL_NAMES[node.level]}？
      </Typography.Paragraph>
      <InputNumber aria-label="从第几项起拆出" min={2} max={Math.max(2, node.children.length)} value={childIndex} onChange={setChildIndex} />
    </Modal>
  );
}

function RenameDialog({ node, onCancel, onRename }: { node: PreviewNode; onCancel: () => void; onRename: (title: string) => void }) {
  const [title, setTitle] = useState(node.title);
  return (
    <Modal open title={node.level === 'task' ? '修改任务文字' : `修改${LEVEL_NAMES[node.level]}名称`} okText="确定" cancelText="取消" onCancel={onCancel} onOk={() => onRename(title)}>
      <Input.TextArea aria-label="新名称" value={title} onChange={(event) => setTitle(event.target.value)} autoSize={{ minRows: 1, maxRows: 8 }} />
    </Modal>
  );
}

function findNode(nodes: PreviewNode[], key: string): PreviewNode | null {
  for (const node of nodes) {
    if (node.key === key) return node;
    const found = findNode(node.children, key);
    if (found) return found;
  }
  return null;
}

/** The keys of a node's ancestors, to open the tree down to it. */
function pathTo(nodes: PreviewNode[], key: string): string[] {
  for (const node of nodes) {
    if (node.key === key) return [];
    const inner = pathTo(node.children, key);
    if (inner.length > 0 || node.children.some((child) => child.key === key)) return [node.key, ...inner];
  }
  return [];
}
