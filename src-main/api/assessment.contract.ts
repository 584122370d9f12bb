import { z } from 'zod';
import { anyone, officeOnly } from './access';
import { channel, id, type ChannelGroup } from './channel-def';
import { year } from './indicators.contract';
import type { AssessmentResult, AssessmentScheme } from './assessment.types';

/** Channels of 考核: the scheme, a unit ranking computed live, and the frozen result of a year (contract part). */

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

export const assessmentChannels = {
  'assessment.getScheme': channel<AssessmentScheme>()(anyone, z.strictObject({})),
  'assessment.setScheme': channel<AssessmentScheme>()(officeOnly('修改考核办法'), assessmentSchemeSchema),
  'assessment.compute': channel<AssessmentResult>()(anyone, planYear),
  'assessment.freeze': channel<AssessmentResult>()(officeOnly('冻结考核结果'), planYear),
} satisfies ChannelGroup;
