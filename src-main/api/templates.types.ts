import type { TaskStatus } from './tasks.types';

/** Shapes of the channels for templates (填报模板). */

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
