import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types';
import { GENESIS_HASH, rowHash, verifyChain, type ChainVerdict } from './audit-chain';

/** One event for the 操作日志, before it is chained. */
export interface AuditEvent {
  at: Date;
  accountId: number | null;
  who: string;
  role: string | null;
  unitId: number | null;
  unitName: string | null;
  address: string;
  channel: string;
  outcome: 'ok' | 'refused' | 'failed';
  targets: string;
  summary: string;
}

/**
 * Appends one row, chained to the last: read the last hash and insert in one write transaction, so two appends at
 * once never chain to the same row. Kysely hands the single connection to one transaction at a time.
 */
export async function appendAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const fields = {
      id: (last?.id ?? 0) + 1,
      at: event.at.toISOString(),
      account_id: event.accountId,
      who: event.who,
      role: event.role,
      unit_id: event.unitId,
      unit_name: event.unitName,
      address: event.address,
      channel: event.channel,
      outcome: event.outcome,
      targets: event.targets,
      summary: event.summary,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    await trx.insertInto('audit_log').values({ ...fields, prev_hash: prevHash, hash: rowHash(prevHash, fields) }).execute();
  });
}

/** Checks the whole chain (`--verify-audit`, and the 操作日志 page's 校验). */
export async function verifyAuditLog(db: Kysely<Database>): Promise<ChainVerdict> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  return verifyChain(rows);
}
