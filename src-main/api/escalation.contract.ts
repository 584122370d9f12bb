import { z } from 'zod';
import { anyone, officeOnly } from './access';
import { channel, id, type ChannelGroup } from './channel-def';

/** 督办 escalation 蓝→黄→红 (contract part): the office's rule, and a notice's steps under it. */
type NoticeLevel = '蓝' | '黄' | '红';

export interface EscalationRuleDto {
  yellowAfterDays: number;
  redAfterDays: number;
}

export interface NoticeEscalation {
  issuedLevel: NoticeLevel;
  level: NoticeLevel;
  steps: { on: string; from: NoticeLevel; to: NoticeLevel; daysOverdue: number }[];
}

const days = z.number().int().min(1, '天数至少为 1').max(365, '天数不能超过 365');

export const escalationChannels = {
  'escalation.getRule': channel<EscalationRuleDto>()(anyone, z.strictObject({})),
  'escalation.setRule': channel<EscalationRuleDto>()(
    officeOnly('设置督办升级规则'),
    z.strictObject({ yellowAfterDays: days, redAfterDays: days }).refine((r) => r.redAfterDays > r.yellowAfterDays, '升为红色的天数应大于升为黄色的天数'),
  ),
  'escalation.forNotice': channel<NoticeEscalation>()(anyone, z.strictObject({ noticeId: id })),
} satisfies ChannelGroup;
