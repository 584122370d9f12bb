import { z } from 'zod';
import type { ChannelName } from './channels';
import { channel, id, isoDate, requiredText, text, type ChannelDef } from './channel-def';
import {
  INDICATOR_DIRECTIONS,
  PROJECT_STAGES,
  type AssessmentResult,
  type AssessmentScheme,
  type Dashboard,
  type IndicatorStatus,
  type ProjectRow,
  type ProjectSaveResult,
} from './supervision-b.types';

/** Channels of 主要指标, 重大项目, 考核 and 跟踪分析 (contract part). */

const year = z.number().int().min(2000, '年份应在 2000—2100 之间').max(2100, '年份应在 2000—2100 之间');
/** Indicator values: any real number a statistic can take, bounded so nothing absurd is stored. */
const measure = z.number().min(-1e12).max(1e12);
/** 亿元 */
const investment = z.number().min(0, '投资额不能为负数').max(1e7, '投资额过大，请确认单位为亿元');

const indicatorFields = {
  name: requiredText(100),
  unit: text(20).nullable(),
  baselineYear: year.nullable(),
  baselineValue: measure.nullable(),
  targetYear: year.nullable(),
  targetValue: measure.nullable(),
  targetText: text(200).nullable(),
  direction: z.enum(INDICATOR_DIRECTIONS).nullable(),
  responsibleUnitId: id.nullable(),
  note: text(2000),
};

const points = z.number().min(0, '分值不能为负数').max(100, '分值不能超过 100 分');
const weight = z.number().int('权重应为整数').min(0, '权重不能为负数').max(100, '权重不能超过 100 分');

/** The assessment scheme as the office edits it (also used to read it back from settings). */
export const assessmentSchemeSchema = z.strictObject({
  taskCompletion: z.strictObject({ weight, scope: z.enum(['dueByYear', 'all']) }),
  reporting: z.strictObject({ weight, perMissedRound: points, perLateReport: points }),
  supervision: z.strictObject({ weight, perOverdueNotice: points, perSendBack: points }),
  indicators: z.strictObject({ weight, basis: z.enum(['path', 'target']) }),
}) satisfies z.ZodType<AssessmentScheme>;

const planYear = z.strictObject({ planId: id, year });

export const supervisionBChannels = {
  'indicators.list': channel<IndicatorStatus[]>()(z.strictObject({ planId: id })),
  'indicators.create': channel<{ id: number }>()(z.strictObject({ planId: id, ...indicatorFields })),
  'indicators.update': channel<null>()(z.strictObject({ id, ...indicatorFields })),
  'indicators.delete': channel<null>()(z.strictObject({ id })),
  'indicators.recordValue': channel<null>()(
    z.strictObject({ indicatorId: id, year, value: measure.nullable(), note: text(500) }),
  ),
  'projects.list': channel<ProjectRow[]>()(
    z.strictObject({
      planId: id,
      stage: z.enum(PROJECT_STAGES).optional(),
      leadUnitId: id.optional(),
      taskId: id.optional(),
      search: text(100).optional(),
    }),
  ),
  'projects.save': channel<ProjectSaveResult>()(
    z.strictObject({
      id: id.optional(),
      planId: id,
      name: requiredText(200),
      stage: z.enum(PROJECT_STAGES),
      plannedInvestment: investment,
      completedInvestment: investment,
      startDate: isoDate.nullable(),
      finishDate: isoDate.nullable(),
      leadUnitId: id.nullable(),
      taskIds: z.array(id).max(500),
    }),
  ),
  'projects.report': channel<{ reportId: number; roundId: number | null; warnings: string[] }>()(
    z.strictObject({ projectId: id, stage: z.enum(PROJECT_STAGES), completedInvestment: investment, progress: text(5000) }),
  ),
  'assessment.getScheme': channel<AssessmentScheme>()(z.strictObject({})),
  'assessment.setScheme': channel<AssessmentScheme>()(assessmentSchemeSchema),
  'assessment.compute': channel<AssessmentResult>()(planYear),
  'assessment.freeze': channel<AssessmentResult>()(planYear),
  'dashboard.get': channel<Dashboard>()(z.strictObject({ planId: id })),
} satisfies Partial<Record<ChannelName, ChannelDef<z.ZodType, unknown>>>;
