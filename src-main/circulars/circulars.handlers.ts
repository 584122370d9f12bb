import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { draftRoundCircular, draftRoundCircularText, printNoticeForm } from './circulars.service';

/** Glue only for the 调度情况通报. */
export function circularHandlers(db: Kysely<Database>, today: () => string): HandlersOf<'circulars.roundDraft' | 'circulars.round' | 'circulars.notice'> {
  return {
    'circulars.roundDraft': (input) => draftRoundCircularText(db, input),
    'circulars.round': (input) => draftRoundCircular(db, input),
    'circulars.notice': ({ noticeId }) => printNoticeForm(db, noticeId, today()),
  };
}
