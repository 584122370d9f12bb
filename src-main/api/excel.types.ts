import type { TaskStatus } from './tasks.types';

/** Shapes of the Excel channels: the reports of 报表, and the 填报模板 round trip with units off the network. */

export const REPORT_KINDS = [
  'taskBreakdown',
  'unitProgress',
  'provinceSummary',
  'lagging',
  'supervision',
  'majorProblems',
  'indicators',
  'assessment',
  'publicProgress',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Each report's title, as on the card, in the sheet and in the file name. */
export const REPORT_TITLES: Record<ReportKind, string> = {
  taskBreakdown: '任务分解表',
  unitProgress: '进展情况表',
  provinceSummary: '全省进展汇总表',
  lagging: '滞后及预警任务清单',
  supervision: '督办事项台账',
  majorProblems: '重大问题清单',
  indicators: '主要指标完成情况表',
  assessment: '考核结果表',
  publicProgress: '进展情况（公开版）',
};

/** A file produced for download: the renderer saves it under `fileName`. */
export interface ExportedFile {
  fileName: string;
  contentBase64: string;
}

export interface RoundOption {
  id: number;
  name: string;
  state: 'open' | 'closed';
  periodStart: string;
  periodEnd: string;
  dueDate: string;
}

/** What the 报表 page offers in its selectors, for one plan. */
export interface ReportOptions {
  rounds: RoundOption[];
  /** Years with a frozen assessment (考核结果表 reads only frozen results). */
  assessmentYears: number[];
  /** Years in which 督办 notices were issued. */
  noticeYears: number[];
}

/** One field of a template row that the import would change. */
export interface FieldChange {
  field: '完成状态' | '完成进度' | '进展情况' | '存在问题' | '下步打算' | '需协调事项';
  before: string;
  after: string;
}

export type PreviewRowAction =
  /** A new report will be recorded. */
  | 'report'
  /** Nothing to record: the row is as exported, or this file was imported already. */
  | 'unchanged'
  /** The office changed the task since export; recorded only if the user confirms. */
  | 'conflict'
  /** Cannot be recorded any more (task retired, reassigned, or no longer in the round); skipped. */
  | 'blocked';

export interface PreviewRow {
  taskId: number;
  code: string;
  text: string;
  /** Row number in the sheet, for the user to find it. */
  sheetRow: number;
  action: PreviewRowAction;
  /** Why unchanged / conflicting / blocked, in Chinese. */
  reason: string;
  changes: FieldChange[];
  status: TaskStatus;
  percent: number;
}

export interface TemplateImportPreview {
  fileName: string;
  sha256: string;
  unitId: number;
  unitName: string;
  roundId: number | null;
  roundName: string;
  exportedAt: string;
  /** 填报日期 as the unit wrote it (normalised to YYYY-MM-DD), when given. */
  filledOn: string | null;
  rows: PreviewRow[];
  counts: Record<PreviewRowAction, number>;
  /** Notes on what the reader had to work around (e.g. drawings removed from a file edited by another program). */
  notices: string[];
}

export interface TemplateImportResult {
  /** Reports recorded, one per task. */
  recorded: number;
  unchanged: number;
  /** Conflicting rows not confirmed, and blocked rows: left as they are. */
  skipped: number;
  reportIds: number[];
}
