import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import type { AttachmentStore } from './attachment-store';
import { readAttachment, submitReport } from './progress.service';

/** Glue only for progress reports and their 佐证材料. */
export function progressHandlers(db: Kysely<Database>, attachments: AttachmentStore, today: () => string): HandlersOf<'progress.submit' | 'attachments.read'> {
  return {
    // A report made in the app is dated by the app's calendar (which --today fixes for tests and demonstrations).
    'progress.submit': (input, actor) => submitReport(db, attachments, actor, input, { source: 'manual', reportDate: today() }),
    'attachments.read': ({ id }) => readAttachment(db, attachments, id),
  };
}
