import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import type { AttachmentStore } from '../progress/attachment-store';
import { issueNotices } from './notice-batch';
import { readNoticeAttachment } from './notice-files';
import { replyToNotice } from './notice-reply';
import { advanceNotice, issueNotice, listNotices, noticeDetail } from './notices.service';

type NoticeChannel = 'notices.list' | 'notices.get' | 'notices.issue' | 'notices.issueMany' | 'notices.sign' | 'notices.reply' | 'notices.readAttachment' | 'notices.review';

/** Glue only for 督办. */
export function noticeHandlers(db: Kysely<Database>, files: AttachmentStore, today: () => string, now: () => Date): HandlersOf<NoticeChannel> {
  return {
    'notices.list': (filter) => listNotices(db, filter, today()),
    'notices.get': ({ id }) => noticeDetail(db, id, today()),
    'notices.issue': (input, actor) => issueNotice(db, actor, input, today(), now()),
    'notices.issueMany': (input, actor) => issueNotices(db, actor, input, today(), now()),
    'notices.sign': ({ id }, actor) => advanceNotice(db, actor, id, { kind: 'sign' }, now()),
    'notices.reply': (input, actor) => replyToNotice(db, files, actor, input, now()),
    'notices.readAttachment': ({ id }, actor) => readNoticeAttachment(db, files, actor, id),
    'notices.review': ({ id, accept, comment }, actor) => advanceNotice(db, actor, id, { kind: 'review', accept, comment }, now()),
  };
}
