import { z } from 'zod';
import { officeOnly } from './access';
import { channel, id, isoDate, text, type ChannelGroup } from './channel-def';
import type { ExportedFile } from './excel.types';

/** Channel of the 调度情况通报 (.docx), drafted from a closed round (contract part). */
export const circularChannels = {
  'circulars.round': channel<ExportedFile>()(
    officeOnly('起草调度情况通报'),
    z.strictObject({ roundId: id, docNumber: text(40).optional(), date: isoDate.optional(), requirements: z.array(text(2000)).max(20).optional() }),
  ),
} satisfies ChannelGroup;
