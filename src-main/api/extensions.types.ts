import type { FileRef } from './uploads';

/** 延期申请: a unit's request to move a task's deadline, and the office's decision. */

export type ExtensionState = 'pending' | 'approved' | 'refused';
export const EXTENSION_STATE_LABELS: Record<ExtensionState, string> = { pending: '待审批', approved: '已批准', refused: '不予批准' };

export interface ExtensionRow {
  id: number;
  taskId: number;
  taskCode: string;
  taskText: string;
  unitId: number;
  unitName: string;
  /** The deadline the request was made against. */
  oldDeadline: string;
  requestedDate: string;
  reason: string;
  /** The documents the unit sent with its request, for the office to read before deciding. */
  attachments: FileRef[];
  requestedBy: string;
  requestedAt: string;
  state: ExtensionState;
  /** The date the office approved (the requested one or another); null unless approved. */
  approvedDate: string | null;
  comment: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** 原定时限 and 调整后时限 of a task: equal when no 延期 was ever approved. */
export interface TaskDeadlines {
  taskId: number;
  original: string;
  adjusted: string;
  extended: boolean;
}
