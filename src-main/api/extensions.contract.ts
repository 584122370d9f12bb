import { z } from 'zod';
import { anyone, member, officeOnly } from './access';
import { channel, id, isoDate, requiredText, text, type ChannelGroup } from './channel-def';
import type { ExtensionRow, ExtensionState, TaskDeadlines } from './extensions.types';
import { uploads, type FileContent } from './uploads';

/** Channels of 延期申请: a unit asks, the office decides; the history keeps every request (contract part). */
export const extensionChannels = {
  'extensions.list': channel<ExtensionRow[]>()(
    anyone,
    z.strictObject({ taskId: id.optional(), state: z.enum(['pending', 'approved', 'refused']).optional() }),
  ),
  'extensions.deadlines': channel<TaskDeadlines>()(anyone, z.strictObject({ taskId: id })),
  // The task's lead unit asks (checked by the service).
  'extensions.request': channel<{ id: number }>()(
    member,
    z.strictObject({ taskId: id, requestedDate: isoDate, reason: requiredText(2000), attachments: uploads.optional() }),
  ),
  // A request's documents: the office and 领导 open any; a unit those of its own requests.
  'extensions.readAttachment': channel<FileContent>()(anyone, z.strictObject({ id })),
  'extensions.decide': channel<ExtensionState>()(
    officeOnly('审批延期申请'),
    z.strictObject({ id, approve: z.boolean(), approvedDate: isoDate.optional(), comment: text(2000) }),
  ),
} satisfies ChannelGroup;
