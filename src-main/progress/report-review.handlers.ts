import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import type { AttachmentStore } from './attachment-store';
import { approveReview, listReviews, returnReview } from './report-review.service';

/** Glue only for 单位审核 (reviews of a unit's reports before the office sees them). */
export function reviewHandlers(db: Kysely<Database>, attachments: AttachmentStore, today: () => string, now: () => Date): HandlersOf<'reviews.list' | 'reviews.approve' | 'reviews.return'> {
  return {
    'reviews.list': ({ state }, actor) => listReviews(db, actor, state),
    'reviews.approve': ({ id }, actor) => approveReview(db, attachments, actor, id, today(), now()),
    'reviews.return': ({ id, reason }, actor) => returnReview(db, actor, id, reason, now()),
  };
}
