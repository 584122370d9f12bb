import type { ExportedFile } from '../api/reports.types';
import type { Actor } from '../tasks/task-rules';
import type { ExportReportInput, ReportContext } from './report.service';
import type { TemplateScope } from '../exchange/template.service';
import type { ListExportInput } from '../api/reports.contract';
import type { ListExportContext } from './list-export';

/** What the main thread asks the export worker for (export-runner.ts), and what it answers. Plain data only. */

export type ExportJob =
  | { kind: 'report'; input: ExportReportInput; context: ReportContext }
  | { kind: 'template'; actor: Actor; scope: TemplateScope; now: Date }
  | { kind: 'list'; input: ListExportInput; context: ListExportContext };

export type ExportReply =
  | { ok: true; file: ExportedFile }
  /** `appCode` for an AppError (its message is for the user); `code` for SQLite's own (SQLITE_BUSY…). */
  | { ok: false; error: { name: string; message: string; appCode?: string; code?: string } };
