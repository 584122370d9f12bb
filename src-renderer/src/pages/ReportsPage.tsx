import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Divider, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { REPORT_TITLES, type ReportKind, type ReportOptions } from '../../../src-main/api/reports.types';
import { TemplateImportPanel } from '../components/reports/TemplateImportPanel';
import { useExportReport, useExportTemplate, useReportOptions } from '../hooks/excel.queries';
import { useAppYear, usePlans } from '../hooks/queries';
import { useAllUnits, useIdentity } from '../hooks/task.queries';
import { effectiveScope, usePlanScope } from '../plan-scope';

/** What each report is for and which options it takes, in the order the page shows them. */
const REPORTS: { kind: ReportKind; description: string; options: ('unit' | 'round' | 'noticeYear' | 'assessmentYear')[] }[] = [
  { kind: 'taskBreakdown', description: '实施方案：每项任务的编号、牵头和配合单位、完成时限、阶段节点、完成标准。', options: [] },
  { kind: 'unitProgress', description: '一个单位在一个调度期（或截至今天）牵头任务的进展。', options: ['unit', 'round'] },
  { kind: 'provinceSummary', description: '全部单位的进展：按章节和区域、按单位汇总，附任务明细。', options: ['round'] },
  { kind: 'lagging', description: '红灯、黄灯和滞后的任务，最落后的在前。', options: ['round'] },
  { kind: 'supervision', description: '年度督办单：涉及任务、办理过程和反馈情况。', options: ['noticeYear'] },
  { kind: 'instructions', description: '领导批示：批示人、日期、内容、批示件，转办的督办单及其办理状态。', options: [] },
  { kind: 'majorProblems', description: '报送省委、省政府的重大问题及其解决情况。', options: [] },
  { kind: 'indicators', description: '主要指标的目标、历年实际值和完成程度。', options: [] },
  { kind: 'assessment', description: '年度考核得分与排名，附每一分的得分说明。', options: ['assessmentYear'] },
  { kind: 'publicProgress', description: '用于公开的进展情况：不含存在问题、内部备注和联系人。', options: ['round'] },
];

function yearOptions(years: number[], extra: number[]): { value: number; label: string }[] {
  return [...new Set([...years, ...extra])].sort((a, b) => b - a).map((year) => ({ value: year, label: `${year}年` }));
}

function roundOptions(options: ReportOptions | undefined) {
  return [
    { value: 0, label: '最新进展（截至今天）' },
    ...(options?.rounds ?? []).map((round) => ({ value: round.id, label: `${round.name}${round.state === 'closed' ? '（已结束）' : ''}` })),
  ];
}

function ReportCard({ kind, description, options, planId, reportOptions }: (typeof REPORTS)[number] & { planId: number; reportOptions: ReportOptions | undefined }) {
  const { message } = App.useApp();
  const units = useAllUnits();
  const exportReport = useExportReport();
  const identity = useIdentity();
  const thisYear = useAppYear();
  const [chosenUnitId, setUnitId] = useState<number>();
  // A unit working in its own copy of the app reports on itself unless it picks another.
  const unitId = chosenUnitId ?? (identity.data?.role === 'unit' ? (identity.data.unitId ?? undefined) : undefined);
  const [roundId, setRoundId] = useState(0);
  const [noticeYear, setNoticeYear] = useState(thisYear);
  const [assessmentYear, setAssessmentYear] = useState(reportOptions?.assessmentYears[0] ?? thisYear - 1);
  const title = REPORT_TITLES[kind];

  const run = () =>
    exportReport.mutate(
      {
        report: kind,
        planId,
        ...(options.includes('unit') && unitId !== undefined ? { unitId } : {}),
        ...(options.includes('round') ? { roundId: roundId === 0 ? null : roundId } : {}),
        ...(options.includes('noticeYear') ? { year: noticeYear } : {}),
        ...(options.includes('assessmentYear') ? { year: assessmentYear } : {}),
      },
      { onSuccess: (file) => void message.success(`已导出：${file.fileName}`), onError: (error) => void message.error(error.message) },
    );

  return (
    <Card
      size="small"
      title={
        <Space>
          <FileExcelOutlined style={{ color: '#217346' }} />
          <span role="heading" aria-level={3}>
            {title}
          </span>
        </Space>
      }
      aria-label={`报表：${title}`}
      style={{ height: '100%' }}
    >
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{description}</Typography.Text>
        {options.includes('unit') && (
          <Select
            showSearch
            optionFilterProp="label"
            placeholder="选择单位"
            aria-label={`${title}的单位`}
            style={{ width: '100%' }}
            value={unitId}
            onChange={setUnitId}
            options={(units.data ?? []).filter((unit) => unit.kind !== 'office' && !unit.retired).map((unit) => ({ value: unit.id, label: unit.name }))}
          />
        )}
        {options.includes('round') && (
          <Select aria-label={`${title}的调度期`} style={{ width: '100%' }} value={roundId} onChange={setRoundId} options={roundOptions(reportOptions)} />
        )}
        {options.includes('noticeYear') && (
          <Select aria-label={`${title}的年度`} style={{ width: '100%' }} value={noticeYear} onChange={setNoticeYear} options={yearOptions(reportOptions?.noticeYears ?? [], [thisYear])} />
        )}
        {options.includes('assessmentYear') && (
          <Select
            aria-label={`${title}的年度`}
            style={{ width: '100%' }}
            value={assessmentYear}
            onChange={setAssessmentYear}
            options={yearOptions(reportOptions?.assessmentYears ?? [], [thisYear, thisYear - 1])}
          />
        )}
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          onClick={run}
          loading={exportReport.isPending}
          disabled={options.includes('unit') && unitId === undefined}
        >
          导出
        </Button>
      </Space>
    </Card>
  );
}

/** 报表: the Excel reports offices send upward, and the 填报模板 round trip with units off the network. */
export function ReportsPage() {
  const { message } = App.useApp();
  const plans = usePlans();
  const scope = usePlanScope();
  const scoped = effectiveScope(scope.planId, plans.data);
  const [chosenPlanId, setChosenPlanId] = useState<number>();
  const planId = typeof scoped === 'number' ? scoped : (chosenPlanId ?? plans.data?.[0]?.id);
  const options = useReportOptions(planId);
  const units = useAllUnits();
  const exportTemplate = useExportTemplate();
  const identity = useIdentity();
  const [chosenTemplateUnitId, setTemplateUnitId] = useState<number>();
  const templateUnitId = chosenTemplateUnitId ?? (identity.data?.role === 'unit' ? (identity.data.unitId ?? undefined) : undefined);
  const [templateRoundId, setTemplateRoundId] = useState(0);
  const openRounds = (options.data?.rounds ?? []).filter((round) => round.state === 'open');

  return (
    <div style={{ padding: 20 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            报表
          </Typography.Title>
          {scoped === 'all' && (plans.data?.length ?? 0) > 1 && (
            <Select
              aria-label="报表的规划"
              style={{ width: 360 }}
              value={planId}
              onChange={setChosenPlanId}
              options={(plans.data ?? []).map((plan) => ({ value: plan.id, label: plan.title }))}
            />
          )}
        </Space>
        {plans.data && plans.data.length === 0 && <Alert type="info" showIcon title="还没有规划，请先在“规划任务”中导入规划。" />}
        {planId !== undefined && (
          <>
            <Typography.Text type="secondary">
              每张报表一键导出为 Excel 文件（A4 横向、表头每页重复、页脚“第 X 页 共 Y 页”），可在 Microsoft Excel、WPS 和 LibreOffice 中打开、打印。
            </Typography.Text>
            <Row gutter={[16, 16]}>
              {REPORTS.map((report) => (
                <Col key={report.kind} xs={24} md={12} xl={8}>
                  <ReportCard {...report} planId={planId} reportOptions={options.data} />
                </Col>
              ))}
            </Row>
            <Divider style={{ margin: '8px 0' }} />
            <Card title={<span role="heading" aria-level={3}>填报模板</span>} aria-label="填报模板">
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  为不联网的单位导出填报模板（本单位的任务，只开放填报列，隐藏系统键），单位用 Excel、WPS 或 LibreOffice 填好后交回，在此导入。
                </Typography.Text>
                <Space wrap>
                  <Select
                    showSearch
                    allowClear
                    optionFilterProp="label"
                    placeholder="选择单位"
                    aria-label="填报模板的单位"
                    style={{ width: 240 }}
                    value={templateUnitId}
                    onChange={setTemplateUnitId}
                    options={(units.data ?? []).filter((unit) => unit.kind !== 'office' && !unit.retired).map((unit) => ({ value: unit.id, label: unit.name }))}
                  />
                  <Select
                    aria-label="填报模板的调度期"
                    style={{ width: 240 }}
                    value={templateRoundId}
                    onChange={setTemplateRoundId}
                    options={[{ value: 0, label: '最新进展（不限调度期）' }, ...openRounds.map((round) => ({ value: round.id, label: round.name }))]}
                  />
                  <Button
                    icon={<DownloadOutlined />}
                    disabled={templateUnitId === undefined}
                    loading={exportTemplate.isPending}
                    onClick={() =>
                      exportTemplate.mutate(
                        { planId, unitId: templateUnitId!, roundId: templateRoundId === 0 ? null : templateRoundId },
                        { onSuccess: (file) => void message.success(`已导出：${file.fileName}`), onError: (error) => void message.error(error.message) },
                      )
                    }
                  >
                    导出填报模板
                  </Button>
                </Space>
                <TemplateImportPanel expectUnitId={templateUnitId} expectRoundId={templateRoundId === 0 ? null : templateRoundId} />
              </Space>
            </Card>
          </>
        )}
      </Space>
    </div>
  );
}
