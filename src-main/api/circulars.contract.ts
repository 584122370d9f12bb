import { z } from 'zod';
import { officeOnly } from './access';
import { channel, id, isoDate, text, type ChannelGroup } from './channel-def';
import type { ExportedFile } from './reports.types';

/** Channels of the office's Word documents: the 调度情况通报 of a closed round and a notice's 督办通知单 (contract part). */
export const circularChannels = {
  'circulars.round': channel<ExportedFile>()(
    officeOnly('起草调度情况通报'),
    z.strictObject({ roundId: id, docNumber: text(40).optional(), date: isoDate.optional(), requirements: z.array(text(2000)).max(20).optional() }),
  ),
  'circulars.notice': channel<ExportedFile>()(officeOnly('打印督办通知单'), z.strictObject({ noticeId: id })),
} satisfies ChannelGroup;
