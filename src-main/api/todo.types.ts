/** 待办: what is the caller's to do, each item naming the exact record it opens. */

export type TodoKind =
  | 'roundReport' // 调度待报送
  | 'reminder' // 收到催办
  | 'noticeSign' // 督办单待签收
  | 'noticeReply' // 督办单待反馈
  | 'noticeReturned' // 督办反馈被退回
  | 'taskDue' // 任务临期或逾期
  | 'milestoneDue' // 阶段目标临期或逾期
  | 'extensionDecided' // 延期申请已审批
  | 'reportReview' // 本单位填报待审核 (单位审核人)
  | 'reportReturned' // 填报被审核人退回 (单位填报人)
  | 'noticeReview' // 督办反馈待审核
  | 'roundMissing' // 单位逾期未报
  | 'extensionPending' // 延期申请待审批
  | 'majorProblem' // 重大问题待处理
  | 'instructionOpen'; // 领导批示待跟进

export const TODO_KIND_LABELS: Record<TodoKind, string> = {
  roundReport: '调度待报送',
  reminder: '催办',
  noticeSign: '督办待签收',
  noticeReply: '督办待反馈',
  noticeReturned: '反馈被退回',
  taskDue: '任务临期/逾期',
  milestoneDue: '阶段目标临期/逾期',
  extensionDecided: '延期审批结果',
  reportReview: '填报待审核',
  reportReturned: '填报被退回',
  noticeReview: '督办反馈待审核',
  roundMissing: '逾期未报',
  extensionPending: '延期待审批',
  majorProblem: '重大问题待处理',
  instructionOpen: '领导批示待跟进',
};

/** The record an item opens: the screen and the row's id. */
export type TodoTarget =
  | { kind: 'round'; roundId: number; unitId?: number }
  | { kind: 'notice'; noticeId: number }
  | { kind: 'task'; taskId: number }
  | { kind: 'extension'; extensionId: number; taskId: number }
  | { kind: 'review'; reviewId: number; taskId: number }
  | { kind: 'problem'; problemId: number }
  | { kind: 'instruction'; instructionId: number };

export interface TodoItem {
  kind: TodoKind;
  title: string;
  detail: string;
  /** The date it falls due (a round's due date, a reply date, a deadline), when it has one. */
  due: string | null;
  overdue: boolean;
  target: TodoTarget;
}

export interface TodoList {
  items: TodoItem[];
  /** Per kind, for the menu's badges; `total` is the 待办 entry's. */
  counts: Partial<Record<TodoKind, number>>;
  total: number;
  /** The badge per area of the menu (调度, 督办, 我的任务), from the items' targets. */
  byArea: { rounds: number; supervision: number; tasks: number };
}
