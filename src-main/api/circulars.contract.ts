import { z } from 'zod';
import { officeOnly } from './access';
import { channel, id, isoDate, text, type ChannelGroup } from './channel-def';
import { CIRCULAR_BLOCK_ROLES, type CircularDraft } from './circulars.types';
import type { ExportedFile } from './reports.types';

const roundCircularOptions = { roundId: id, docNumber: text(40).optional(), date: isoDate.optional(), requirements: z.array(text(2000)).max(20).optional() };

/** Channels of the office's Word documents: the 调度情况通报 of a closed round and a notice's 督办通知单 (contract part). */
export const circularChannels = {
  // The draft's paragraphs, for the office to edit one by one before saving.
  'circulars.roundDraft': channel<CircularDraft>()(officeOnly('起草调度情况通报'), z.strictObject(roundCircularOptions)),
  // The .docx; with `blocks`, exactly the paragraphs the office edited (an emptied paragraph is left out).
  'circulars.round': channel<ExportedFile>()(
    officeOnly('起草调度情况通报'),
    z.strictObject({
      ...roundCircularOptions,
      blocks: z
        .array(z.strictObject({ role: z.enum(CIRCULAR_BLOCK_ROLES), text: text(4000) }))
        .max(2000)
        .optional(),
    }),
  ),
  'circulars.notice': channel<ExportedFile>()(officeOnly('打印督办通知单'), z.strictObject({ noticeId: id })),
} satisfies ChannelGroup;
