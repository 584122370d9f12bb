import { z } from 'zod';
import { anyone, member } from './access';
import { channel, id, text, type ChannelGroup } from './channel-def';
import type { SubmitResult } from './reviews.types';
import { TASK_STATUSES } from './tasks.types';
import { upload, type FileContent } from './uploads';

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
      attachments: z.array(upload).max(20),
    }),
  ),
  'attachments.read': channel<FileContent>()(anyone, z.strictObject({ id })),
} satisfies ChannelGroup;
