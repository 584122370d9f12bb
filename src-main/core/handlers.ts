import type { Kysely } from 'kysely';
import type { AppInfo } from '../api/app.types';
import type { Handlers } from '../api/handler.types';
import { accountHandlers } from '../accounts/accounts.handlers';
import { auditHandlers } from '../audit/audit.handlers';
import { assessmentHandlers } from '../assessment/assessment.handlers';
import { backupHandlers, type DataSafety } from '../backup/backup.handlers';
import { circularHandlers } from '../circulars/circulars.handlers';
import { dashboardHandlers } from '../dashboard/dashboard.handlers';
import type { Database } from '../db/database.types';
import { templateHandlers } from '../exchange/templates.handlers';
import { escalationHandlers } from '../escalation/escalation.handlers';
import { exchangePackageHandlers } from '../exchange-packages/exchange-packages.handlers';
import { extensionHandlers } from '../extensions/extensions.handlers';
import { identityHandlers } from '../identity/identity.handlers';
import { indicatorHandlers } from '../indicators/indicators.handlers';
import { instructionHandlers } from '../instructions/instructions.handlers';
import { planImportHandlers } from '../plan-import/plan-import.handlers';
import { planHandlers } from '../plan/plan.handlers';
import { problemHandlers } from '../problems/problems.handlers';
import type { AttachmentStore } from '../progress/attachment-store';
import { progressHandlers } from '../progress/progress.handlers';
import { reviewHandlers } from '../progress/report-review.handlers';
import { projectHandlers } from '../projects/projects.handlers';
import { reminderHandlers } from '../reminders/reminders.handlers';
import { reportHandlers } from '../reports/reports.handlers';
import { roundHandlers } from '../rounds/rounds.handlers';
import { settingsHandlers } from '../settings/settings.handlers';
import { noticeHandlers } from '../notices/notices.handlers';
import { taskHandlers } from '../tasks/tasks.handlers';
import { todoHandlers } from '../todo/todo.handlers';
import { unitHandlers } from '../units/units.handlers';

export interface HandlerContext {
  db: Kysely<Database>;
  info: Omit<AppInfo, 'today'>;
  attachments: AttachmentStore;
  /** Today's date (YYYY-MM-DD) in the users' calendar, for 序时进度, warnings and file names (tests fix it). */
  today: () => string;
  /** The app's clock (fixed to a date by --today), for what records the moment it was made. */
  now: () => Date;
  safety: DataSafety;
}

/** The whole handler map, joined from each domain's glue; a channel without a handler is a compile error. */
export function createHandlers({ db, info, attachments, today, now, safety }: HandlerContext): Handlers {
  return {
    'app.info': () => ({ ...info, today: today() }),
    ...planHandlers(db),
    ...identityHandlers(db),
    ...settingsHandlers(db),
    ...unitHandlers(db),
    ...taskHandlers(db, today),
    ...progressHandlers(db, attachments, today, now),
    ...reviewHandlers(db, attachments, today, now),
    ...roundHandlers(db, today, now),
    ...noticeHandlers(db, attachments, today, now),
    ...problemHandlers(db),
    ...indicatorHandlers(db),
    ...projectHandlers(db),
    ...assessmentHandlers(db, today),
    ...dashboardHandlers(db, today),
    ...reportHandlers(db, today),
    ...templateHandlers(db, today, now),
    ...exchangePackageHandlers(db, attachments, today, now),
    ...planImportHandlers(db, today),
    ...backupHandlers(safety),
    ...accountHandlers(db, now),
    ...auditHandlers(db, now),
    ...todoHandlers(db, today),
    ...extensionHandlers(db, attachments, now),
    ...reminderHandlers(db, now),
    ...circularHandlers(db, today),
    ...instructionHandlers(db, attachments, today, now),
    ...escalationHandlers(db, today),
  };
}
