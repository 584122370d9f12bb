import type { TaskLight, TaskStatus } from './tasks.types';

/** Shapes of 调度 (reporting rounds), 督办 (supervision notices) and the problem register. */

export type RoundState = 'open' | 'closed';
/** Per unit in a round: everything reported, not yet, or past the due date with something missing. */
export type RoundUnitStatus = '已报' | '未报' | '逾期';

export interface RoundSummary {
  id: number;
  planId: number;
  name: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  state: RoundState;
  unitCount: number;
  expected: number;
  reported: number;
  /** Units with something missing after the due date. */
  overdueUnits: number;
  openedAt: string;
  closedAt: string | null;
}

export interface RoundUnitRow {
  unitId: number;
  unitName: string;
  expected: number;
  reported: number;
  late: number;
  status: RoundUnitStatus;
}

export interface RoundTaskRow {
  taskId: number;
  code: string;
  text: string;
  unitId: number;
  unitName: string;
  reported: boolean;
  reportedLate: boolean;
  /** When the counted report reached the office's database (UTC instant): its arrival. */
  reportedAt: string | null;
  /** 填报日期: the day the unit made it, in its calendar; 迟报 is judged on this date. */
  reportDate: string | null;
  status: TaskStatus;
  percent: number;
  light: TaskLight;
  progress: string;
}

export interface RoundDetail extends RoundSummary {
  /** True when the rows come from the snapshot frozen at closing. */
  frozen: boolean;
  units: RoundUnitRow[];
  tasks: RoundTaskRow[];
}

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
}

export interface NoticeRow {
  id: number;
  number: string;
  planId: number;
  unitId: number;
  unitName: string;
  level: NoticeLevel;
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

export type ProblemState = 'open' | 'in_progress' | 'solved';
export const PROBLEM_STATE_LABELS: Record<ProblemState, string> = { open: '待解决', in_progress: '解决中', solved: '已解决' };

export interface ProblemRow {
  id: number;
  planId: number;
  kind: '存在问题' | '需协调事项';
  text: string;
  taskId: number;
  taskCode: string;
  taskText: string;
  ownerUnitId: number;
  ownerUnitName: string;
  /** Every unit concerned: the task's lead and cooperating units. */
  concernedUnits: string[];
  state: ProblemState;
  isMajor: boolean;
  majorNote: string;
  majorAt: string | null;
  resolution: string;
  createdAt: string;
  solvedAt: string | null;
}
