import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, Database, LoginAttemptsTable, UnitsTable } from '../db/database.types';
import { slicesOf } from '../db/slices';

/**
 * Who may log in is not plan data: restoring a backup brings the plan back but must not bring back an account that
 * was disabled since, a password that was changed or reset since, or drop an account created since (a unit that got
 * its account yesterday would be locked out by a restore to last week). So a restore carries the accounts as they are
 * now — with their password hashes, lockouts and forced changes — and the log-in attempts that the per-address lockout
 * counts, into the restored database.
 *
 * Sessions are not carried: every session ends with the restore (the backup's own sessions may have been logged out
 * since, and the screens open on the old data should be reloaded), so everyone logs in again.
 */
export interface AccountState {
  accounts: Selectable<AccountsTable>[];
  loginAttempts: Selectable<LoginAttemptsTable>[];
  /** The units the accounts are bound to, for any the restored database no longer has (created after the backup). */
  units: Selectable<UnitsTable>[];
}

export async function readAccountState(db: Kysely<Database>): Promise<AccountState> {
  const accounts = await db.selectFrom('accounts').selectAll().orderBy('id').execute();
  const unitIds = [...new Set(accounts.flatMap((account) => (account.unit_id === null ? [] : [account.unit_id])))];
  const units = unitIds.length > 0 ? await db.selectFrom('units').selectAll().where('id', 'in', unitIds).execute() : [];
  const loginAttempts = await db.selectFrom('login_attempts').selectAll().orderBy('id').execute();
  return { accounts, loginAttempts, units };
}

/** Puts the carried state in place of the restored database's own (inside the restore's transaction). */
export async function writeAccountState(db: Kysely<Database>, state: AccountState): Promise<void> {
  await db.deleteFrom('sessions').execute();
  const present = new Set((await db.selectFrom('units').select('id').execute()).map((unit) => unit.id));
  const missingUnits = state.units.filter((unit) => !present.has(unit.id));
  if (missingUnits.length > 0) await db.insertInto('units').values(missingUnits).execute();

  // Replaced whole (only sessions refer to accounts, and they are gone): no clash with a login renamed since.
  await db.deleteFrom('accounts').execute();
  for (const accounts of slicesOf(state.accounts, 100)) await db.insertInto('accounts').values(accounts).execute();

  await db.deleteFrom('login_attempts').execute();
  for (const attempts of slicesOf(state.loginAttempts, 500)) await db.insertInto('login_attempts').values(attempts).execute();
}
