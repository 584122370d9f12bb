import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Progress, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ROUND_REPORT_SCOPE_LABELS, ROUND_ROLE_LABELS, type RoundReportScope, type RoundSummary, type RoundTaskRow, type RoundUnitRow, type RoundUnitStatus } from '../../../src-main/api/rounds.types';
import { clickableRow } from '../components/forms/clickable-row';
import { keepEnterInDateFields } from '../components/forms/date-keys';
import { notPast } from '../components/forms/date-rules';
import { charLimit, labelFieldsIn, ROUND_FIELD_LABELS } from '../components/forms/field-labels';
import { useInFlight } from '../components/forms/in-flight';
import { ExportDispatchButton } from '../components/exchange/ExportDispatchButton';
import { QueryError } from '../components/QueryError';
import { ExportListButton } from '../components/reports/ExportListButton';
import { RemindAllButton, RemindUnitCell } from '../components/reminders/RoundReminders';
import { RoundCircularButton } from '../components/circulars/RoundCircularButton';
import { STATUS_COLORS } from '../components/TaskTable';
import { WarningLight } from '../components/WarningLight';
import { useRound, useRounds } from '../hooks/supervision.queries';
import { useAllUnits, useChannelMutation, useIdentity } from '../hooks/task.queries';
import { useAppInfo, useScopedPlan } from '../hooks/queries';

const UNIT_STATUS_COLORS: Record<RoundUnitStatus, string> = { 已报: 'success', 未报: 'default', 逾期: 'error' };

/** 调度: reporting rounds — who has reported and who has not, per unit and per task. */
export function RoundsPage() {
  // The plan chosen in the app frame's switcher; under 全部规划, the first plan.
  const { planId } = useScopedPlan();
  const identity = useIdentity();
  const rounds = useRounds(planId);
  // The dashboard links here with ?roundId= to open one round.
  const [params] = useSearchParams();
  const linked = Number(params.get('roundId')) || null;
  const [selected, setSelected] = useState<number | null>(linked);
  const [opening, setOpening] = useState(false);
  const isOffice = identity.data?.role === 'office';
  const current = selected ?? rounds.data?.[0]?.id ?? null;

  return (
    <div style={{ padding: 20 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            调度
          </Typography.Title>
          {isOffice && (
            <Button type="primary" onClick={() => setOpening(true)}>
              开启调度
            </Button>
          )}
        </Space>
        {rounds.error && <QueryError error={rounds.error} />}
        <Card size="small" title="调度批次">
          <Table<RoundSummary>
            aria-label="调度批次"
            rowKey="id"
            size="small"
            pagination={false}
            loading={rounds.isLoading}
            dataSource={rounds.data ?? []}
            rowClassName={(row) => (row.id === current ? 'ant-table-row-selected' : '')}
            onRow={(row) => clickableRow(() => setSelected(row.id), `查看调度：${row.name}`)}
            locale={{ emptyText: '尚未开展调度' }}
            columns={[
              { title: '调度名称', dataIndex: 'name' },
              { title: '调度期', render: (_: unknown, r) => `${r.periodStart} 至 ${r.periodEnd}` },
              { title: '报送截止', dataIndex: 'dueDate', width: 110 },
              { title: '状态', dataIndex: 'state', width: 90, render: (state: string) => (state === 'open' ? <Tag color="processing">进行中</Tag> : <Tag>已结束</Tag>) },
              { title: '报送情况', width: 220, render: (_: unknown, r) => <Progress percent={r.expected ? Math.round((r.reported / r.expected) * 100) : 0} format={() => `${r.reported}/${r.expected}`} size="small" /> },
              { title: '逾期单位', dataIndex: 'overdueUnits', width: 90, render: (n: number) => (n > 0 ? <Tag color="error">{n}</Tag> : '—') },
            ]}
          />
        </Card>
        {current !== null && <RoundDetailCard roundId={current} canClose={isOffice} />}
      </Space>
      {opening && planId !== undefined && <OpenRoundModal planId={planId} onClose={(id) => (setOpening(false), id && setSelected(id))} />}
    </div>
  );
}

function RoundDetailCard({ roundId, canClose }: { roundId: number; canClose: boolean }) {
  const { message } = App.useApp();
  const round = useRound(roundId);
  const close = useChannelMutation('rounds.close');
  const [unitFilter, setUnitFilter] = useState<number>();
  if (round.error) return <QueryError error={round.error} />;
  if (!round.data) return <Card loading />;
  const r = round.data;
  const tasks = unitFilter ? r.tasks.filter((t) => t.unitId === unitFilter) : r.tasks;

  return (
    <Card
      size="small"
      title={
        <Space>
          <span aria-label="调度名称">{r.name}</span>
          {r.frozen ? <Tag>已结束（结果已冻结）</Tag> : <Tag color="processing">进行中，{r.dueDate} 截止</Tag>}
          <Tag aria-label="报送范围">报送范围：{ROUND_REPORT_SCOPE_LABELS[r.reportScope]}</Tag>
        </Space>
      }
      extra={
        canClose &&
        (r.frozen ? (
          <RoundCircularButton roundId={r.id} />
        ) : (
          <Space>
            <RemindAllButton roundId={r.id} />
            <Popconfirm
              title="结束本次调度？"
              description="结束后本次调度的报送情况将被冻结，之后的修改不再影响本次结果。"
              okText="结束调度"
              cancelText="取消"
              onConfirm={() => close.mutate({ id: r.id }, { onSuccess: () => message.success('调度已结束，结果已冻结'), onError: (e) => message.error(e.message) })}
            >
              <Button danger>结束调度</Button>
            </Popconfirm>
          </Space>
        ))
      }
    >
      <Table<RoundUnitRow>
        aria-label="各单位报送情况"
        rowKey="unitId"
        size="small"
        pagination={false}
        dataSource={r.units}
        onRow={(row) => clickableRow(() => setUnitFilter(unitFilter === row.unitId ? undefined : row.unitId), `只看${row.unitName}的任务`)}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          { title: '应报任务', dataIndex: 'expected', width: 100 },
          { title: '已报', dataIndex: 'reported', width: 80 },
          { title: '逾期报送', dataIndex: 'late', width: 100 },
          {
            title: '报送状态',
            dataIndex: 'status',
            width: 110,
            // A unit with nothing to report in this round has not reported anything: no green 已报 for it.
            render: (s: RoundUnitStatus, row: RoundUnitRow) => (row.expected === 0 ? <Tag>无应报任务</Tag> : <Tag color={UNIT_STATUS_COLORS[s]}>{s}</Tag>),
          },
          { title: '催办', width: 150, render: (_: unknown, row: RoundUnitRow) => <RemindUnitCell roundId={r.id} row={row} canSend={canClose && !r.frozen} /> },
          // For units on PCs off the network: their work for this round as a signed file (docs/exchange-package-format.md).
          ...(canClose && !r.frozen ? [{ title: '交换包', width: 90, render: (_: unknown, row: RoundUnitRow) => <ExportDispatchButton unitId={row.unitId} unitName={row.unitName} /> }] : []),
        ]}
      />
      <Space style={{ marginTop: 16, marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          任务报送明细{unitFilter ? `（${r.units.find((u) => u.unitId === unitFilter)?.unitName}）` : ''}
        </Typography.Title>
        <ExportListButton input={{ list: 'round', id: r.id, ...(unitFilter ? { unitId: unitFilter } : {}) }} label="导出明细" />
      </Space>
      <Table<RoundTaskRow>
        aria-label="任务报送明细"
        // A task has one row per asked unit when the round asks cooperating units too.
        rowKey={(t) => `${t.taskId}-${t.unitId}`}
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={tasks}
        columns={[
          { title: '编号', dataIndex: 'code', width: 90 },
          { title: '具体任务', dataIndex: 'text', ellipsis: true },
          {
            title: r.reportScope === 'lead' ? '牵头单位' : '报送单位',
            dataIndex: 'unitName',
            width: r.reportScope === 'lead' ? 140 : 180,
            render: (name: string, t) => (r.reportScope === 'lead' ? name : <Space size={4}>{name}<Tag color={t.role === 'lead' ? 'blue' : 'default'}>{ROUND_ROLE_LABELS[t.role]}</Tag></Space>),
          },
          {
            title: '本期报送（填报日期 / 收到日期）',
            width: 190,
            render: (_: unknown, t) =>
              t.reported ? (
                <Tag color={t.reportedLate ? 'warning' : 'success'}>
                  {t.reportedLate ? '逾期报送' : '已报'} {t.reportDate}
                  {/* Arrival in Beijing time, like the report date: an offline template may arrive days after it was filled. */}
                  {t.reportedAt && ` / 收到 ${new Date(t.reportedAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })}`}
                </Tag>
              ) : (
                <Tag color="error">未报</Tag>
              ),
          },
          { title: '完成状态', dataIndex: 'status', width: 100, render: (s: RoundTaskRow['status']) => <Tag color={STATUS_COLORS[s]}>{s}</Tag> },
          { title: '进度', dataIndex: 'percent', width: 70, render: (p: number) => `${p}%` },
          { title: '预警', dataIndex: 'light', width: 90, render: (light: RoundTaskRow['light']) => <WarningLight light={light} reasons={[]} /> },
        ]}
      />
    </Card>
  );
}

interface OpenRoundValues {
  name: string;
  period: [dayjs.Dayjs, dayjs.Dayjs];
  dueDate: dayjs.Dayjs;
  unitIds: number[];
  reportScope: RoundReportScope;
}

function OpenRoundModal({ planId, onClose }: { planId: number; onClose: (roundId?: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<OpenRoundValues>();
  const units = useAllUnits();
  const open = useChannelMutation('rounds.open');
  const opening = useInFlight();
  const today = useAppInfo().data?.today;
  // One round per click: a double click must not open the same round twice.
  const send = () =>
    opening.run(async () => {
      const values = await form.validateFields();
      await open
        .mutateAsync({
          planId,
          name: values.name,
          periodStart: values.period[0].format('YYYY-MM-DD'),
          periodEnd: values.period[1].format('YYYY-MM-DD'),
          dueDate: values.dueDate.format('YYYY-MM-DD'),
          unitIds: values.unitIds,
          reportScope: values.reportScope,
        })
        .then(
          (created) => {
            message.success(`调度已开启，共需报送 ${created.expected} 项任务`);
            onClose(created.id);
          },
          (e: Error) => message.error(labelFieldsIn(e.message, ROUND_FIELD_LABELS)),
        );
    });
  const nameLimit = charLimit('调度名称', 60);
  const options = (units.data ?? []).filter((u) => !u.retired && u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }));

  return (
    <Modal
      open
      title="开启调度"
      okText="开启"
      cancelText="取消"
      width={640}
      confirmLoading={opening.busy}
      onOk={() => void send()}
      onCancel={() => onClose()}
    >
      <Form
        form={form}
        layout="vertical"
        onKeyDown={keepEnterInDateFields}
        initialValues={{ reportScope: 'lead' }}
      >
        <Form.Item name="name" label="调度名称" rules={[{ required: true, whitespace: true, message: '请填写调度名称' }, nameLimit.rule]}>
          <Input placeholder="如：2026年第四季度调度" aria-label="调度名称" count={nameLimit.count} />
        </Form.Item>
        <Form.Item name="period" label="调度期" rules={[{ required: true, message: '请选择调度期' }]}>
          <DatePicker.RangePicker aria-label="调度期" />
        </Form.Item>
        <Form.Item
          name="dueDate"
          label="报送截止日期"
          dependencies={['period']}
          rules={[
            { required: true, message: '请选择截止日期' },
            notPast(today, '报送截止日期'),
            ({ getFieldValue }) => ({
              validator: (_, value: dayjs.Dayjs | undefined) => {
                const period = getFieldValue('period') as [dayjs.Dayjs, dayjs.Dayjs] | undefined;
                return value && period && value.isBefore(period[0], 'day')
                  ? Promise.reject(new Error(`“报送截止日期”不能早于调度期开始（${period[0].format('YYYY-MM-DD')}）`))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker aria-label="报送截止日期" />
        </Form.Item>
        <Form.Item name="unitIds" label="参加调度的单位" rules={[{ required: true, message: '请选择单位' }]}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={options} aria-label="参加调度的单位" placeholder="选择单位" />
        </Form.Item>
        <Form.Item name="reportScope" label="报送范围" extra="各单位报送其牵头的未完成任务；选“牵头单位和配合单位”时，配合单位也逐项报送其配合的任务。">
          <Radio.Group aria-label="报送范围">
            <Radio value="lead">{ROUND_REPORT_SCOPE_LABELS.lead}</Radio>
            <Radio value="leadAndCooperating">{ROUND_REPORT_SCOPE_LABELS.leadAndCooperating}</Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
