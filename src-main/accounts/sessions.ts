import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ROLE_NAMES, type Actor, type Role } from '../api/access';
import { AppError } from '../api/errors';
import { appendAudit } from '../audit/audit-log';
import { inCallTransaction } from '../db/call-transaction';
import type { Database } from '../db/database.types';
import { accountActor, selectAccounts } from './account-rows';
import { DUMMY_HASH, verifyPassword } from './password';
import type { SessionPolicy } from './session-policy';

/**
 * Log-in, the session behind the cookie, and log-out. The cookie holds a random token; the database keeps its sha256
 * only. Every attempt is recorded (login_attempts, and the 操作日志), good or bad; a password is never logged.
 */

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionDeps {
  db: Kysely<Database>;
  now: () => Date;
  policy: SessionPolicy;
}

export interface LoggedIn {
  token: string;
  actor: Actor;
}

const WRONG = '账号或密码不正确。';

export async function logIn(deps: SessionDeps, login: string, password: string, address: string): Promise<LoggedIn> {
  const { db, policy } = deps;
  const now = deps.now();
  const stamp = now.toISOString();
  const key = login.trim().toLowerCase();
  const record = async (ok: boolean, outcome: 'ok' | 'failed' | 'refused', summary: string, actor: Actor | null) => {
    if (outcome !== 'refused') await db.insertInto('login_attempts').values({ login: key, address, ok: ok ? 1 : 0, at: stamp }).execute();
    await appendAudit(db, {
      at: now,
      accountId: actor?.accountId ?? null,
      who: actor?.label ?? `（账号：${login.slice(0, 40)}）`,
      role: actor?.role ?? null,
      unitId: actor && actor.unitId > 0 ? actor.unitId : null,
      unitName: actor?.unitName ?? null,
      address,
      channel: 'auth.login',
      outcome,
      targets: actor?.accountId ? `accountId=${actor.accountId}` : '',
      summary,
    });
  };

  const since = new Date(now.getTime() - policy.lockMinutes * 60_000).toISOString();
  const fromAddress = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('address', '=', address)
    .where('ok', '=', 0)
    .where('cleared', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(fromAddress.n) >= policy.addressFailures) {
    await record(false, 'refused', '登录被拒绝：此地址失败次数过多', null);
    throw new AppError('FORBIDDEN', `此电脑（${address}）登录失败次数过多，已暂停登录 ${policy.lockMinutes} 分钟。如需立即解除，请联系系统管理员。`);
  }

  const account = await selectAccounts(db).select('accounts.password_hash').where('accounts.login', '=', key).executeTakeFirst();
  if (account?.locked_until && account.locked_until > stamp) {
    await record(false, 'refused', '登录被拒绝：账号已锁定', accountActor(account));
    const minutes = Math.ceil((Date.parse(account.locked_until) - now.getTime()) / 60_000);
    throw new AppError('FORBIDDEN', `账号因连续输错密码已锁定，请 ${minutes} 分钟后再试，或请系统管理员解锁。`);
  }
  // An unknown name costs the same time as a wrong password, so the answer does not tell which names exist.
  const matches = await verifyPassword(password, account?.password_hash ?? DUMMY_HASH);
  if (!account || !matches) {
    await record(false, 'failed', '登录失败：账号或密码不正确', account ? accountActor(account) : null);
    if (!account) throw new AppError('UNAUTHORIZED', WRONG);
    // Consecutive failures since the last good log-in, the last lock, or the admin's unlock.
    const after = [account.locked_until ?? '', (await lastGoodLogIn(db, key)) ?? ''].sort().at(-1)!;
    const failures = await db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('login', '=', key)
      .where('ok', '=', 0)
      .where('cleared', '=', 0)
      .where('at', '>', after)
      .executeTakeFirstOrThrow();
    const left = policy.accountFailures - Number(failures.n);
    if (left <= 0) {
      const until = new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString();
      await db.updateTable('accounts').set({ locked_until: until }).where('id', '=', account.id).execute();
      throw new AppError('UNAUTHORIZED', `${WRONG}已连续输错 ${policy.accountFailures} 次，账号锁定 ${policy.lockMinutes} 分钟（系统管理员可提前解锁）。`);
    }
    throw new AppError('UNAUTHORIZED', `${WRONG}再输错 ${left} 次将锁定账号。`);
  }
  if (account.disabled_at) {
    await record(false, 'refused', '登录被拒绝：账号已停用', accountActor(account));
    throw new AppError('FORBIDDEN', '该账号已停用，请联系系统管理员。');
  }
  const actor = accountActor(account);
  const token = randomBytes(32).toString('base64url');
  // The good log-in's four writes (lock cleared, session, attempt, 操作日志 row) commit together: one fsync, not four,
  // while a room of officers arrives at once. A failed attempt's record above stays a commit of its own — the throw
  // after it must not take it back.
  await inCallTransaction(async () => {
    await db.updateTable('accounts').set({ locked_until: null }).where('id', '=', account.id).execute();
    await db.insertInto('sessions').values({ token_hash: tokenHash(token), account_id: account.id, address, created_at: stamp, last_seen_at: stamp }).execute();
    await record(true, 'ok', `登录成功（${ROLE_NAMES[account.role as Role]}）${actor.mustChangePassword ? '，须修改初始密码' : ''}`, actor);
  });
  return { token, actor };
}

async function lastGoodLogIn(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('login_attempts').select((eb) => eb.fn.max('at').as('at')).where('login', '=', key).where('ok', '=', 1).executeTakeFirst();
  return row?.at ?? null;
}

/**
 * The account behind a session cookie, or null when there is none or it has ended (logged out, idle or absolute
 * timeout, password changed elsewhere, account stopped). Touches the session at most once a minute.
 */
export async function resolveSession(deps: SessionDeps, token: string): Promise<Actor | null> {
  const { db, policy } = deps;
  const now = deps.now();
  const hash = tokenHash(token);
  // The session and its account in one read, every call: a session always has its account (NOT NULL, ON DELETE CASCADE).
  const account = await selectAccounts(db)
    .innerJoin('sessions', 'sessions.account_id', 'accounts.id')
    .select(['sessions.created_at as session_created_at', 'sessions.last_seen_at as session_last_seen_at'])
    .where('sessions.token_hash', '=', hash)
    .where('sessions.ended_at', 'is', null)
    .executeTakeFirst();
  if (!account) return null;
  const sinceSeen = now.getTime() - Date.parse(account.session_last_seen_at);
  const idle = sinceSeen > policy.idleMinutes * 60_000;
  const expired = now.getTime() - Date.parse(account.session_created_at) > policy.absoluteHours * 3_600_000;
  if (account.disabled_at || idle || expired) {
    await db.updateTable('sessions').set({ ended_at: now.toISOString() }).where('token_hash', '=', hash).execute();
    return null;
  }
  if (sinceSeen > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', hash).execute();
  }
  return { ...accountActor(account), session: hash };
}

/** 退出登录: the session ends here, whatever the browser keeps. */
export async function logOut(deps: SessionDeps, token: string, address: string): Promise<void> {
  const actor = await resolveSession(deps, token);
  await deps.db.updateTable('sessions').set({ ended_at: deps.now().toISOString() }).where('token_hash', '=', tokenHash(token)).execute();
  if (!actor) return;
  await appendAudit(deps.db, {
    at: deps.now(),
    accountId: actor.accountId ?? null,
    who: actor.label,
    role: actor.role,
    unitId: actor.unitId > 0 ? actor.unitId : null,
    unitName: actor.unitName,
    address,
    channel: 'auth.logout',
    outcome: 'ok',
    targets: `accountId=${actor.accountId}`,
    summary: '退出登录',
  });
}

