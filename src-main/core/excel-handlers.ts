import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types';
import { applyTemplateImport, exportTemplate, previewTemplateImport } from '../exchange/template.service';
import { exportReport, reportOptions } from '../reports/report.service';
import { getWarningThresholds, requireActor } from '../settings/settings.service';
import type { Handlers } from './dispatcher';

export interface ExcelHandlerContext {
  db: Kysely<Database>;
  /** Today's date (YYYY-MM-DD) for 序时进度, warnings and file names. */
  today: () => string;
}

type ExcelChannel = 'reports.options' | 'reports.export' | 'templates.export' | 'templates.preview' | 'templates.apply';

/** Glue only: 报表 and the 填报模板 round trip. */
export function createExcelHandlers({ db, today }: ExcelHandlerContext): Pick<Handlers, ExcelChannel> {
  return {
    'reports.options': ({ planId }) => reportOptions(db, planId),
    'reports.export': async (input) => exportReport(db, input, { today: today(), thresholds: await getWarningThresholds(db) }),
    'templates.export': async (input) => exportTemplate(db, await requireActor(db), input),
    'templates.preview': async (input) => previewTemplateImport(db, await requireActor(db), input),
    'templates.apply': async (input) => applyTemplateImport(db, await requireActor(db), input),
  };
}
