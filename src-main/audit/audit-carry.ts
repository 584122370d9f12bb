import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../api/errors';
import type { AuditLogTable, Database } from '../db/database.types';
import { slicesOf } from '../db/slices';

/**
 * The 操作日志 survives a restore: it records the restore itself and everything before it, and rolling it back would
 * erase exactly the trail a restore must leave. The restored database's log is the start of today's (the chain is
 * append-only, and every restore carries it forward), so the rows written since the backup are appended to it as they
 * are — ids, times and hashes unchanged — and the chain still verifies end to end.
 */
export type AuditRow = Selectable<AuditLogTable>;

export async function readAuditLog(db: Kysely<Database>): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('id').execute();
}

/**
 * Appends to the restored database's log the rows it lacks. Refuses (the restore is then undone) when its log is not
 * the start of today's: a backup from another installation, or one whose log was changed, would otherwise break the
 * chain or lose rows.
 */
export async function appendCarriedAudit(db: Kysely<Database>, current: readonly AuditRow[]): Promise<void> {
  const last = await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const lastId = last?.id ?? 0;
  const count = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const match = current.findIndex((row) => row.id === lastId);
  const prefix = last === undefined || (match + 1 === count && current[match]!.hash === last.hash);
  if (!prefix) {
    throw new AppError(
      'CONFLICT',
      '所选备份中的操作日志与当前的操作日志对不上（备份可能来自另一台服务器，或其中的日志被改动过）：恢复会丢失或打断操作日志，已取消恢复，数据没有改动。请选择本服务器上的其他备份。',
    );
  }
  for (const rows of slicesOf(current.slice(match + 1), 200)) await db.insertInto('audit_log').values(rows).execute();
}
