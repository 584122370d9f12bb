import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PROJECT_STAGES, type ProjectRow, type ProjectStage } from '../../../src-main/api/projects.types';
import { type IndicatorFields, type IndicatorStatus } from '../../../src-main/api/indicators.types';
import type { Identity } from '../../../src-main/api/tasks.types';
import { RecordInstructionButton } from '../components/instructions/RecordInstructionButton';
import { QueryError } from '../components/QueryError';
import { INDICATOR_LIGHT_LABELS, WarningLight } from '../components/WarningLight';
import { useIndicatorStatus, useProjects } from '../hooks/analysis.queries';
import { useAllUnits, useChannelMutation, useIdentity, useTaskList } from '../hooks/task.queries';
import { useAppYear, useScopedPlan } from '../hooks/queries';
import { chinaDateOf } from '../../../src-main/api/china-date';

/**
 * 指标与项目: the plan's 主要指标 (editable table, one actual value per year, achievement against the straight-line
 * path) and its 重大项目 (stage, investment, dates, lead unit, linked tasks, progress reports). Both are data the
 * office keeps up to date, so they share one page; the 跟踪分析 dashboard charts them and links here.
 */
export function IndicatorsPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'projects' ? 'projects' : 'indicators';
  const { plan, planId } = useScopedPlan();
  const identity = useIdentity();
  return (
    <div style={{ padding: 20 }}>
      <Space align="baseline">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          指标与项目
        </Typography.Title>
        <Typography.Text type="secondary">{plan?.title}</Typography.Text>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          {
            key: 'indicators',
            label: '主要指标',
            children: planId !== undefined && plan && <IndicatorsPanel planId={planId} years={[plan.periodStart, plan.periodEnd]} identity={identity.data} />,
          },
          {
            key: 'projects',
            label: '重大项目',
            children: planId !== undefined && <ProjectsPanel planId={planId} identity={identity.data} initialStage={stageParam(params.get('stage'))} />,
          },
        ]}
      />
    </div>
  );
}

function stageParam(value: string | null): ProjectStage | undefined {
  return PROJECT_STAGES.find((stage) => stage === value);
}

function useUnitOptions() {
  const units = useAllUnits();
  return (units.data ?? []).filter((u) => !u.retired && u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }));
}

const DIRECTION_LABELS = { higher: '越大越好', lower: '越小越好' } as const;

// ------------------------------------------------------------------ 主要指标

function IndicatorsPanel({ planId, years, identity }: { planId: number; years: [number, number]; identity: Identity | undefined }) {
  const { message } = App.useApp();
  const list = useIndicatorStatus(planId);
  const remove = useChannelMutation('indicators.delete');
  const [editing, setEditing] = useState<IndicatorStatus | 'new' | null>(null);
  const [recording, setRecording] = useState<IndicatorStatus | null>(null);
  const isOffice = identity?.role === 'office';
  const planYears = Array.from({ length: years[1] - years[0] + 1 }, (_, i) => years[0] + i);
  const canRecord = (row: IndicatorStatus) => isOffice || (identity?.role === 'unit' && row.responsibleUnit?.id === identity.unitId);

  const columns: ColumnsType<IndicatorStatus> = [
    { title: '序号', dataIndex: 'seq', width: 56, align: 'center', fixed: 'left' },
    {
      title: '指标',
      dataIndex: 'name',
      width: 220,
      fixed: 'left',
      render: (name: string, row) => (
        <Tooltip title={row.sourceText || undefined}>
          <span>{name}</span>
          {row.unit && <Typography.Text type="secondary">（{row.unit}）</Typography.Text>}
        </Tooltip>
      ),
    },
    {
      title: '基期',
      width: 110,
      render: (_, row) => (row.baselineYear ? `${row.baselineYear}年${row.baselineValue !== null ? `：${row.baselineValue}` : ''}` : '—'),
    },
    {
      title: '目标',
      width: 170,
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.targetValue !== null ? `${row.targetYear ?? ''}年：${row.targetValue}` : <Typography.Text type="secondary">目标值未设定</Typography.Text>}</span>
          {row.targetText && <Typography.Text type="secondary">{row.targetText}</Typography.Text>}
        </Space>
      ),
    },
    { title: '方向', width: 90, render: (_, row) => (row.direction ? DIRECTION_LABELS[row.direction] : '—') },
    { title: '责任单位', width: 130, render: (_, row) => row.responsibleUnit?.name ?? <Typography.Text type="secondary">未指定</Typography.Text> },
    ...planYears.map((year) => ({
      title: `${year}`,
      key: `y${year}`,
      width: 84,
      align: 'right' as const,
      render: (_: unknown, row: IndicatorStatus) => {
        const value = row.values.find((v) => v.year === year);
        const expected = row.path.find((p) => p.year === year)?.expectedValue;
        return (
          <Tooltip title={expected !== null && expected !== undefined ? `按直线进度应达 ${expected}` : undefined}>
            <span aria-label={`${row.name}${year}年实际值`}>{value ? value.value : <Typography.Text type="secondary">—</Typography.Text>}</span>
          </Tooltip>
        );
      },
    })),
    {
      title: '完成目标',
      width: 100,
      align: 'right',
      render: (_, row) => (row.achievement !== null ? `${row.achievement}%` : '—'),
    },
    {
      title: '应达',
      width: 80,
      align: 'right',
      render: (_, row) => (row.expectedAchievement !== null ? `${row.expectedAchievement}%` : '—'),
    },
    { title: '预警', width: 90, render: (_, row) => <WarningLight light={row.light} reasons={row.reasons} labels={INDICATOR_LIGHT_LABELS} /> },
    {
      title: '操作',
      width: 190,
      fixed: 'right',
      render: (_, row) => (
        <Space size={4}>
          {canRecord(row) && (
            <Button size="small" onClick={() => setRecording(row)}>
              录入实际值
            </Button>
          )}
          {isOffice && (
            <Button size="small" type="link" onClick={() => setEditing(row)}>
              编辑
            </Button>
          )}
          {isOffice && (
            <Popconfirm
              title={`删除指标“${row.name}”？`}
              description="该指标的各年实际值将一并删除。"
              okText="删除"
              cancelText="取消"
              onConfirm={() => remove.mutate({ id: row.id }, { onSuccess: () => message.success('指标已删除'), onError: (e) => message.error(e.message) })}
            >
              <Button size="small" type="link" danger>
                删除
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title="主要指标：各年实际值与目标"
      extra={
        isOffice && (
          <Button type="primary" onClick={() => setEditing('new')}>
            新增指标
          </Button>
        )
      }
    >
      {list.error && <QueryError error={list.error} />}
      <Table<IndicatorStatus>
        aria-label="主要指标"
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 1500 }}
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data ?? []}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        完成目标 = 从基期值走向目标值已完成的比例（无基期值时，越大越好的指标按 实际值÷目标值、越小越好的按 目标值÷实际值）。应达 = 从基期年到目标年按直线推进，最新实际值所在年份应完成的比例。落后应达的点数达到预警规则的黄灯、红灯点数时亮灯。
      </Typography.Paragraph>
      {editing && <IndicatorModal planId={planId} indicator={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {recording && <ValueModal indicator={recording} years={planYears} onClose={() => setRecording(null)} />}
    </Card>
  );
}

type IndicatorFormValues = Omit<IndicatorFields, 'direction'> & { direction: 'higher' | 'lower' | 'none' };

function IndicatorModal({ planId, indicator, onClose }: { planId: number; indicator: IndicatorStatus | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<IndicatorFormValues>();
  const create = useChannelMutation('indicators.create');
  const update = useChannelMutation('indicators.update');
  const unitOptions = useUnitOptions();
  const initial: IndicatorFormValues = indicator
    ? {
        name: indicator.name,
        unit: indicator.unit,
        baselineYear: indicator.baselineYear,
        baselineValue: indicator.baselineValue,
        targetYear: indicator.targetYear,
        targetValue: indicator.targetValue,
        targetText: indicator.targetText,
        direction: indicator.direction ?? 'none',
        responsibleUnitId: indicator.responsibleUnit?.id ?? null,
        note: indicator.note,
      }
    : { name: '', unit: null, baselineYear: null, baselineValue: null, targetYear: 2025, targetValue: null, targetText: null, direction: 'higher', responsibleUnitId: null, note: '' };

  const onFinish = (values: IndicatorFormValues) => {
    const fields: IndicatorFields = {
      name: values.name,
      unit: values.unit || null,
      baselineYear: values.baselineYear ?? null,
      baselineValue: values.baselineValue ?? null,
      targetYear: values.targetYear ?? null,
      targetValue: values.targetValue ?? null,
      targetText: values.targetText || null,
      direction: values.direction === 'none' ? null : values.direction,
      responsibleUnitId: values.responsibleUnitId ?? null,
      note: values.note ?? '',
    };
    const done = { onSuccess: () => (message.success('指标已保存'), onClose()), onError: (e: Error) => message.error(e.message) };
    if (indicator) update.mutate({ id: indicator.id, ...fields }, done);
    else create.mutate({ planId, ...fields }, done);
  };

  return (
    <Modal
      open
      title={indicator ? `编辑指标：${indicator.name}` : '新增指标'}
      okText="保存"
      cancelText="取消"
      width={640}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<IndicatorFormValues> form={form} layout="vertical" initialValues={initial} onFinish={onFinish} aria-label="指标">
        <Form.Item name="name" label="指标名称" rules={[{ required: true, whitespace: true, message: '请填写指标名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="unit" label="计量单位">
            <Input maxLength={20} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="direction" label="指标方向">
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'higher', label: '越大越好' },
                { value: 'lower', label: '越小越好' },
                { value: 'none', label: '未设定' },
              ]}
            />
          </Form.Item>
          <Form.Item name="responsibleUnitId" label="责任单位">
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 220 }} options={unitOptions} placeholder="选择责任单位" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="baselineYear" label="基期年份">
            <InputNumber min={2000} max={2100} precision={0} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="baselineValue" label="基期值">
            <InputNumber style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="targetYear" label="目标年份">
            <InputNumber min={2000} max={2100} precision={0} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="targetValue" label="目标值">
            <InputNumber style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name="targetText" label="目标表述（如：较2020年增长30%以上）">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ValueModal({ indicator, years, onClose }: { indicator: IndicatorStatus; years: number[]; onClose: () => void }) {
  const { message } = App.useApp();
  const record = useChannelMutation('indicators.recordValue');
  const [form] = Form.useForm<{ year: number; value: number | null; note: string }>();
  const lastYear = Math.min(useAppYear(), years.at(-1)!);
  const valueOf = (year: number) => indicator.values.find((v) => v.year === year);
  return (
    <Modal
      open
      title={`录入实际值：${indicator.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={record.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        aria-label="录入实际值"
        initialValues={{ year: lastYear, value: valueOf(lastYear)?.value ?? null, note: valueOf(lastYear)?.note ?? '' }}
        onValuesChange={(changed: { year?: number }) => {
          if (changed.year !== undefined) form.setFieldsValue({ value: valueOf(changed.year)?.value ?? null, note: valueOf(changed.year)?.note ?? '' });
        }}
        onFinish={(values) =>
          record.mutate(
            { indicatorId: indicator.id, year: values.year, value: values.value ?? null, note: values.note ?? '' },
            {
              onSuccess: () => {
                message.success(values.value === null || values.value === undefined ? `已清除 ${values.year} 年实际值` : `已录入 ${values.year} 年实际值`);
                onClose();
              },
              onError: (e) => message.error(e.message),
            },
          )
        }
      >
        <Form.Item name="year" label="年份">
          <Select aria-label="年份" options={years.map((y) => ({ value: y, label: `${y} 年` }))} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="value" label={`实际值${indicator.unit ? `（${indicator.unit}）` : ''}`} extra="留空并保存将清除该年的实际值。">
          <InputNumber aria-label="实际值" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label="说明（数据来源等）">
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ------------------------------------------------------------------ 重大项目

const STAGE_COLORS: Record<ProjectStage, string> = { 谋划: 'default', 前期: 'gold', 在建: 'blue', 竣工: 'cyan', 投产达效: 'green' };

function ProjectsPanel({ planId, identity, initialStage }: { planId: number; identity: Identity | undefined; initialStage: ProjectStage | undefined }) {
  const [stage, setStage] = useState<ProjectStage | undefined>(initialStage);
  const [search, setSearch] = useState<string>();
  const projects = useProjects({ planId, stage, search });
  const [editing, setEditing] = useState<ProjectRow | 'new' | null>(null);
  const [reporting, setReporting] = useState<ProjectRow | null>(null);
  const isOffice = identity?.role === 'office';
  const canReport = (row: ProjectRow) => isOffice || (identity?.role === 'unit' && row.leadUnit?.id === identity.unitId);

  const columns: ColumnsType<ProjectRow> = [
    {
      title: '项目名称',
      dataIndex: 'name',
      width: 220,
      render: (name: string, row) => (
        <Space size={4}>
          {name}
          {row.warnings.length > 0 && (
            <Tooltip title={row.warnings.join('；')}>
              <Tag color="warning">需核实</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: '阶段', dataIndex: 'stage', width: 90, render: (s: ProjectStage) => <Tag color={STAGE_COLORS[s]}>{s}</Tag> },
    { title: '计划总投资（亿元）', dataIndex: 'plannedInvestment', width: 140, align: 'right' },
    { title: '已完成投资（亿元）', dataIndex: 'completedInvestment', width: 140, align: 'right' },
    { title: '开工—完工', width: 200, render: (_, row) => `${row.startDate ?? '未定'} — ${row.finishDate ?? '未定'}` },
    { title: '牵头单位', width: 130, render: (_, row) => row.leadUnit?.name ?? <Typography.Text type="secondary">未指定</Typography.Text> },
    {
      title: '关联任务',
      width: 180,
      render: (_, row) =>
        row.tasks.length ? (
          <Space size={[2, 2]} wrap>
            {row.tasks.map((t) => (
              <Tooltip key={t.id} title={t.text}>
                <Tag>{t.code}</Tag>
              </Tooltip>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    { title: '最近填报', width: 110, render: (_, row) => (row.reports[0] ? chinaDateOf(row.reports[0].createdAt) : '—') },
    {
      title: '操作',
      width: 230,
      render: (_, row) => (
        <Space size={4}>
          {canReport(row) && (
            <Button size="small" onClick={() => setReporting(row)}>
              填报进展
            </Button>
          )}
          {isOffice && (
            <Button size="small" type="link" onClick={() => setEditing(row)}>
              编辑
            </Button>
          )}
          <RecordInstructionButton preset={{ target: 'project', targetId: row.id, label: row.name }} />
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>重大项目</span>
          <Select
            allowClear
            aria-label="按阶段筛选"
            placeholder="全部阶段"
            style={{ width: 130 }}
            value={stage}
            onChange={setStage}
            options={PROJECT_STAGES.map((s) => ({ value: s, label: s }))}
          />
          <Input.Search allowClear aria-label="搜索项目" placeholder="搜索项目名称" style={{ width: 220 }} onSearch={(v) => setSearch(v.trim() || undefined)} />
        </Space>
      }
      extra={
        isOffice && (
          <Button type="primary" onClick={() => setEditing('new')}>
            登记项目
          </Button>
        )
      }
    >
      {projects.error && <QueryError error={projects.error} />}
      <Table<ProjectRow>
        aria-label="重大项目"
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 1300 }}
        loading={projects.isLoading}
        columns={columns}
        dataSource={projects.data ?? []}
        locale={{ emptyText: '尚未登记重大项目' }}
        expandable={{
          rowExpandable: (row) => row.reports.length > 0,
          expandedRowRender: (row) => (
            <Timeline
              items={row.reports.map((r) => ({
                key: r.id,
                content: (
                  <span>
                    {chinaDateOf(r.createdAt)} {r.reporter}
                    {r.roundName ? `（${r.roundName}）` : ''}：{r.stage}，已完成投资 {r.completedInvestment} 亿元。{r.progress}
                  </span>
                ),
              }))}
            />
          ),
        }}
      />
      {editing && <ProjectModal planId={planId} project={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {reporting && <ProjectReportModal project={reporting} onClose={() => setReporting(null)} />}
    </Card>
  );
}

interface ProjectFormValues {
  name: string;
  stage: ProjectStage;
  plannedInvestment: number;
  completedInvestment: number;
  dates?: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null;
  leadUnitId?: number | null;
  taskIds: number[];
}

function ProjectModal({ planId, project, onClose }: { planId: number; project: ProjectRow | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ProjectFormValues>();
  const save = useChannelMutation('projects.save');
  const unitOptions = useUnitOptions();
  const tasks = useTaskList({ planId });
  const taskOptions = (tasks.data?.rows ?? []).map((t) => ({ value: t.id, label: `${t.code} ${t.text.slice(0, 40)}` }));
  const initial: ProjectFormValues = project
    ? {
        name: project.name,
        stage: project.stage,
        plannedInvestment: project.plannedInvestment,
        completedInvestment: project.completedInvestment,
        dates: [project.startDate ? dayjs(project.startDate) : null, project.finishDate ? dayjs(project.finishDate) : null],
        leadUnitId: project.leadUnit?.id ?? null,
        taskIds: project.tasks.map((t) => t.id),
      }
    : { name: '', stage: '谋划', plannedInvestment: 0, completedInvestment: 0, dates: null, leadUnitId: null, taskIds: [] };

  const onFinish = (values: ProjectFormValues) =>
    save.mutate(
      {
        ...(project ? { id: project.id } : {}),
        planId,
        name: values.name,
        stage: values.stage,
        plannedInvestment: values.plannedInvestment ?? 0,
        completedInvestment: values.completedInvestment ?? 0,
        startDate: values.dates?.[0]?.format('YYYY-MM-DD') ?? null,
        finishDate: values.dates?.[1]?.format('YYYY-MM-DD') ?? null,
        leadUnitId: values.leadUnitId ?? null,
        taskIds: values.taskIds ?? [],
      },
      {
        onSuccess: ({ warnings }) => {
          message.success('项目已保存');
          for (const warning of warnings) message.warning(warning);
          onClose();
        },
        onError: (e) => message.error(e.message),
      },
    );

  return (
    <Modal
      open
      title={project ? `编辑项目：${project.name}` : '登记重大项目'}
      okText="保存"
      cancelText="取消"
      width={680}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<ProjectFormValues> form={form} layout="vertical" initialValues={initial} onFinish={onFinish} aria-label="重大项目">
        <Form.Item name="name" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="stage" label="项目阶段">
            <Select style={{ width: 130 }} options={PROJECT_STAGES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item name="plannedInvestment" label="计划总投资（亿元）">
            <InputNumber min={0} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="completedInvestment" label="已完成投资（亿元）">
            <InputNumber min={0} style={{ width: 150 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="dates" label="开工—完工日期">
            <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={['开工日期', '完工日期']} />
          </Form.Item>
          <Form.Item name="leadUnitId" label="牵头单位">
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 200 }} options={unitOptions} placeholder="选择牵头单位" />
          </Form.Item>
        </Space>
        <Form.Item name="taskIds" label="关联任务">
          <Select mode="multiple" showSearch optionFilterProp="label" options={taskOptions} placeholder="输入任务编号或内容查找" loading={tasks.isLoading} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ProjectReportModal({ project, onClose }: { project: ProjectRow; onClose: () => void }) {
  const { message } = App.useApp();
  const report = useChannelMutation('projects.report');
  const [form] = Form.useForm<{ stage: ProjectStage; completedInvestment: number; progress: string }>();
  return (
    <Modal open title={`填报项目进展：${project.name}`} okText="提交" cancelText="取消" confirmLoading={report.isPending} onOk={() => form.submit()} onCancel={onClose}>
      <Form
        form={form}
        layout="vertical"
        aria-label="填报项目进展"
        initialValues={{ stage: project.stage, completedInvestment: project.completedInvestment, progress: '' }}
        onFinish={(values) =>
          report.mutate(
            { projectId: project.id, stage: values.stage, completedInvestment: values.completedInvestment ?? 0, progress: values.progress ?? '' },
            {
              onSuccess: ({ warnings, roundId }) => {
                message.success(roundId ? '项目进展已提交，已计入本期调度' : '项目进展已提交');
                for (const warning of warnings) message.warning(warning);
                onClose();
              },
              onError: (e) => message.error(e.message),
            },
          )
        }
      >
        <Form.Item name="stage" label="项目阶段">
          <Select style={{ width: 140 }} options={PROJECT_STAGES.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item name="completedInvestment" label={`累计完成投资（亿元，计划 ${project.plannedInvestment} 亿元）`}>
          <InputNumber min={0} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="progress" label="本期进展">
          <Input.TextArea maxLength={5000} autoSize={{ minRows: 3 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
