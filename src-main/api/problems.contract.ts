import { z } from 'zod';
import { anyone, member, officeOnly } from './access';
import { channel, id, requiredText, text, type ChannelGroup } from './channel-def';
import type { ProblemRow } from './problems.types';

const problemStates = ['open', 'in_progress', 'solved'] as const;

/** Channels of the problem register and the 重大问题清单 (contract part for problems). */
export const problemChannels = {
  'problems.list': channel<ProblemRow[]>()(
    anyone,
    z.strictObject({ planId: id.optional(), state: z.enum(problemStates).optional(), majorOpenOnly: z.boolean().optional(), unitId: id.optional() }),
  ),
  // The owning unit updates its own problem (checked by the service); only the office reassigns it.
  'problems.update': channel<null>()(
    member,
    z.strictObject({ id, state: z.enum(problemStates).optional(), ownerUnitId: id.optional(), resolution: text(5000).optional() }),
  ),
  // 登记问题 without a report: the task's lead unit or the office (checked by the service, which owns it to the lead).
  'problems.add': channel<{ id: number }>()(
    member,
    z.strictObject({ taskId: id, kind: z.enum(['存在问题', '需协调事项']), text: requiredText(2000) }),
  ),
  'problems.setMajor': channel<null>()(officeOnly('确定重大问题'), z.strictObject({ id, major: z.boolean(), note: text(2000) })),
} satisfies ChannelGroup;
