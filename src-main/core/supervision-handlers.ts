import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types';
import { listProblems, setProblemMajor, updateProblem } from '../problems/problems.service';
import { closeRound, listRounds, openRound, roundDetail } from '../rounds/rounds.service';
import { getWarningThresholds, requireActor } from '../settings/settings.service';
import { advanceNotice, issueNotice, listNotices, noticeDetail } from '../supervision/notices.service';
import type { Handlers } from './dispatcher';

type SupervisionChannel =
  | 'rounds.list'
  | 'rounds.get'
  | 'rounds.open'
  | 'rounds.close'
  | 'notices.list'
  | 'notices.get'
  | 'notices.issue'
  | 'notices.sign'
  | 'notices.reply'
  | 'notices.review'
  | 'problems.list'
  | 'problems.update'
  | 'problems.setMajor';

/** Glue only for 调度, 督办 and problems: resolve the actor and today, call one service. */
export function createSupervisionHandlers({ db, today }: { db: Kysely<Database>; today: () => string }): Pick<Handlers, SupervisionChannel> {
  const actor = () => requireActor(db);
  return {
    'rounds.list': (filter) => listRounds(db, filter, today()),
    'rounds.get': async ({ id }) => roundDetail(db, id, today(), await getWarningThresholds(db)),
    'rounds.open': async (input) => openRound(db, await actor(), input),
    'rounds.close': async ({ id }) => (await closeRound(db, await actor(), id, today(), await getWarningThresholds(db)), null),
    'notices.list': (filter) => listNotices(db, filter, today()),
    'notices.get': ({ id }) => noticeDetail(db, id, today()),
    'notices.issue': async (input) => issueNotice(db, await actor(), input, today()),
    'notices.sign': async ({ id }) => advanceNotice(db, await actor(), id, { kind: 'sign' }),
    'notices.reply': async ({ id, content }) => advanceNotice(db, await actor(), id, { kind: 'reply', content }),
    'notices.review': async ({ id, accept, comment }) => advanceNotice(db, await actor(), id, { kind: 'review', accept, comment }),
    'problems.list': (filter) => listProblems(db, filter),
    'problems.update': async (input) => (await updateProblem(db, await actor(), input), null),
    'problems.setMajor': async (input) => (await setProblemMajor(db, await actor(), input), null),
  };
}
