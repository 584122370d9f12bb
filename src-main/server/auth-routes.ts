import { z } from 'zod';
import { failure, AppError, type ApiResult } from '../api/errors';
import type { Identity } from '../api/tasks.types';
import { logIn, logOut, type SessionDeps } from '../accounts/sessions';
import { identityOf } from '../identity/local-actor';
import { clearedSessionCookie, sessionCookie } from './session-cookie';

/**
 * 登录 and 退出登录 on the shared server: the two calls that set or clear the session cookie, so they live in the
 * HTTP door rather than in the contract. Everything else about accounts is an ordinary channel.
 */
export const AUTH_PREFIX = '/auth/';

const loginInput = z.strictObject({ login: z.string().trim().min(1, '请输入账号').max(40), password: z.string().min(1, '请输入密码').max(256) });

export interface AuthAnswer {
  body: ApiResult<Identity | null>;
  cookie?: string;
}

export async function handleAuth(
  route: string,
  payload: unknown,
  facts: { token: string | null; address: string; secure: boolean },
  sessions: () => SessionDeps,
): Promise<AuthAnswer> {
  try {
    if (route === 'login') {
      const parsed = loginInput.safeParse(payload);
      if (!parsed.success) return { body: failure('INVALID_INPUT', parsed.error.issues[0]?.message ?? '请输入账号和密码。') };
      const { token, actor } = await logIn(sessions(), parsed.data.login, parsed.data.password, facts.address);
      return { body: { ok: true, value: identityOf(actor) }, cookie: sessionCookie(token, facts.secure) };
    }
    if (route === 'logout') {
      if (facts.token) await logOut(sessions(), facts.token, facts.address);
      return { body: { ok: true, value: null }, cookie: clearedSessionCookie(facts.secure) };
    }
    return { body: failure('UNKNOWN_CHANNEL', '没有这个登录接口。') };
  } catch (error) {
    if (error instanceof AppError) return { body: { ok: false, error: error.toApiError() } };
    throw error;
  }
}
