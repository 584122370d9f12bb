import type { FileRef } from './uploads';

/** Shapes of the channels for notices (督办). */

export type NoticeLevel = '蓝' | '黄' | '红';
export type NoticeState = 'issued' | 'signed' | 'replied' | 'returned' | 'closed';
export const NOTICE_STATE_LABELS: Record<NoticeState, string> = {
  issued: '已交办',
  signed: '已签收',
  replied: '已反馈待审核',
  returned: '已退回待重新反馈',
  closed: '已办结',
};

export interface NoticeStep {
  id: number;
  action: '交办' | '签收' | '反馈' | '退回' | '办结';
  content: string;
  actor: string;
  createdAt: string;
  /** Files sent with a 反馈 (the stamped scan of the reply); none on other steps. */
  attachments: FileRef[];
}

export interface NoticeRow {
  id: number;
  number: string;
  planId: number;
  unitId: number;
  unitName: string;
  level: NoticeLevel;
  /**
   * The level it stands at today: the issued level raised 蓝→黄→红 by the office's escalation rule while it goes
   * unanswered past its reply date (rules/notice-escalation.ts).
   */
  escalatedLevel: NoticeLevel;
  reason: string;
  requirement: string;
  replyDue: string;
  state: NoticeState;
  overdue: boolean;
  issuedAt: string;
  closedAt: string | null;
  tasks: { id: number; code: string; text: string }[];
  sendBacks: number;
}

export interface NoticeDetail extends NoticeRow {
  steps: NoticeStep[];
}
