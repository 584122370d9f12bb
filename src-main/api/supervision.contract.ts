import { z } from 'zod';
import type { ChannelName } from './channels';
import { channel, id, isoDate, requiredText, text, type ChannelDef } from './channel-def';
import type { NoticeDetail, NoticeRow, NoticeState, ProblemRow, RoundDetail, RoundSummary } from './supervision.types';

/** Channels of 调度, 督办 and the problem register (contract part). */


export const supervisionChannels = {
  'rounds.list': channel<RoundSummary[]>()(z.strictObject({ planId: id.optional() })),
  'rounds.get': channel<RoundDetail>()(z.strictObject({ id })),
  'rounds.open': channel<{ id: number; expected: number }>()(
    z.strictObject({
      planId: id,
      name: requiredText(60),
      periodStart: isoDate,
      periodEnd: isoDate,
      dueDate: isoDate,
      unitIds: z.array(id).min(1, '请至少选择一个单位').max(500),
    }),
  ),
  'rounds.close': channel<null>()(z.strictObject({ id })),
  'notices.list': channel<NoticeRow[]>()(
    z.strictObject({ planId: id.optional(), unitId: id.optional(), openOnly: z.boolean().optional(), overdueOnly: z.boolean().optional() }),
  ),
  'notices.get': channel<NoticeDetail>()(z.strictObject({ id })),
  'notices.issue': channel<{ id: number; number: string }>()(
    z.strictObject({
      taskIds: z.array(id).min(1, '请选择督办的任务').max(200),
      unitId: id,
      level: z.enum(['蓝', '黄', '红']),
      reason: requiredText(1000),
      requirement: requiredText(1000),
      replyDue: isoDate,
    }),
  ),
  'notices.sign': channel<NoticeState>()(z.strictObject({ id })),
  'notices.reply': channel<NoticeState>()(z.strictObject({ id, content: requiredText(5000) })),
  'notices.review': channel<NoticeState>()(z.strictObject({ id, accept: z.boolean(), comment: text(2000) })),
  'problems.list': channel<ProblemRow[]>()(
    z.strictObject({
      planId: id.optional(),
      state: z.enum(['open', 'in_progress', 'solved']).optional(),
      majorOpenOnly: z.boolean().optional(),
      unitId: id.optional(),
    }),
  ),
  'problems.update': channel<null>()(
    z.strictObject({ id, state: z.enum(['open', 'in_progress', 'solved']).optional(), ownerUnitId: id.optional(), resolution: text(5000).optional() }),
  ),
  'problems.setMajor': channel<null>()(z.strictObject({ id, major: z.boolean(), note: text(2000) })),
} satisfies Partial<Record<ChannelName, ChannelDef<z.ZodType, unknown>>>;
