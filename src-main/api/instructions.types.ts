import type { FileRef } from './uploads';

/** 领导批示: a leader's instruction on a task, a problem, a project or a progress report, followed until it is closed. */
export type InstructionStage = '待转办' | '督办中' | '待办结' | '已办结';

export const INSTRUCTION_TARGETS = ['task', 'problem', 'project', 'report'] as const;
export type InstructionTargetKind = (typeof INSTRUCTION_TARGETS)[number];
export const INSTRUCTION_TARGET_LABELS: Record<InstructionTargetKind, string> = { task: '任务', problem: '问题', project: '重大项目', report: '进展报告' };


export interface InstructionRow {
  id: number;
  planId: number;
  /** What the 批示 is about, and that record's id. */
  targetKind: InstructionTargetKind;
  targetId: number;
  /** How the 台账 names it: 任务 6.3.1.1 …, 问题：…, 重大项目：…, 进展报告：任务 … 大同市 2026-12-01. */
  targetLabel: string;
  /** The task it concerns (a problem's or a report's task), null for a project. */
  taskId: number | null;
  taskCode: string | null;
  /** The unit a 督办 notice would go to: the task's lead, the problem's owner, the reporting unit, the project's lead. */
  unitName: string | null;
  leader: string;
  givenOn: string;
  text: string;
  recordedBy: string;
  /** The scan of the 批示 (批示件). */
  attachments: FileRef[];
  /** The 督办 notice it was turned into, with that notice's number and state label. */
  notice: { id: number; number: string; state: string } | null;
  /**
   * Where it stands: 待转办 (recorded, not yet a notice), 督办中 (its notice is open), 待办结 (its notice is 办结, the
   * office has not closed the 批示), 已办结.
   */
  stage: InstructionStage;
  closedNote: string;
  closedAt: string | null;
}
