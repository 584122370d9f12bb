import { z } from 'zod';
import { anyone, officeOnly } from './access';
import { channel, id, isoDate, requiredText, text, type ChannelGroup } from './channel-def';
import { INSTRUCTION_TARGETS, type InstructionRow } from './instructions.types';
import { uploads, type FileContent } from './uploads';

/** Channels of 领导批示 (contract part): recorded by the office, turned into a 督办 notice, closed. */
export const instructionChannels = {
  'instructions.list': channel<InstructionRow[]>()(anyone, z.strictObject({ openOnly: z.boolean().optional() })),
  'instructions.record': channel<{ id: number }>()(
    officeOnly('登记领导批示'),
    z.strictObject({
      target: z.enum(INSTRUCTION_TARGETS),
      targetId: id,
      leader: requiredText(40),
      givenOn: isoDate,
      text: requiredText(2000),
      attachments: uploads.optional(),
    }),
  ),
  'instructions.toNotice': channel<{ noticeId: number; number: string }>()(
    officeOnly('将领导批示转为督办'),
    z.strictObject({ id, level: z.enum(['蓝', '黄', '红']), requirement: requiredText(1000), replyDue: isoDate }),
  ),
  // The scan of a 批示: the office and 领导 open any; a unit only those of 批示 sent to it as a notice.
  'instructions.readAttachment': channel<FileContent>()(anyone, z.strictObject({ id })),
  'instructions.close': channel<null>()(officeOnly('办结领导批示'), z.strictObject({ id, note: text(1000) })),
} satisfies ChannelGroup;
