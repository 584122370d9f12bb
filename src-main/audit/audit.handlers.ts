import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { exportAudit, listAudit, verifyAudit } from './audit.service';

/** Glue only for 操作日志. */
export function auditHandlers(db: Kysely<Database>, now: () => Date): HandlersOf<'audit.list' | 'audit.export' | 'audit.verify'> {
  return {
    'audit.list': (filter) => listAudit(db, filter),
    'audit.export': (filter) => exportAudit(db, filter, now()),
    'audit.verify': () => verifyAudit(db),
  };
}
