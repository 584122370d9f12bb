import type { Kysely } from 'kysely';
import { readAccountState, writeAccountState, type AccountState } from '../accounts/account-carry';
import { appendCarriedAudit, readAuditLog, type AuditRow } from '../audit/audit-carry';
import type { Database } from '../db/database.types';

/**
 * What a restore carries from the database it replaces into the restored one: the accounts (with password hashes,
 * lockouts and log-in attempts; every session ends) and the 操作日志. The plan data — tasks, reports, rounds, notices,
 * settings — is the backup's. Read before the old database is closed, written in one transaction before the restored
 * file is accepted: if it cannot be written, the restore is undone.
 */
export interface CarriedState {
  accounts: AccountState;
  audit: AuditRow[];
}

export async function readCarriedState(db: Kysely<Database>): Promise<CarriedState> {
  return { accounts: await readAccountState(db), audit: await readAuditLog(db) };
}

export async function writeCarriedState(db: Kysely<Database>, state: CarriedState): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await writeAccountState(trx, state.accounts);
    await appendCarriedAudit(trx, state.audit);
  });
}
