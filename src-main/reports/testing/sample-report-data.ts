import type { AssessmentResult } from '../../api/assessment.types';
import type { InstructionRow } from '../../api/instructions.types';
import type { IndicatorStatus } from '../../api/indicators.types';
import { TASK_STATUSES, type WarningLight } from '../../api/tasks.types';
import type { BreakdownLine, ProgressLine } from '../report-data';
import type { ReportMeta } from '../report-meta';
import type { IndicatorData, MajorProblemLine, NoticeLine } from '../supervision-data';

/**
 * Deterministic data for rendering every report: enough rows, with long Chinese text and some Latin, digits and
 * text that looks like a formula, that each report runs to at least two printed pages.
 */

export const SAMPLE_META: ReportMeta = {
  unitName: '省商务厅',
  date: '2025-04-10',
  period: '2025年第一季度调度（2025-01-01 至 2025-03-31）',
  planTitle: '山西省“十四五”京津冀、长三角、大湾区等区域融合发展实现高水平崛起规划',
};

const UNITS = ['省商务厅', '省发展改革委', '太原市', '大同市', '省工业和信息化厅', '运城市'];
const LIGHTS: WarningLight[] = ['red', 'yellow', 'green', 'grey'];
const LONG = '积极承接京津冀产业转移，围绕装备制造、新材料、现代物流等重点领域开展精准招商，推动一批标志性项目落地见效。';

export function sampleProgressLines(count = 60): ProgressLine[] {
  return Array.from({ length: count }, (_, i) => ({
    taskId: i + 1,
    code: `${3 + (i % 4)}.${1 + (i % 3)}.${1 + (i % 5)}.${i + 1}`,
    chapter: `第${['三', '四', '五', '六'][i % 4]}章 深度融入区域协同发展`,
    chapterSeq: 3 + (i % 4),
    region: ['京津冀', '长三角', '大湾区', '毗邻区'][i % 4]!,
    measure: '建设京津冀清洁能源供应基地',
    text: `${LONG}（第 ${i + 1} 项）`,
    leadUnit: UNITS[i % UNITS.length]!,
    cooperators: '太原市、大同市、省能源局',
    deadline: '2025-12-31',
    status: TASK_STATUSES[i % TASK_STATUSES.length]!,
    percent: (i * 7) % 101,
    scheduleProgress: 60,
    lag: Math.max(0, 60 - ((i * 7) % 101)),
    light: LIGHTS[i % LIGHTS.length]!,
    reasons: ['落后序时进度 35 个百分点'],
    reported: i % 3 !== 0,
    progress: i % 3 !== 0 ? `已与 Shanghai Electric 等 ${i + 2} 家企业对接，签约项目 5 个，总投资 38.6 亿元。${LONG}` : '',
    problems: i % 2 === 0 ? '项目用地指标紧张，能耗指标不足。' : '',
    nextSteps: '推动已签约项目尽快开工建设。',
    coordination: i % 5 === 0 ? '=请省自然资源厅协调用地指标' : '',
    reporter: '省商务厅（张三）',
    reportedAt: '2025-04-08T09:30:00.000Z',
    reportDate: '2025-04-08',
    attachments: i % 4 === 0 ? ['签约协议.pdf'] : [],
    note: '',
  }));
}

export function sampleBreakdownLines(count = 60): BreakdownLine[] {
  return sampleProgressLines(count).map((line) => ({
    code: line.code,
    chapter: line.chapter,
    section: '第一节 打造京津冀重要保障基地',
    region: line.region,
    measure: line.measure,
    text: line.text,
    leadUnit: line.leadUnit,
    cooperators: line.cooperators,
    startDate: '2021-01-01',
    deadline: line.deadline,
    milestones: '2024年：完成对接方案（2024-12-31）✓\n2025年：项目全部开工（2025-12-31）',
    targets: '2025年 签约项目：10个',
    standard: '签约项目落地率不低于 80%',
    note: '',
  }));
}

export function sampleNoticeLines(count = 40): NoticeLine[] {
  return Array.from({ length: count }, (_, i) => ({
    number: `晋融督〔2025〕${i + 1}号`,
    unitName: UNITS[i % UNITS.length]!,
    level: (['红', '黄', '蓝'] as const)[i % 3]!,
    escalatedLevel: i % 5 === 0 ? '红' : (['红', '黄', '蓝'] as const)[i % 3]!,
    tasks: `4.1.1.${i + 1} ${LONG}`,
    reason: '任务落后序时进度超过 30 个百分点，连续两期未报送进展。',
    requirement: '请于反馈时限前报送整改措施和推进计划。',
    issuedOn: '2025-03-01',
    replyDue: '2025-03-15',
    state: ['已交办', '已签收', '已反馈待审核', '已办结'][i % 4]!,
    overdue: i % 5 === 0,
    reply: i % 2 === 0 ? '已制定整改方案，明确时间节点和责任人。（2025-03-10）' : '',
    sendBacks: i % 3,
    closedOn: i % 4 === 3 ? '2025-03-20' : '',
  }));
}

export function sampleMajorProblems(count = 40): MajorProblemLine[] {
  return Array.from({ length: count }, (_, i) => ({
    taskCode: `4.1.1.${i + 1}`,
    taskText: LONG,
    kind: i % 2 === 0 ? '存在问题' : '需协调事项',
    text: '重大项目用地、能耗指标不足，影响项目按期开工，需省级层面统筹协调解决。',
    ownerUnit: UNITS[i % UNITS.length]!,
    concernedUnits: '省自然资源厅、省能源局',
    raisedOn: '2025-02-10',
    listedOn: '2025-02-20',
    majorNote: '涉及多个市、需省政府协调',
    state: i % 3 === 0 ? '已解决' : '解决中',
    solved: i % 3 === 0,
    resolution: i % 3 === 0 ? '省政府专题会议已研究解决。' : '',
    solvedOn: i % 3 === 0 ? '2025-03-30' : '',
  }));
}

export function sampleIndicators(count = 30): IndicatorData {
  const years = [2021, 2022, 2023, 2024, 2025];
  const indicators: IndicatorStatus[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    planId: 1,
    seq: i + 1,
    name: ['太原到国内主要城市通达时间', '与三大区域项目签约额', '省外游客占国内游客总数比重', '全职引进国家级高层次人才数量'][i % 4]!,
    unit: ['小时', '亿元', '%', '人'][i % 4]!,
    baselineYear: 2020,
    baselineValue: 100 + i,
    targetYear: 2025,
    targetValue: 130 + i,
    targetText: i % 4 === 0 ? '≤3小时' : null,
    direction: i % 4 === 0 ? 'lower' : 'higher',
    responsibleUnit: { id: 1, name: UNITS[i % UNITS.length]!, retired: false },
    sourceText: '',
    note: '数据来源：省统计局年度统计公报，口径与国家统计局一致。',
    values: years.slice(0, 4).map((year, k) => ({ year, value: 100 + i + k * 6.5, note: '', recordedBy: '办公室', recordedAt: `${year + 1}-02-01` })),
    latest: { year: 2024, value: 100 + i + 19.5 },
    achievement: 65,
    expectedAchievement: 80,
    lag: 15,
    path: [],
    light: LIGHTS[i % 3]!,
    reasons: ['按直线进度落后 15 个百分点'],
  }));
  return { years, indicators };
}

export function sampleAssessment(units = 24): AssessmentResult {
  return {
    planId: 1,
    year: 2024,
    asOf: '2024-12-31',
    scheme: {
      taskCompletion: { weight: 50, scope: 'dueByYear' },
      reporting: { weight: 20, perMissedRound: 10, perLateReport: 2 },
      supervision: { weight: 15, perOverdueNotice: 5, perSendBack: 2 },
      indicators: { weight: 15, basis: 'path' },
    },
    maxTotal: 100,
    frozen: { frozenBy: '省区域融合发展领导小组办公室（测试员）', frozenAt: '2025-01-15T08:00:00.000Z' },
    units: Array.from({ length: units }, (_, i) => ({
      unitId: i + 1,
      unitName: `${UNITS[i % UNITS.length]}${i >= UNITS.length ? `（${i}）` : ''}`,
      rank: i + 1,
      total: 95 - i,
      categories: { taskCompletion: 48 - i / 2, reporting: 20 - (i % 3) * 2, supervision: 15 - (i % 2), indicators: 12 },
      lines: [
        { category: 'taskCompletion', source: { kind: 'task', id: 1, label: '4.1.1.1' }, text: '任务按期完成，完成进度 100%，得满分。', points: 10 },
        { category: 'reporting', source: { kind: 'round', id: 1, label: '2024年第三季度调度' }, text: '有任务未按时报送，扣 10 分。', points: -10 },
        { category: 'supervision', source: { kind: 'notice', id: 1, label: '晋融督〔2024〕3号' }, text: '督办单逾期未反馈，扣 5 分。', points: -5 },
        { category: 'indicators', source: { kind: 'indicator', id: 1, label: '与三大区域项目签约额' }, text: '指标按直线进度达标率 80%。', points: 12 },
      ],
    })),
  };
}

export function sampleInstructionLines(count = 40): InstructionRow[] {
  const stages = ['待转办', '督办中', '待办结', '已办结'] as const;
  const kinds = ['task', 'problem', 'project', 'report'] as const;
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    planId: 1,
    targetKind: kinds[i % 4]!,
    targetId: i + 1,
    targetLabel: ['任务 4.1.1.1 积极承接京津冀产业转移，推动一批标志性项目落地见效', '存在问题（任务 6.3.1.1）：陆港项目用地指标不足，需省级层面统筹协调解决', '重大项目：大同国际陆港', '进展报告：任务 3.1.1.2，大同市，2025-03-28 填报'][i % 4]!,
    taskId: i % 4 === 2 ? null : i + 1,
    taskCode: i % 4 === 2 ? null : '4.1.1.1',
    unitName: UNITS[i % UNITS.length]!,
    leader: ['张副省长', '李秘书长', '王主任'][i % 3]!,
    givenOn: '2025-03-20',
    text: '请抓紧研究解决项目推进中的用地、能耗指标问题，每月报送进展，确保年内开工建设。',
    recordedBy: '省区域融合发展领导小组办公室（测试员）',
    attachments: i % 2 === 0 ? [{ id: i + 1, name: `批示件扫描件${i + 1}.pdf`, size: 1024 }] : [],
    notice: stages[i % 4] === '待转办' ? null : { id: i + 1, number: `督办〔2025〕${i + 1}号`, state: i % 4 === 1 ? '已签收' : '已办结' },
    stage: stages[i % 4]!,
    closedNote: i % 4 === 3 ? '已向领导报告办理结果' : '',
    closedAt: i % 4 === 3 ? '2025-04-02T02:00:00.000Z' : null,
  }));
}
