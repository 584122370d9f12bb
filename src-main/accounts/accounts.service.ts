import type { Kysely } from 'kysely';
import type { Role } from '../api/access';
import type { AccountRow, IssuedPassword, LockedAddress } from '../api/accounts.types';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';
import { getAccount, selectAccounts, toAccountRow, unitForRole } from './account-rows';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password';
import { DEFAULT_POLICY, type SessionPolicy } from './session-policy';

/** 账号管理: what the 系统管理员 does to accounts, and one's own password change. */

export interface NewAccount {
  login: string;
  name: string;
  role: Role;
  unitId: number | null;
}

async function lastLogins(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('login_attempts').select(['login']).select((eb) => eb.fn.max('at').as('at')).where('ok', '=', 1).groupBy('login').execute();
  return new Map(rows.map((row) => [row.login, row.at]));
}

export async function listAccounts(db: Kysely<Database>, now: Date): Promise<AccountRow[]> {
  const [accounts, logins] = await Promise.all([selectAccounts(db).orderBy('accounts.role').orderBy('units.seq').orderBy('accounts.login').execute(), lastLogins(db)]);
  return accounts.map((account) => toAccountRow(account, logins.get(account.login.toLowerCase()) ?? null, now));
}

export async function createAccount(db: Kysely<Database>, now: Date, input: NewAccount, password = generatePassword()): Promise<IssuedPassword> {
  const unitId = await unitForRole(db, input.role, input.unitId);
  const existing = await db.selectFrom('accounts').select('id').where('login', '=', input.login).executeTakeFirst();
  if (existing) throw new AppError('CONFLICT', `账号“${input.login}”已存在，请换一个账号名。`);
  const stamp = now.toISOString();
  const { id } = await db
    .insertInto('accounts')
    .values({ login: input.login, name: input.name, role: input.role, unit_id: unitId, password_hash: await hashPassword(password), must_change_password: 1, created_at: stamp, updated_at: stamp })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { account: toAccountRow(await getAccount(db, id), null, now), initialPassword: password };
}

export async function updateAccount(db: Kysely<Database>, now: Date, actorAccountId: number | undefined, input: Omit<NewAccount, 'login'> & { id: number; disabled: boolean }): Promise<AccountRow> {
  const before = await getAccount(db, input.id);
  if (input.id === actorAccountId && (input.disabled || input.role !== 'admin')) {
    throw new AppError('CONFLICT', '不能停用自己的账号，也不能取消自己的系统管理员角色（否则可能无人能管理账号）。');
  }
  const unitId = await unitForRole(db, input.role, input.unitId);
  const stamp = now.toISOString();
  await db
    .updateTable('accounts')
    .set({ name: input.name, role: input.role, unit_id: unitId, disabled_at: input.disabled ? (before.disabled_at ?? stamp) : null, updated_at: stamp })
    .where('id', '=', input.id)
    .execute();
  // A changed role or unit, or a stopped account, takes effect now: its open sessions end.
  if (input.disabled || input.role !== before.role || unitId !== before.unit_id) await endSessions(db, now, input.id);
  return toAccountRow(await getAccount(db, input.id), null, now);
}

export async function resetPassword(db: Kysely<Database>, now: Date, id: number, password = generatePassword()): Promise<IssuedPassword> {
  await getAccount(db, id);
  await db.updateTable('accounts').set({ password_hash: await hashPassword(password), must_change_password: 1, updated_at: now.toISOString() }).where('id', '=', id).execute();
  await endSessions(db, now, id);
  return { account: toAccountRow(await getAccount(db, id), null, now), initialPassword: password };
}

export async function unlockAccount(db: Kysely<Database>, now: Date, id: number): Promise<AccountRow> {
  const account = await getAccount(db, id);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ locked_until: null, updated_at: now.toISOString() }).where('id', '=', id).execute();
    await trx.updateTable('login_attempts').set({ cleared: 1 }).where('login', '=', account.login.toLowerCase()).where('ok', '=', 0).execute();
  });
  return toAccountRow(await getAccount(db, id), null, now);
}

export async function lockedAddresses(db: Kysely<Database>, now: Date, policy: SessionPolicy = DEFAULT_POLICY): Promise<LockedAddress[]> {
  const since = new Date(now.getTime() - policy.lockMinutes * 60_000).toISOString();
  const rows = await db
    .selectFrom('login_attempts')
    .select(['address'])
    .select((eb) => [eb.fn.countAll<number>().as('failures'), eb.fn.max('at').as('last')])
    .where('ok', '=', 0)
    .where('cleared', '=', 0)
    .where('at', '>', since)
    .groupBy('address')
    .having((eb) => eb.fn.countAll(), '>=', policy.addressFailures)
    .execute();
  return rows.map((row) => ({ address: row.address, failures: Number(row.failures), until: new Date(Date.parse(row.last) + policy.lockMinutes * 60_000).toISOString() }));
}

export async function unlockAddress(db: Kysely<Database>, address: string): Promise<null> {
  await db.updateTable('login_attempts').set({ cleared: 1 }).where('address', '=', address).where('ok', '=', 0).execute();
  return null;
}

/** One's own password: the current one must be right; the new one must be good and different. Other sessions end. */
export async function changePassword(db: Kysely<Database>, now: Date, accountId: number, current: string, next: string, keepSessionHash: string | null): Promise<null> {
  const account = await db.selectFrom('accounts').select(['login', 'password_hash']).where('id', '=', accountId).executeTakeFirst();
  if (!account) throw new AppError('UNAUTHORIZED', '账号不存在，请重新登录。');
  if (!(await verifyPassword(current, account.password_hash))) throw new AppError('INVALID_INPUT', '当前密码不正确，密码未修改。');
  const problem = passwordProblem(next, account.login);
  if (problem) throw new AppError('INVALID_INPUT', `${problem}密码未修改。`);
  if (next === current) throw new AppError('INVALID_INPUT', '新密码不能与当前密码相同，密码未修改。');
  await db.updateTable('accounts').set({ password_hash: await hashPassword(next), must_change_password: 0, updated_at: now.toISOString() }).where('id', '=', accountId).execute();
  let others = db.updateTable('sessions').set({ ended_at: now.toISOString() }).where('account_id', '=', accountId).where('ended_at', 'is', null);
  if (keepSessionHash) others = others.where('token_hash', '!=', keepSessionHash);
  await others.execute();
  return null;
}

export async function endSessions(db: Kysely<Database>, now: Date, accountId: number): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now.toISOString() }).where('account_id', '=', accountId).where('ended_at', 'is', null).execute();
}

/**
 * `--create-admin NAME`: a 系统管理员 account named NAME with a one-time password; run again for the same name, it
 * issues a new one-time password (the way back in when the admin's password is lost, from the server's console).
 */
export async function createOrResetAdmin(db: Kysely<Database>, now: Date, login: string): Promise<IssuedPassword> {
  const existing = await db.selectFrom('accounts').select(['id', 'role']).where('login', '=', login).executeTakeFirst();
  if (!existing) return createAccount(db, now, { login, name: login, role: 'admin', unitId: null });
  if (existing.role !== 'admin') throw new AppError('CONFLICT', `账号“${login}”已存在且不是系统管理员，请换一个名字。`);
  await db.updateTable('accounts').set({ disabled_at: null, locked_until: null }).where('id', '=', existing.id).execute();
  return resetPassword(db, now, existing.id);
}
