import { z } from 'zod';
import { anyone, officeOnly } from './access';
import { channel, id, nameText, type ChannelGroup } from './channel-def';
import type { Unit } from './units.types';

/** Channels of the unit list (contract part for units). */

const unitName = nameText(60);

export const unitChannels = {
  'units.list': channel<Unit[]>()(anyone, z.strictObject({ includeRetired: z.boolean().optional() })),
  'units.create': channel<{ id: number }>()(
    officeOnly('新增单位'),
    z.strictObject({ name: unitName, kind: z.enum(['department', 'city', 'investment_office']), aliases: z.array(unitName).max(20) }),
  ),
  'units.update': channel<null>()(officeOnly('修改单位'), z.strictObject({ id, name: unitName, aliases: z.array(unitName).max(20) })),
  'units.setRetired': channel<{ openLeadTasks: number }>()(officeOnly('撤销或恢复单位'), z.strictObject({ id, retired: z.boolean() })),
} satisfies ChannelGroup;
