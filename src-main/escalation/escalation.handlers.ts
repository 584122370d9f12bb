import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getEscalationRule, noticeEscalation, setEscalationRule } from './escalation.service';

/** Glue only for 督办 escalation. */
export function escalationHandlers(db: Kysely<Database>, today: () => string): HandlersOf<'escalation.getRule' | 'escalation.setRule' | 'escalation.forNotice'> {
  return {
    'escalation.getRule': () => getEscalationRule(db),
    'escalation.setRule': (input, actor) => setEscalationRule(db, actor, input),
    'escalation.forNotice': ({ noticeId }) => noticeEscalation(db, noticeId, today()),
  };
}
