import { z } from 'zod';
import { anyone, officeOnly } from './access';
import { channel, id, isoDate, requiredText, type ChannelGroup } from './channel-def';
import { ROUND_REPORT_SCOPES, type RoundDetail, type RoundSummary } from './rounds.types';

/** Channels of 调度: reporting rounds, who owes what, frozen on closing (contract part for rounds). */
export const roundChannels = {
  'rounds.list': channel<RoundSummary[]>()(anyone, z.strictObject({ planId: id.optional() })),
  // unitId: only that unit's rows (a unit account's row scope sets it to its own unit, so the round is read for it alone).
  'rounds.get': channel<RoundDetail>()(anyone, z.strictObject({ id, unitId: id.optional() })),
  'rounds.open': channel<{ id: number; expected: number }>()(
    officeOnly('开启调度'),
    z.strictObject({
      planId: id,
      name: requiredText(60),
      periodStart: isoDate,
      periodEnd: isoDate,
      dueDate: isoDate,
      unitIds: z.array(id).min(1, '请至少选择一个单位').max(500),
      // Absent: lead units only, as rounds were before the choice existed.
      reportScope: z.enum(ROUND_REPORT_SCOPES).optional(),
    }),
  ),
  'rounds.close': channel<null>()(officeOnly('结束调度'), z.strictObject({ id })),
} satisfies ChannelGroup;
