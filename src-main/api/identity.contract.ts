import { z } from 'zod';
import { ROLES, anyone } from './access';
import { channel, id, text, type ChannelGroup } from './channel-def';
import type { Identity } from './tasks.types';

/**
 * Channels of 使用身份. The identity is not stored on the server: the window or browser tab holds the person chosen
 * at first run and sends it with every call (see access.ts). These channels only read it back.
 */

/** The profile a client holds and sends with each call; the dispatcher checks it like any input. */
export const profileSchema = z.strictObject({ role: z.enum(ROLES), unitId: id.nullable().optional(), person: text(40) });

export const identityChannels = {
  /** Who this call was made as, resolved (unit name, label); role null when no identity was sent. */
  'identity.get': channel<Identity>()(anyone, z.strictObject({})),
  /** Checks a profile before the client keeps it: the unit exists and is not retired. Stores nothing. */
  'identity.check': channel<Identity>()(anyone, profileSchema),
} satisfies ChannelGroup;
