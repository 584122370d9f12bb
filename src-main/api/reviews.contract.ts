import { z } from 'zod';
import { anyone, member } from './access';
import { channel, id, requiredText, type ChannelGroup } from './channel-def';
import type { ReportReviewRow } from './reviews.types';

/**
 * Channels of 单位审核 (contract part for report reviews). Listing answers the caller's own unit's reviews (none for
 * the office: it sees a report once approved); approving and returning are the unit's reviewer's (checked by the
 * service).
 */
export const reviewChannels = {
  'reviews.list': channel<ReportReviewRow[]>()(anyone, z.strictObject({ state: z.enum(['pending', 'approved', 'returned']).optional() })),
  'reviews.approve': channel<{ reportId: number }>()(member, z.strictObject({ id })),
  'reviews.return': channel<null>()(member, z.strictObject({ id, reason: requiredText(500) })),
} satisfies ChannelGroup;
