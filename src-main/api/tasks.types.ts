import type { Role } from './access';
/** Shapes of the task channels. Domain words: 牵头单位 lead unit, 配合单位 cooperating unit, 完成时限 deadline. */

export const TASK_STATUSES = ['已完成', '超序时进度', '序时推进', '滞后', '未启动', '暂缓'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** 预警: green on 序时, yellow behind or due soon, red far behind/overdue/not started; grey for 暂缓. */
export const WARNING_LIGHTS = ['green', 'yellow', 'red', 'grey'] as const;
export type WarningLight = (typeof WARNING_LIGHTS)[number];
/** A task's light: one of the warning lights, or none while it has no lead unit (未分配: nobody is behind yet). */
export const TASK_LIGHTS = [...WARNING_LIGHTS, 'none'] as const;
export type TaskLight = (typeof TASK_LIGHTS)[number];

export const REGIONS = ['京津冀', '长三角', '大湾区', '毗邻区', '保障措施'] as const;

export interface WarningThresholds {
  /** Points behind 序时进度 from which a task is yellow. */
  yellowLag: number;
  /** Points behind from which (exclusive) a task is red. */
  redLag: number;
  /** A deadline this many days away or fewer turns a task yellow. */
  dueSoonDays: number;
  /** Still 未启动 this many months after its start: red. */
  notStartedMonths: number;
}

export interface TaskAssessment {
  /** 序时进度: the share of the task's period already elapsed, 0–100. */
  scheduleProgress: number;
  /** Points the reported percent is behind 序时进度 (0 when ahead). */
  lag: number;
  light: TaskLight;
  /** Why the light is what it is, in Chinese, for tooltips and reports. */
  reasons: string[];
}

export interface UnitRef {
  id: number;
  name: string;
  retired: boolean;
}

export interface TaskRow extends TaskAssessment {
  id: number;
  planId: number;
  code: string;
  text: string;
  chapterTitle: string;
  sectionTitle: string;
  measureTitle: string;
  region: string | null;
  leadUnit: UnitRef | null;
  cooperators: UnitRef[];
  startDate: string;
  deadline: string;
  /** Whether the deadline was set for this task (otherwise it is the plan's end). */
  deadlineSet: boolean;
  status: TaskStatus;
  percent: number;
  lastReportAt: string | null;
  milestoneCount: number;
  milestonesDone: number;
  retired: boolean;
}

export interface TaskListResult {
  rows: TaskRow[];
  total: number;
  /** Counts over the whole filtered set, for the summary cards. */
  byStatus: Record<TaskStatus, number>;
  byLight: Record<TaskLight, number>;
}

export interface Milestone {
  id: number;
  year: number;
  title: string;
  dueDate: string;
  doneAt: string | null;
  doneBy: string | null;
}

export interface TaskTarget {
  id: number;
  description: string;
  value: number;
  unitOfMeasure: string;
  year: number;
}

export interface AttachmentInfo {
  id: number;
  originalName: string;
  size: number;
}

/** What a unit reports on a task: the same six fields in the app's form, the Excel template and the history. */
export interface ReportContent {
  status: TaskStatus;
  percent: number;
  /** 本期进展情况 */
  progress: string;
  /** 存在问题 */
  problems: string;
  /** 下步打算 */
  nextSteps: string;
  /** 需协调事项 */
  coordination: string;
}

export interface ProgressReport extends ReportContent {
  id: number;
  unitName: string;
  reporter: string;
  source: 'manual' | 'import';
  sourceRef: string | null;
  createdAt: string;
  attachments: AttachmentInfo[];
}

export interface TaskEvent {
  id: number;
  kind: string;
  summary: string;
  actor: string;
  createdAt: string;
}

export interface TaskDetail extends TaskRow {
  version: number;
  standard: string;
  note: string;
  measureId: number;
  measureCode: string;
  milestones: Milestone[];
  targets: TaskTarget[];
  reports: ProgressReport[];
  events: TaskEvent[];
  /** Codes of the tasks this one was split or merged from, and of those made from it. */
  lineage: { from: string[]; into: string[] };
}

/** Who is using this copy of the app: the coordinating office, or one named unit. */
export interface Identity {
  /** null until chosen at first run (or, on the shared server, before log-in). */
  role: Role | null;
  unitId: number | null;
  unitName: string | null;
  /** 经办人: the person's name, recorded with every change. */
  person: string;
  /** The shared server: the account logged in, and whether it must change its password before anything else. */
  account?: { id: number; mustChangePassword: boolean };
}
