import type { Kysely } from 'kysely';
import { actorLabel, ROLE_NAMES, type Actor, type Role } from '../api/access';
import type { AccountRow } from '../api/accounts.types';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';

/** Reading accounts and turning one into the actor its calls are made as. */

export const accountColumns = [
  'accounts.id',
  'accounts.login',
  'accounts.name',
  'accounts.role',
  'accounts.unit_id',
  'accounts.must_change_password',
  'accounts.locked_until',
  'accounts.disabled_at',
  'accounts.created_at',
  'units.name as unit_name',
] as const;

export interface StoredAccount {
  id: number;
  login: string;
  name: string;
  role: string;
  unit_id: number | null;
  must_change_password: number;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
  unit_name: string | null;
}

export function selectAccounts(db: Kysely<Database>) {
  return db.selectFrom('accounts').leftJoin('units', 'units.id', 'accounts.unit_id').select(accountColumns);
}

export function toAccountRow(account: StoredAccount, lastLoginAt: string | null, now: Date): AccountRow {
  return {
    id: account.id,
    login: account.login,
    name: account.name,
    role: account.role as Role,
    unitId: account.unit_id,
    unitName: account.unit_name,
    mustChangePassword: account.must_change_password === 1,
    lockedUntil: account.locked_until && account.locked_until > now.toISOString() ? account.locked_until : null,
    disabled: account.disabled_at !== null,
    createdAt: account.created_at,
    lastLoginAt,
  };
}

export async function getAccount(db: Kysely<Database>, id: number): Promise<StoredAccount> {
  const account = await selectAccounts(db).where('accounts.id', '=', id).executeTakeFirst();
  if (!account) throw new AppError('NOT_FOUND', '账号不存在（可能已被删除），请刷新账号列表。');
  return account;
}

/** What records show for an account's calls: 单位（姓名）; the admin and 领导 by their role. */
export function accountActor(account: StoredAccount): Actor {
  const role = account.role as Role;
  const unitName = account.unit_name ?? ROLE_NAMES[role];
  return {
    role,
    unitId: account.unit_id ?? 0,
    unitName,
    person: account.name,
    label: actorLabel(unitName, account.name),
    accountId: account.id,
    ...(account.must_change_password === 1 ? { mustChangePassword: true } : {}),
  };
}

/**
 * The unit an account is bound to, by role: the office's accounts act for the office's unit row; 单位填报人 and
 * 单位审核人 for the unit given (existing, not retired, not the office); the admin and 领导 for none.
 */
export async function unitForRole(db: Kysely<Database>, role: Role, unitId: number | null): Promise<number | null> {
  if (role === 'admin' || role === 'leader') return null;
  if (role === 'office') {
    const office = await db.selectFrom('units').select('id').where('kind', '=', 'office').orderBy('seq').executeTakeFirst();
    if (!office) throw new AppError('CONFLICT', '单位列表中没有领导小组办公室，无法创建办公室账号。');
    return office.id;
  }
  if (unitId === null) throw new AppError('INVALID_INPUT', `${ROLE_NAMES[role]}账号必须选择所属单位。`);
  const unit = await db.selectFrom('units').select(['id', 'name', 'kind', 'retired_at']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new AppError('INVALID_INPUT', '所选单位不存在（可能已被删除），请重新选择。');
  if (unit.kind === 'office') throw new AppError('INVALID_INPUT', `${ROLE_NAMES[role]}账号不能属于领导小组办公室；办公室人员请选择“办公室”角色。`);
  if (unit.retired_at) throw new AppError('INVALID_INPUT', `“${unit.name}”已撤销，不能再为它创建账号。`);
  return unit.id;
}
