import { z } from 'zod';
import { anyone, member } from './access';
import { channel, id, text, type ChannelGroup } from './channel-def';
import type { SubmitResult } from './reviews.types';
import { TASK_STATUSES } from './tasks.types';

/** Channels of progress reports and their 佐证材料 (contract part for progress). */
export const progressChannels = {
  // A unit reports on the tasks it leads or cooperates on (checked by the service); the office on any.
  // A 单位填报人 whose unit has a 单位审核人: the report waits for the reviewer (reportId null, reviewId set).
  'progress.submit': channel<SubmitResult>()(
    member,
    z.strictObject({
      taskId: id,
      status: z.enum(TASK_STATUSES),
      // Range and integer rules are checked by the service, so the message can name the task.
      percent: z.number().finite(),
      progress: text(5000),
      problems: text(5000),
      nextSteps: text(5000),
      coordination: text(5000),
      attachments: z
        .array(z.strictObject({ name: z.string().max(1000), contentBase64: z.string().max(15 * 1024 * 1024, '附件过大') }))
        .max(20),
    }),
  ),
  'attachments.read': channel<{ name: string; size: number; contentBase64: string }>()(anyone, z.strictObject({ id })),
} satisfies ChannelGroup;
