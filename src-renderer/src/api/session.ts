import type { ApiResult } from '../../../src-main/api/errors';
import type { Identity } from '../../../src-main/api/tasks.types';

/**
 * 登录 and 退出登录 on the shared server: plain requests to the server's /auth/ routes, which set or clear the session
 * cookie (HttpOnly: this page never sees it). Everything else goes through the API client.
 */
async function post(path: string, body: unknown): Promise<ApiResult<Identity | null>> {
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
    return (await response.json()) as ApiResult<Identity | null>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '无法连接规划督办台服务器，请检查网络后重试。' } };
  }
}

export const logIn = (login: string, password: string) => post('/auth/login', { login, password });
export const logOut = () => post('/auth/logout', {});
