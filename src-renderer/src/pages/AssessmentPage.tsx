import { App, Alert, Button, Card, Collapse, Descriptions, Form, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { ASSESSMENT_CATEGORIES, ASSESSMENT_CATEGORY_LABELS, type AssessmentCategory, type AssessmentLine, type AssessmentResult, type AssessmentScheme, type UnitAssessment } from '../../../src-main/api/assessment.types';
import { QueryError } from '../components/QueryError';
import { useAssessment, useAssessmentScheme } from '../hooks/analysis.queries';
import { useChannelMutation, useIdentity } from '../hooks/task.queries';
import { useAppYear, useScopedPlan } from '../hooks/queries';
import { chinaDateOf } from '../../../src-main/api/china-date';

/**
 * 考核: per unit per year, the score from the office's scheme, ranked, with every point explained; the office edits
 * the scheme and freezes a year, after which the year shows its snapshot.
 */

const SOURCE_KINDS: Record<AssessmentLine['source']['kind'], string> = { category: '本项', task: '任务', round: '调度', notice: '督办单', indicator: '指标' };

function signed(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

export function AssessmentPage() {
  const { plan, planId } = useScopedPlan();
  const identity = useIdentity();
  const isOffice = identity.data?.role === 'office';
  const thisYear = useAppYear();
  const years = plan ? Array.from({ length: Math.max(0, thisYear - plan.periodStart + 1) }, (_, i) => thisYear - i) : [];
  const [chosenYear, setYear] = useState<number>();
  const year = chosenYear ?? years[0] ?? thisYear;
  const result = useAssessment(planId, year);

  return (
    <div style={{ padding: 20 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            考核
          </Typography.Title>
          <Select
            aria-label="考核年度"
            value={year}
            style={{ width: 120 }}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: `${y} 年度` }))}
          />
          {result.data?.frozen && (
            <Tag color="blue" aria-label="已冻结">
              已冻结
            </Tag>
          )}
          <Typography.Text type="secondary">{plan?.title}</Typography.Text>
        </Space>
        {result.error && <QueryError error={result.error} />}
        {result.data && <ResultView result={result.data} isOffice={isOffice} />}
        {!result.data && !result.error && <Card loading />}
      </Space>
    </div>
  );
}

function ResultView({ result, isOffice }: { result: AssessmentResult; isOffice: boolean }) {
  const { message } = App.useApp();
  const freeze = useChannelMutation('assessment.freeze');
  const asOfText = result.asOf.endsWith('-12-31') ? `数据截至 ${result.asOf}` : `年度尚未结束，数据截至今天（${result.asOf}）`;

  return (
    <>
      {result.frozen ? (
        <Alert
          type="info"
          showIcon
          title={`${result.year} 年度考核结果已于 ${chinaDateOf(result.frozen.frozenAt)} 由 ${result.frozen.frozenBy} 冻结`}
          description={`以下为冻结时的结果（${asOfText}），之后的数据变化和考核办法调整不再影响本年度结果。`}
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={`${result.year} 年度考核结果尚未冻结：${asOfText}，结果随数据变化。`}
          action={
            isOffice ? (
              <Popconfirm
                title={`冻结 ${result.year} 年度考核结果？`}
                description="冻结后，本年度结果不再随任务、调度、督办、指标数据或考核办法的变化而改变，且不能撤销。"
                okText="冻结"
                cancelText="取消"
                onConfirm={() =>
                  freeze.mutate(
                    { planId: result.planId, year: result.year },
                    { onSuccess: () => message.success(`${result.year} 年度考核结果已冻结`), onError: (e) => message.error(e.message) },
                  )
                }
              >
                <Button type="primary" loading={freeze.isPending}>
                  冻结本年度结果
                </Button>
              </Popconfirm>
            ) : undefined
          }
        />
      )}
      <SchemeCard scheme={result.scheme} editable={isOffice && !result.frozen} frozen={result.frozen !== null} />
      <Card size="small" title={`考核结果（满分 ${result.maxTotal} 分，共 ${result.units.length} 个单位）`}>
        <ResultsTable result={result} />
      </Card>
    </>
  );
}

function ResultsTable({ result }: { result: AssessmentResult }) {
  const { scheme } = result;
  const weights = {
    taskCompletion: scheme.taskCompletion.weight,
    reporting: scheme.reporting.weight,
    supervision: scheme.supervision.weight,
    indicators: scheme.indicators.weight,
  };
  const columns: ColumnsType<UnitAssessment> = [
    { title: '排名', dataIndex: 'rank', width: 72, align: 'center' },
    { title: '单位', dataIndex: 'unitName', width: 200 },
    ...ASSESSMENT_CATEGORIES.map((category) => ({
      title: `${ASSESSMENT_CATEGORY_LABELS[category]}（${weights[category]}）`,
      key: category,
      width: 130,
      align: 'right' as const,
      render: (_: unknown, row: UnitAssessment) => row.categories[category],
    })),
    {
      title: `总分（${result.maxTotal}）`,
      dataIndex: 'total',
      width: 110,
      align: 'right',
      render: (total: number) => <Typography.Text strong>{total}</Typography.Text>,
    },
  ];
  return (
    <Table<UnitAssessment>
      aria-label="考核结果"
      rowKey="unitId"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={result.units}
      expandable={{ expandedRowRender: (row) => <Explanation unit={row} />, expandRowByClick: false }}
      locale={{ emptyText: '本年度没有需要考核的单位（尚未分配任务、开展调度或督办）。' }}
    />
  );
}

/** Every line of a unit's score, by category, with a total that must equal the score shown. */
function Explanation({ unit }: { unit: UnitAssessment }) {
  const columns: ColumnsType<AssessmentLine & { key: number }> = [
    { title: '类别', width: 96, render: (_, line) => ASSESSMENT_CATEGORY_LABELS[line.category] },
    {
      title: '依据',
      width: 210,
      render: (_, line) =>
        line.source.kind === 'category' ? (
          <Typography.Text type="secondary">{line.source.label}</Typography.Text>
        ) : (
          <Space size={4}>
            <Tag>{SOURCE_KINDS[line.source.kind]}</Tag>
            {line.source.label}
          </Space>
        ),
    },
    { title: '说明', dataIndex: 'text' },
    {
      title: '分值',
      dataIndex: 'points',
      width: 90,
      align: 'right',
      render: (points: number) => (
        <Typography.Text data-points={points} type={points < 0 ? 'danger' : points > 0 ? 'success' : 'secondary'}>
          {signed(points)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table
      aria-label={`${unit.unitName}得分说明`}
      size="small"
      pagination={false}
      columns={columns}
      dataSource={unit.lines.map((line, index) => ({ ...line, key: index }))}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={3} align="right">
            <Typography.Text strong>合计（各行分值之和）</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <Typography.Text strong aria-label={`${unit.unitName}合计`}>
              {unit.total}
            </Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function schemeText(scheme: AssessmentScheme) {
  return [
    {
      key: 'taskCompletion',
      label: `任务完成（${scheme.taskCompletion.weight} 分）`,
      text: `${scheme.taskCompletion.weight} 分 × 牵头任务中已完成或符合序时进度（绿灯）的比例；考核范围：${
        scheme.taskCompletion.scope === 'all' ? '全部在办牵头任务' : '完成时限在本年底前的牵头任务'
      }；暂缓任务不计入。`,
    },
    {
      key: 'reporting',
      label: `按时报送（${scheme.reporting.weight} 分）`,
      text: `每次调度（已结束或已过截止日期）有任务未报扣 ${scheme.reporting.perMissedRound} 分，每项逾期报送扣 ${scheme.reporting.perLateReport} 分，扣完为止。`,
    },
    {
      key: 'supervision',
      label: `督办办理（${scheme.supervision.weight} 分）`,
      text: `每件督办单未在反馈期限前反馈扣 ${scheme.supervision.perOverdueNotice} 分，每次反馈被退回扣 ${scheme.supervision.perSendBack} 分，扣完为止。`,
    },
    {
      key: 'indicators',
      label: `指标完成（${scheme.indicators.weight} 分）`,
      text: `${scheme.indicators.weight} 分 × 本单位负责的主要指标平均达标率（单项最高 100%），达标率按${
        scheme.indicators.basis === 'path' ? '当年直线进度应达值' : '规划目标值'
      }计算；没有负责指标的单位得满分。`,
    },
  ];
}

function SchemeCard({ scheme, editable, frozen }: { scheme: AssessmentScheme; editable: boolean; frozen: boolean }) {
  const stored = useAssessmentScheme();
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const shown = editable && stored.data ? stored.data : scheme;
  return (
    <Collapse
      items={[
        {
          key: 'scheme',
          label: frozen ? '考核办法（冻结时采用）' : '考核办法',
          extra: editable && !editing && (
            <Button
              size="small"
              onClick={(event) => {
                event.stopPropagation();
                setEditing(true);
                setOpen(true);
              }}
            >
              修改考核办法
            </Button>
          ),
          children: editing && stored.data ? (
            <SchemeForm scheme={stored.data} onDone={() => setEditing(false)} />
          ) : (
            <Descriptions size="small" column={1} bordered items={schemeText(shown).map((item) => ({ key: item.key, label: item.label, children: item.text }))} />
          ),
        },
      ]}
      activeKey={open || editing ? ['scheme'] : []}
      onChange={(keys) => setOpen(keys.includes('scheme'))}
    />
  );
}

function SchemeForm({ scheme, onDone }: { scheme: AssessmentScheme; onDone: () => void }) {
  const { message } = App.useApp();
  const save = useChannelMutation('assessment.setScheme');
  const [form] = Form.useForm<AssessmentScheme>();
  const values = Form.useWatch([], form);
  const total =
    (values?.taskCompletion?.weight ?? 0) + (values?.reporting?.weight ?? 0) + (values?.supervision?.weight ?? 0) + (values?.indicators?.weight ?? 0);
  const weight = (category: AssessmentCategory) => (
    <Form.Item name={[category, 'weight']} label="权重" rules={[{ required: true, message: '请填写权重' }]}>
      <InputNumber min={0} max={100} precision={0} suffix="分" aria-label={`${ASSESSMENT_CATEGORY_LABELS[category]}权重`} />
    </Form.Item>
  );
  const deduction = (name: string[], label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: `请填写${label}` }]}>
      <InputNumber min={0} max={100} precision={2} step={0.5} suffix="分" />
    </Form.Item>
  );
  return (
    <Form<AssessmentScheme>
      form={form}
      aria-label="考核办法"
      layout="inline"
      initialValues={scheme}
      onFinish={(input) =>
        save.mutate(input, {
          onSuccess: () => {
            message.success('考核办法已保存，未冻结年度的结果已按新办法重新计算');
            onDone();
          },
          onError: (e) => message.error(e.message),
        })
      }
    >
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong style={{ width: 80, display: 'inline-block' }}>
            任务完成
          </Typography.Text>
          {weight('taskCompletion')}
          <Form.Item name={['taskCompletion', 'scope']} label="考核范围">
            <Select
              style={{ width: 220 }}
              options={[
                { value: 'all', label: '全部在办牵头任务' },
                { value: 'dueByYear', label: '完成时限在本年底前的牵头任务' },
              ]}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Typography.Text strong style={{ width: 80, display: 'inline-block' }}>
            按时报送
          </Typography.Text>
          {weight('reporting')}
          {deduction(['reporting', 'perMissedRound'], '每次调度未报扣')}
          {deduction(['reporting', 'perLateReport'], '每项逾期报送扣')}
        </Space>
        <Space wrap>
          <Typography.Text strong style={{ width: 80, display: 'inline-block' }}>
            督办办理
          </Typography.Text>
          {weight('supervision')}
          {deduction(['supervision', 'perOverdueNotice'], '每件逾期未反馈扣')}
          {deduction(['supervision', 'perSendBack'], '每次被退回扣')}
        </Space>
        <Space wrap>
          <Typography.Text strong style={{ width: 80, display: 'inline-block' }}>
            指标完成
          </Typography.Text>
          {weight('indicators')}
          <Form.Item name={['indicators', 'basis']} label="达标率依据">
            <Select
              style={{ width: 220 }}
              options={[
                { value: 'path', label: '当年直线进度应达值' },
                { value: 'target', label: '规划目标值' },
              ]}
            />
          </Form.Item>
        </Space>
        <Space>
          <Typography.Text type={total === 100 ? 'secondary' : 'danger'}>权重合计 {total} 分（应为 100 分）</Typography.Text>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存考核办法
          </Button>
          <Button onClick={onDone}>取消</Button>
        </Space>
      </Space>
    </Form>
  );
}
