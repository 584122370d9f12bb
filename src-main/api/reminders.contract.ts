import { z } from 'zod';
import { anyone, officeOnly } from './access';
import { channel, id, text, type ChannelGroup } from './channel-def';
import type { RoundReminderSummary } from './reminders.types';

/** Channels of 催办 in a reporting round (contract part). */
export const reminderChannels = {
  'reminders.forRound': channel<RoundReminderSummary>()(anyone, z.strictObject({ roundId: id })),
  // Without unitId: every unit still 未报 in the round.
  'reminders.send': channel<{ units: string[] }>()(officeOnly('催办'), z.strictObject({ roundId: id, unitId: id.optional(), message: text(500) })),
} satisfies ChannelGroup;
