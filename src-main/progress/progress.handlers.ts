import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import type { AttachmentStore } from './attachment-store';
import { readAttachment } from './progress.service';
import { submitOrHoldReport } from './report-review.service';

/** Glue only for progress reports and their 佐证材料. */
export function progressHandlers(db: Kysely<Database>, attachments: AttachmentStore, today: () => string, now: () => Date): HandlersOf<'progress.submit' | 'attachments.read'> {
  return {
    // A report made in the app is dated by the app's calendar (which --today fixes for tests and demonstrations); a
    // 单位填报人's report waits for the unit's 审核人 when it has one (report-review.service.ts).
    'progress.submit': (input, actor) => submitOrHoldReport(db, attachments, actor, input, today(), now()),
    'attachments.read': ({ id }) => readAttachment(db, attachments, id),
  };
}
