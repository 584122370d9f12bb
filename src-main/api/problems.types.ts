/** Shapes of the channels for problems (问题台账与重大问题清单). */

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
