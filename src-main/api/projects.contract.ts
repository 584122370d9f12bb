import { z } from 'zod';
import { anyone, member, officeOnly } from './access';
import { channel, id, isoDate, requiredText, text, type ChannelGroup } from './channel-def';
import { PROJECT_STAGES, type ProjectRow, type ProjectSaveResult } from './projects.types';

/** Channels of 重大项目: the project register and the lead unit's progress on a project (contract part for projects). */

/** 亿元 */
const investment = z.number().min(0, '投资额不能为负数').max(1e7, '投资额过大，请确认单位为亿元');

export const projectChannels = {
  'projects.list': channel<ProjectRow[]>()(
    anyone,
    z.strictObject({
      planId: id,
      stage: z.enum(PROJECT_STAGES).optional(),
      leadUnitId: id.optional(),
      taskId: id.optional(),
      search: text(100).optional(),
    }),
  ),
  'projects.save': channel<ProjectSaveResult>()(
    officeOnly('维护重大项目'),
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
  // The project's lead unit reports on it (checked by the service); the office on any.
  'projects.report': channel<{ reportId: number; roundId: number | null; warnings: string[] }>()(
    member,
    z.strictObject({ projectId: id, stage: z.enum(PROJECT_STAGES), completedInvestment: investment, progress: text(5000) }),
  ),
} satisfies ChannelGroup;
