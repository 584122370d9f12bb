import { z } from 'zod';
import { anyone, officeOnly } from './access';
import { channel, type ChannelGroup } from './channel-def';
import type { WarningThresholds } from './tasks.types';

/** Channels of the settings kept in the database: the warning thresholds (contract part for settings). */
export const settingsChannels = {
  'warnings.getThresholds': channel<WarningThresholds>()(anyone, z.strictObject({})),
  'warnings.setThresholds': channel<WarningThresholds>()(
    officeOnly('调整预警规则'),
    z.strictObject({
      yellowLag: z.number().int().min(1).max(100),
      redLag: z.number().int().min(1).max(100),
      dueSoonDays: z.number().int().min(0).max(365),
      notStartedMonths: z.number().int().min(1).max(60),
    }),
  ),
} satisfies ChannelGroup;
