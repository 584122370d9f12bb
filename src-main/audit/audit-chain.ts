import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../db/database.types';

/**
 * The audit trail's chain: each row's hash covers its own fields and the previous row's hash, so changing a row,
 * inserting one or deleting one (anywhere but the very end) makes every later hash disagree. Pure, so the rule is
 * tested without a database.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a row's hash covers: every column of the audit log but the two hashes (one definition: the schema's). */
export type ChainedFields = Omit<Selectable<AuditLogTable>, 'prev_hash' | 'hash'>;

export function rowHash(prevHash: string, row: ChainedFields): string {
  // A JSON array: fields can hold any text, and no two different rows serialise alike.
  const fields = [prevHash, row.id, row.at, row.account_id, row.who, row.role, row.unit_id, row.unit_name, row.address, row.channel, row.outcome, row.targets, row.summary];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; id: number; reason: string };

/** Walks the rows in id order; the first row that does not hold, and why. */
export function verifyChain(rows: Iterable<ChainedFields & { prev_hash: string; hash: string }>): ChainVerdict {
  let previous = GENESIS_HASH;
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.prev_hash !== previous) {
      return { ok: false, rows: count, id: row.id, reason: `第 ${row.id} 条记录的“前一条哈希”与前一条记录不符：其前有记录被删除、插入或改动。` };
    }
    if (rowHash(previous, row) !== row.hash) {
      return { ok: false, rows: count, id: row.id, reason: `第 ${row.id} 条记录的内容与其哈希不符：该记录被改动过。` };
    }
    previous = row.hash;
  }
  return { ok: true, rows: count };
}
