import type { TaskLight, TaskStatus } from './tasks.types';

/** Shapes of the channels for rounds (调度). */

export type RoundState = 'open' | 'closed';
/** Who a round asks to report: each open task's lead unit only, or its lead and its cooperating units. */
export type RoundReportScope = 'lead' | 'leadAndCooperating';
export const ROUND_REPORT_SCOPES = ['lead', 'leadAndCooperating'] as const satisfies readonly RoundReportScope[];
export const ROUND_REPORT_SCOPE_LABELS: Record<RoundReportScope, string> = { lead: '仅牵头单位', leadAndCooperating: '牵头单位和配合单位' };
/** The part a unit plays on a task in a round: 牵头 or 配合. */
export type RoundRole = 'lead' | 'cooperating';
export const ROUND_ROLE_LABELS: Record<RoundRole, string> = { lead: '牵头', cooperating: '配合' };
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
  reportScope: RoundReportScope;
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
  role: RoundRole;
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
