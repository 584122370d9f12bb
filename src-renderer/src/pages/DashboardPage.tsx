import { Alert, Card, Col, Empty, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { PROJECT_STAGES } from '../../../src-main/api/projects.types';
import { type Dashboard } from '../../../src-main/api/dashboard.types';
import { TASK_STATUSES, WARNING_LIGHTS, type WarningLight } from '../../../src-main/api/tasks.types';
import { EChart, type ChartOption } from '../components/charts/EChart';
import { QueryError } from '../components/QueryError';
import { LIGHT_LABELS } from '../components/WarningLight';
import { myTasksLink, taskListLink } from '../drill-down';
import { useDashboard } from '../hooks/analysis.queries';
import { useScopedPlan } from '../hooks/queries';

/**
 * 跟踪分析: the plan at a glance for leaders — status and warnings, completion by chapter, region and unit, the
 * trend across rounds, indicators against their targets, open 督办 and 重大问题, major projects. Every chart and
 * figure opens the list behind it.
 */

const LIGHT_COLORS: Record<WarningLight, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', grey: '#bfbfbf' };
const STATUS_COLORS = ['#389e0d', '#13c2c2', '#1677ff', '#fa8c16', '#8c8c8c', '#722ed1'];
const AXIS_TEXT = { color: '#434343', fontSize: 12 };
/** A value label beside the bar, left out for zero so small charts stay readable. */
const HIDE_ZERO_RIGHT = { show: true, position: 'right' as const, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') };

/** "第三章 深度融入京津冀，实现联动发展" → "第三章 深度融入京津冀": short enough for an axis. */
function shortChapter(label: string): string {
  return label.split('，')[0]!;
}

export default function DashboardPage() {
  const { planId, plan } = useScopedPlan();
  const dashboard = useDashboard(planId);
  const navigate = useNavigate();
  const data = dashboard.data;

  return (
    <div style={{ padding: 20 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            跟踪分析
          </Typography.Title>
          <Typography.Text type="secondary">
            {plan?.title ?? ''}
            {data ? ` · 截至 ${data.today}` : ''} · 点击图表中的任一项可查看对应清单
          </Typography.Text>
        </div>
        {dashboard.error && <QueryError error={dashboard.error} />}
        {!data && !dashboard.error && <Card loading />}
        {data && <DashboardBody data={data} go={(to) => void navigate(to)} />}
      </Space>
    </div>
  );
}

function DashboardBody({ data, go }: { data: Dashboard; go: (to: string) => void }) {
  const charts = useMemo(() => buildCharts(data), [data]);
  const figures: { label: string; value: number; suffix: string; to: string; color?: string; note?: string }[] = [
    { label: '任务总数', value: data.totals.tasks, suffix: '项', to: taskListLink({}) },
    { label: '已完成', value: data.totals.byStatus['已完成'], suffix: '项', to: taskListLink({ statuses: ['已完成'] }), color: '#389e0d' },
    { label: '红灯任务', value: data.totals.byLight.red, suffix: '项', to: taskListLink({ lights: ['red'] }), color: LIGHT_COLORS.red },
    { label: '黄灯任务', value: data.totals.byLight.yellow, suffix: '项', to: taskListLink({ lights: ['yellow'] }), color: '#d48806' },
    { label: '在办督办', value: data.notices.open, suffix: '件', to: '/supervision?tab=notices', note: `其中逾期 ${data.notices.overdue} 件` },
    { label: '重大问题', value: data.problems.openMajor, suffix: '个', to: '/supervision?tab=major', color: data.problems.openMajor ? LIGHT_COLORS.red : undefined, note: '未解决' },
  ];

  return (
    <>
      <Row gutter={[12, 12]}>
        {figures.map((figure) => (
          <Col key={figure.label} xs={12} md={8} xl={4}>
            {/* A link by keyboard too (Tab, Enter); its name is what it shows, plus where it leads. */}
            <Card
              size="small"
              hoverable
              role="link"
              tabIndex={0}
              onClick={() => go(figure.to)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  go(figure.to);
                }
              }}
            >
              <Statistic title={figure.label} value={figure.value} suffix={figure.suffix} styles={{ content: { color: figure.color } }} />
              {figure.note && <Typography.Text type="secondary">{figure.note}</Typography.Text>}
              <span className="visually-hidden">，查看清单</span>
            </Card>
          </Col>
        ))}
      </Row>
      {data.totals.unassigned > 0 && (
        <Alert type="info" showIcon title={`还有 ${data.totals.unassigned} 项任务未分配牵头单位，按单位统计只含已分配的任务。`} />
      )}
      <Row gutter={[12, 12]}>
        <ChartCard title="预警分布" span={8}>
          <EChart label="预警分布" height={280} option={charts.lights} onClick={(e) => go(taskListLink({ lights: [WARNING_LIGHTS[e.dataIndex]!] }))} />
        </ChartCard>
        <ChartCard title="完成状态" span={16}>
          <EChart label="完成状态" height={280} option={charts.statuses} onClick={(e) => go(taskListLink({ statuses: [TASK_STATUSES[e.dataIndex]!] }))} />
        </ChartCard>
        <ChartCard title="按章完成情况" span={14}>
          <EChart
            label="按章完成情况"
            height={300}
            option={charts.chapters}
            onClick={(e) => go(taskListLink({ chapterId: data.byChapter[e.dataIndex]!.chapterId, lights: lightOf(e.seriesIndex) }))}
          />
        </ChartCard>
        <ChartCard title="按区域完成情况" span={10}>
          <EChart
            label="按区域完成情况"
            height={300}
            option={charts.regions}
            onClick={(e) => go(taskListLink({ region: data.byRegion[e.dataIndex]!.region, lights: lightOf(e.seriesIndex) }))}
          />
        </ChartCard>
        <ChartCard title="按单位统计（牵头与配合）" span={24}>
          {data.byUnit.length === 0 ? (
            <Empty description="尚未分配任务" />
          ) : (
            <EChart
              label="按单位统计"
              height={Math.max(240, data.byUnit.length * 34 + 60)}
              option={charts.units}
              onClick={(e) => go(myTasksLink(data.byUnit[e.dataIndex]!.unitId, e.seriesIndex === 1 ? 'cooperating' : 'lead'))}
            />
          )}
        </ChartCard>
        <ChartCard title="调度报送趋势" span={14}>
          {data.rounds.length === 0 ? (
            <Empty description="尚未开展调度" />
          ) : (
            <EChart label="调度报送趋势" height={300} option={charts.rounds} onClick={(e) => go(`/rounds?roundId=${data.rounds[e.dataIndex]!.roundId}`)} />
          )}
        </ChartCard>
        <ChartCard title={data.latestRound ? `本期调度：${data.latestRound.name}` : '本期调度'} span={10}>
          <LatestRound data={data} go={go} />
        </ChartCard>
        <ChartCard title="主要指标完成情况" span={12}>
          {data.indicators.length === 0 ? (
            <Empty description="尚无主要指标" />
          ) : (
            <>
              <EChart label="主要指标完成情况" height={280} option={charts.indicators} onClick={() => go('/indicators?tab=indicators')} />
              <Typography.Text type="secondary" style={{ paddingLeft: 8 }}>
                条形颜色即预警（绿、黄、红；灰为无法判断），灰色细条为按直线进度当年应达的比例。
              </Typography.Text>
            </>
          )}
        </ChartCard>
        <ChartCard title="督办与重大问题" span={6}>
          <EChart
            label="督办与重大问题"
            height={260}
            option={charts.supervision}
            onClick={(e) => go(e.dataIndex === 2 ? '/supervision?tab=major' : '/supervision?tab=notices')}
          />
        </ChartCard>
        <ChartCard title={`重大项目（${data.projects.total} 个）`} span={6}>
          {data.projects.total === 0 ? (
            <Empty description="尚未登记重大项目" />
          ) : (
            <>
              <Typography.Text type="secondary" style={{ paddingLeft: 8 }}>
                计划总投资 {data.projects.plannedInvestment} 亿元，已完成 {data.projects.completedInvestment} 亿元
              </Typography.Text>
              <EChart
                label="重大项目阶段分布"
                height={236}
                option={charts.projects}
                onClick={(e) => go(`/indicators?tab=projects&stage=${encodeURIComponent(PROJECT_STAGES[e.dataIndex]!)}`)}
              />
            </>
          )}
        </ChartCard>
      </Row>
    </>
  );
}

const ROUND_STATUS_COLORS = { 已报: 'success', 未报: 'warning', 逾期: 'error' } as const;

/** Who has reported in the latest round; a row opens the round. */
function LatestRound({ data, go }: { data: Dashboard; go: (to: string) => void }) {
  const round = data.latestRound;
  if (!round) return <Empty description="尚未开展调度" />;
  const missing = round.units.filter((u) => u.status !== '已报').length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="small">
      <Typography.Text type="secondary">
        报送截止 {round.dueDate}
        {round.state === 'closed' ? '（已结束）' : ''} · 应报 {round.expected} 项，已报 {round.reported} 项 · {missing ? `${missing} 个单位未报齐` : '全部单位已报齐'}
      </Typography.Text>
      <Table
        aria-label="本期调度报送情况"
        size="small"
        rowKey="unitId"
        pagination={false}
        scroll={{ y: 220 }}
        dataSource={round.units}
        onRow={() => ({ onClick: () => go(`/rounds?roundId=${round.roundId}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          { title: '应报', dataIndex: 'expected', width: 64, align: 'right' },
          { title: '已报', dataIndex: 'reported', width: 64, align: 'right' },
          {
            title: '状态',
            dataIndex: 'status',
            width: 80,
            render: (status: keyof typeof ROUND_STATUS_COLORS) => <Tag color={ROUND_STATUS_COLORS[status]}>{status}</Tag>,
          },
        ]}
      />
    </Space>
  );
}

function ChartCard({ title, span, children }: { title: string; span: number; children: ReactNode }) {
  return (
    <Col xs={24} xl={span}>
      <Card size="small" title={title} styles={{ body: { padding: 8 } }}>
        {children}
      </Card>
    </Col>
  );
}

/** Stacked light series are drawn in WARNING_LIGHTS order; a click on one filters by that light. */
function lightOf(seriesIndex: number | undefined): WarningLight[] | undefined {
  const light = seriesIndex !== undefined ? WARNING_LIGHTS[seriesIndex] : undefined;
  return light ? [light] : undefined;
}

function lightSeries(groups: { green: number; yellow: number; red: number; grey: number }[]): ChartOption['series'] {
  return WARNING_LIGHTS.map((light) => ({
    type: 'bar' as const,
    name: LIGHT_LABELS[light],
    stack: 'lights',
    barMaxWidth: 36,
    itemStyle: { color: LIGHT_COLORS[light] },
    label: { show: true, position: 'inside' as const, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
    data: groups.map((g) => g[light]),
  }));
}

function buildCharts(data: Dashboard): Record<'lights' | 'statuses' | 'chapters' | 'regions' | 'units' | 'rounds' | 'indicators' | 'supervision' | 'projects', ChartOption> {
  const tooltip = { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } };
  const legend = { top: 0, textStyle: AXIS_TEXT };
  return {
    lights: {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, textStyle: AXIS_TEXT },
      series: [
        {
          type: 'pie',
          name: '预警',
          radius: ['42%', '70%'],
          center: ['50%', '45%'],
          label: { formatter: '{b} {c}', fontSize: 13 },
          data: WARNING_LIGHTS.map((light) => ({ name: LIGHT_LABELS[light], value: data.totals.byLight[light], itemStyle: { color: LIGHT_COLORS[light] } })),
        },
      ],
    },
    statuses: {
      tooltip,
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', triggerEvent: true, data: [...TASK_STATUSES], axisLabel: { ...AXIS_TEXT, fontSize: 13 } },
      yAxis: { type: 'value', name: '项', axisLabel: AXIS_TEXT },
      series: [
        {
          type: 'bar',
          name: '任务数',
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: TASK_STATUSES.map((status, index) => ({ value: data.totals.byStatus[status], itemStyle: { color: STATUS_COLORS[index] } })),
        },
      ],
    },
    chapters: {
      tooltip,
      legend,
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: AXIS_TEXT },
      yAxis: {
        type: 'category',
        triggerEvent: true,
        inverse: true,
        data: data.byChapter.map((c) => `${shortChapter(c.label)}\n已完成 ${c.done}/${c.total}（${c.completionRate}%）`),
        axisLabel: { ...AXIS_TEXT, lineHeight: 16 },
      },
      series: lightSeries(data.byChapter),
    },
    regions: {
      tooltip,
      legend,
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', triggerEvent: true, data: data.byRegion.map((r) => `${r.region}\n完成 ${r.completionRate}%`), axisLabel: { ...AXIS_TEXT, lineHeight: 16 } },
      yAxis: { type: 'value', axisLabel: AXIS_TEXT },
      series: lightSeries(data.byRegion),
    },
    units: {
      tooltip,
      legend,
      grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: AXIS_TEXT, minInterval: 1 },
      yAxis: { type: 'category', triggerEvent: true, inverse: true, data: data.byUnit.map((u) => u.unitName), axisLabel: { ...AXIS_TEXT, fontSize: 13 } },
      series: [
        { type: 'bar', name: '牵头任务', data: data.byUnit.map((u) => u.lead), itemStyle: { color: '#1677ff' }, label: HIDE_ZERO_RIGHT, barMaxWidth: 14 },
        { type: 'bar', name: '配合任务', data: data.byUnit.map((u) => u.cooperating), itemStyle: { color: '#91caff' }, label: HIDE_ZERO_RIGHT, barMaxWidth: 14 },
        { type: 'bar', name: '牵头红灯', data: data.byUnit.map((u) => u.leadRed), itemStyle: { color: LIGHT_COLORS.red }, label: HIDE_ZERO_RIGHT, barMaxWidth: 14 },
        { type: 'bar', name: '牵头黄灯', data: data.byUnit.map((u) => u.leadYellow), itemStyle: { color: LIGHT_COLORS.yellow }, label: HIDE_ZERO_RIGHT, barMaxWidth: 14 },
      ],
    },
    rounds: {
      tooltip,
      legend,
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', triggerEvent: true, data: data.rounds.map((r) => `${r.name}${r.state === 'closed' ? '' : '\n（进行中）'}`), axisLabel: { ...AXIS_TEXT, interval: 0, lineHeight: 16 } },
      yAxis: [
        { type: 'value', name: '任务数', axisLabel: AXIS_TEXT, minInterval: 1 },
        { type: 'value', name: '报送率', min: 0, max: 100, axisLabel: { ...AXIS_TEXT, formatter: '{value}%' } },
      ],
      series: [
        { type: 'bar', name: '应报', data: data.rounds.map((r) => r.expected), itemStyle: { color: '#d9d9d9' }, barMaxWidth: 32, label: { show: true, position: 'top' } },
        { type: 'bar', name: '已报', data: data.rounds.map((r) => r.reported), itemStyle: { color: '#1677ff' }, barMaxWidth: 32, label: { show: true, position: 'top' } },
        { type: 'bar', name: '逾期报送', data: data.rounds.map((r) => r.late), itemStyle: { color: LIGHT_COLORS.yellow }, barMaxWidth: 32 },
        {
          type: 'line',
          name: '报送率',
          yAxisIndex: 1,
          data: data.rounds.map((r) => r.reportedShare),
          itemStyle: { color: '#389e0d' },
          label: { show: true, formatter: '{c}%' },
        },
      ],
    },
    indicators: {
      tooltip,
      // The achievement bars take their light's colour, so only the grey 应达 bar gets a legend entry.
      legend: { ...legend, data: ['按直线进度应达'] },
      grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: '%', axisLabel: AXIS_TEXT },
      yAxis: {
        type: 'category',
        triggerEvent: true,
        inverse: true,
        data: data.indicators.map((i) => (i.name.length > 14 ? `${i.name.slice(0, 13)}…` : i.name)),
        axisLabel: AXIS_TEXT,
      },
      series: [
        {
          type: 'bar',
          name: '完成目标',
          barMaxWidth: 14,
          data: data.indicators.map((i) => ({ value: i.achievement ?? 0, itemStyle: { color: LIGHT_COLORS[i.light] } })),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { dataIndex: number }) => {
              const indicator = data.indicators[p.dataIndex]!;
              return indicator.achievement === null ? (indicator.targetValue === null ? '目标未设定' : '未填报') : `${indicator.achievement}%`;
            },
          },
        },
        {
          type: 'bar',
          name: '按直线进度应达',
          barMaxWidth: 14,
          itemStyle: { color: '#d9d9d9' },
          data: data.indicators.map((i) => i.expectedAchievement ?? 0),
        },
      ],
    },
    supervision: {
      tooltip,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', triggerEvent: true, data: ['在办督办', '逾期未反馈', '重大问题'], axisLabel: { ...AXIS_TEXT, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_TEXT },
      series: [
        {
          type: 'bar',
          name: '数量',
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: [
            { value: data.notices.open, itemStyle: { color: '#1677ff' } },
            { value: data.notices.overdue, itemStyle: { color: LIGHT_COLORS.yellow } },
            { value: data.problems.openMajor, itemStyle: { color: LIGHT_COLORS.red } },
          ],
        },
      ],
    },
    projects: {
      tooltip,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', triggerEvent: true, data: [...PROJECT_STAGES], axisLabel: { ...AXIS_TEXT, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_TEXT },
      series: [{ type: 'bar', name: '项目数', barMaxWidth: 48, itemStyle: { color: '#722ed1' }, label: { show: true, position: 'top' }, data: PROJECT_STAGES.map((s) => data.projects.byStage[s]) }],
    },
  };
}
