import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { advanceNotice, issueNotice, listNotices, noticeDetail } from './notices.service';

type NoticeChannel = 'notices.list' | 'notices.get' | 'notices.issue' | 'notices.sign' | 'notices.reply' | 'notices.review';

/** Glue only for 督办. */
export function noticeHandlers(db: Kysely<Database>, today: () => string, now: () => Date): HandlersOf<NoticeChannel> {
  return {
    'notices.list': (filter) => listNotices(db, filter, today()),
    'notices.get': ({ id }) => noticeDetail(db, id, today()),
    'notices.issue': (input, actor) => issueNotice(db, actor, input, today(), now()),
    'notices.sign': ({ id }, actor) => advanceNotice(db, actor, id, { kind: 'sign' }, now()),
    'notices.reply': ({ id, content }, actor) => advanceNotice(db, actor, id, { kind: 'reply', content }, now()),
    'notices.review': ({ id, accept, comment }, actor) => advanceNotice(db, actor, id, { kind: 'review', accept, comment }, now()),
  };
}
