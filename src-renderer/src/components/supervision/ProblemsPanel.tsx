import { App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { PROBLEM_STATE_LABELS, type ProblemRow, type ProblemState } from '../../../../src-main/api/problems.types';
import { useProblems } from '../../hooks/supervision.queries';
import { useChannelMutation, useIdentity } from '../../hooks/task.queries';
import { QueryError } from '../QueryError';
import { RecordInstructionButton } from '../instructions/RecordInstructionButton';
import { RegisterProblemButton } from './RegisterProblemButton';
import { ExportListButton } from '../reports/ExportListButton';

/** 问题台账 and the 重大问题清单: problems raised in reports, tracked until solved. */
export function ProblemsPanel({ majorOnly }: { majorOnly: boolean }) {
  const { message } = App.useApp();
  const identity = useIdentity();
  const isOffice = identity.data?.role === 'office';
  const filter = majorOnly ? { majorOpenOnly: true } : {};
  const problems = useProblems(filter);
  const setMajor = useChannelMutation('problems.setMajor');
  const update = useChannelMutation('problems.update');
  const [marking, setMarking] = useState<ProblemRow | null>(null);
  const [editing, setEditing] = useState<ProblemRow | null>(null);
  const [note, setNote] = useState('');
  const [state, setState] = useState<ProblemState>('in_progress');

  return (
    <Card
      size="small"
      title={majorOnly ? `重大问题清单（报省委、省政府，${problems.data?.length ?? 0} 项）` : `问题台账（${problems.data?.length ?? 0} 项）`}
      extra={
        <Space>
          {!majorOnly && identity.data?.role ? <RegisterProblemButton identity={identity.data} /> : null}
          <ExportListButton input={{ list: 'problems', filter }} />
        </Space>
      }
    >
      {problems.error && <QueryError error={problems.error} />}
      <Table<ProblemRow>
        aria-label={majorOnly ? '重大问题清单' : '问题台账'}
        rowKey="id"
        size="small"
        loading={problems.isLoading}
        dataSource={problems.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: majorOnly ? '暂无重大问题' : '暂无问题' }}
        columns={[
          { title: '类别', dataIndex: 'kind', width: 100 },
          { title: '问题', dataIndex: 'text' },
          { title: '涉及任务', width: 200, ellipsis: true, render: (_: unknown, p) => `${p.taskCode} ${p.taskText}` },
          { title: majorOnly ? '涉及单位' : '责任单位', width: 160, render: (_: unknown, p) => (majorOnly ? p.concernedUnits.join('、') : p.ownerUnitName) },
          {
            title: '状态',
            width: 150,
            render: (_: unknown, p) => (
              <Space size={4}>
                <Tag color={p.state === 'solved' ? 'success' : 'processing'}>{PROBLEM_STATE_LABELS[p.state]}</Tag>
                {p.isMajor && <Tag color="red">重大</Tag>}
              </Space>
            ),
          },
          ...(majorOnly ? [{ title: '说明', dataIndex: 'majorNote', width: 180 }] : []),
          {
            title: '操作',
            width: 260,
            render: (_: unknown, p) => (
              <Space size={0}>
                {(isOffice || identity.data?.unitId === p.ownerUnitId) && p.state !== 'solved' && (
                  <Button size="small" type="link" onClick={() => (setEditing(p), setNote(p.resolution), setState(p.state))}>
                    更新进展
                  </Button>
                )}
                {isOffice && !p.isMajor && p.state !== 'solved' && (
                  <Button size="small" type="link" danger onClick={() => (setMarking(p), setNote(''))}>
                    列为重大问题
                  </Button>
                )}
                <RecordInstructionButton preset={{ target: 'problem', targetId: p.id, label: `${p.kind}（任务 ${p.taskCode}，${p.ownerUnitName}）：${p.text}` }} />
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={marking !== null}
        title="列入重大问题清单"
        okText="列入"
        cancelText="取消"
        onCancel={() => setMarking(null)}
        onOk={() =>
          marking &&
          setMajor.mutate(
            { id: marking.id, major: true, note },
            { onSuccess: () => (setMarking(null), message.success('已列入重大问题清单')), onError: (e) => message.error(e.message) },
          )
        }
      >
        <Typography.Paragraph>{marking?.text}</Typography.Paragraph>
        <Input.TextArea aria-label="重大问题说明" value={note} onChange={(e) => setNote(e.target.value)} placeholder="提请省委、省政府协调的事项说明" autoSize={{ minRows: 2 }} />
      </Modal>
      <Modal
        open={editing !== null}
        title="更新问题进展"
        okText="保存"
        cancelText="取消"
        onCancel={() => setEditing(null)}
        onOk={() =>
          editing &&
          update.mutate(
            { id: editing.id, state, resolution: note },
            { onSuccess: () => (setEditing(null), message.success('已更新')), onError: (e) => message.error(e.message) },
          )
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{editing?.text}</Typography.Paragraph>
          <Select<ProblemState>
            aria-label="问题状态"
            value={state}
            onChange={setState}
            style={{ width: 160 }}
            options={(['open', 'in_progress', 'solved'] as const).map((s) => ({ value: s, label: PROBLEM_STATE_LABELS[s] }))}
          />
          <Input.TextArea aria-label="解决情况" value={note} onChange={(e) => setNote(e.target.value)} placeholder="解决情况（标记已解决时必填）" autoSize={{ minRows: 2 }} />
        </Space>
      </Modal>
    </Card>
  );
}
