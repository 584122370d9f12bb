import type { TaskLight, TaskStatus } from './tasks.types';

/** Shapes of the channels for rounds (调度). */

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
