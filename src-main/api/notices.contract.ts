import { z } from 'zod';
import { anyone, member, officeOnly } from './access';
import { channel, id, isoDate, requiredText, text, type ChannelGroup } from './channel-def';
import type { NoticeDetail, NoticeRow, NoticeState } from './notices.types';
import { uploads, type FileContent } from './uploads';

const noticeContent = {
  taskIds: z.array(id).min(1, '请选择督办的任务').max(200),
  level: z.enum(['蓝', '黄', '红']),
  reason: requiredText(1000),
  requirement: requiredText(1000),
  replyDue: isoDate,
};

/** Channels of 督办: 交办 → 签收 → 反馈 → 审核 (contract part for notices). */
export const noticeChannels = {
  'notices.list': channel<NoticeRow[]>()(
    anyone,
    z.strictObject({ planId: id.optional(), unitId: id.optional(), openOnly: z.boolean().optional(), overdueOnly: z.boolean().optional() }),
  ),
  'notices.get': channel<NoticeDetail>()(anyone, z.strictObject({ id })),
  'notices.issue': channel<{ id: number; number: string }>()(
    officeOnly('发起督办'),
    z.strictObject({ ...noticeContent, unitId: id }),
  ),
  // 督办 to several units in one step: one notice (one 文号) each, all or none.
  'notices.issueMany': channel<{ notices: { id: number; number: string; unitId: number }[] }>()(
    officeOnly('发起督办'),
    z.strictObject({ ...noticeContent, unitIds: z.array(id).min(1, '请选择督办单位').max(100) }),
  ),
  // The addressed unit signs and replies (checked by the service); the office may on its behalf.
  'notices.sign': channel<NoticeState>()(member, z.strictObject({ id })),
  'notices.reply': channel<NoticeState>()(member, z.strictObject({ id, content: requiredText(5000), attachments: uploads.optional() })),
  // A 反馈's file: the office and 领导 any; a unit those on its own notices (checked by the service).
  'notices.readAttachment': channel<FileContent>()(anyone, z.strictObject({ id })),
  'notices.review': channel<NoticeState>()(officeOnly('审核督办反馈'), z.strictObject({ id, accept: z.boolean(), comment: text(2000) })),
} satisfies ChannelGroup;
