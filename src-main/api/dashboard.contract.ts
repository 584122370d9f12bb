import { z } from 'zod';
import { anyone } from './access';
import { channel, id, type ChannelGroup } from './channel-def';
import type { Dashboard } from './dashboard.types';

/** The channel of 跟踪分析 (contract part for the dashboard). */
export const dashboardChannels = {
  'dashboard.get': channel<Dashboard>()(anyone, z.strictObject({ planId: id })),
} satisfies ChannelGroup;
