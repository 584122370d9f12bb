import type { TaskStatus } from './tasks.types';

/**
 * 单位审核人: a unit with a reviewer account has its fillers' reports approved (审核通过) or returned (退回, with a
 * reason) before the office sees them as 已报. The states, and their words, are defined here once.
 */
export type ReviewState = 'pending' | 'approved' | 'returned';
export const REVIEW_STATE_LABELS: Record<ReviewState, string> = { pending: '待审核', approved: '审核通过', returned: '已退回' };

export interface ReportReviewRow {
  id: number;
  taskId: number;
  taskCode: string;
  taskText: string;
  unitName: string;
  /** 单位（经办人） of the filler. */
  submittedBy: string;
  submittedAt: string;
  state: ReviewState;
  status: TaskStatus;
  percent: number;
  progress: string;
  problems: string;
  nextSteps: string;
  coordination: string;
  attachmentNames: string[];
  reviewedBy: string | null;
  reviewedAt: string | null;
  returnReason: string | null;
  /** The progress report recorded on approval. */
  reportId: number | null;
}

/** What progress.submit answers: the report recorded, or — when the unit's reviewer must approve it first — its review. */
export interface SubmitResult {
  reportId: number | null;
  /** Set when the report waits for the unit's 审核人 (the office does not see it yet). */
  reviewId?: number;
}
