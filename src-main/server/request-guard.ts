import { timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '../api/errors';

/**
 * Decides whether an HTTP request may reach the app. Pure, so every rule is tested on its own.
 *
 * - Host must name this server (127.0.0.1:port or localhost:port): a DNS-rebinding page that points its own
 *   name at 127.0.0.1 sends its own Host and is refused.
 * - Origin, when the browser sends one, must be this server's: another site's page cannot call the API.
 * - API calls must carry the per-launch token, which only the address printed at start (or the desktop
 *   shell) knows.
 */
export interface GuardExpectation {
  port: number;
  /**
   * The per-launch token of the single-seat browser mode; null on the shared server, whose API is guarded by the
   * session cookie instead (the address stays the same across restarts, for bookmarks).
   */
  token: string | null;
  /** https under --tls-cert/--tls-key: the origin a browser sends then starts with https://. */
  scheme?: 'http' | 'https';
  /** Addresses besides 127.0.0.1/localhost the user chose to listen on (`--host`); never names. */
  extraHostNames?: readonly string[];
}

export interface RequestFacts {
  host: string | undefined;
  origin: string | undefined;
  token: string | undefined;
  isApiCall: boolean;
}

export type GuardVerdict = { allowed: true } | { allowed: false; status: 401 | 403; code: ErrorCode; message: string };

export function allowedHosts(port: number, extraHostNames: readonly string[] = []): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, ...extraHostNames.map((name) => `${name}:${port}`)];
}

export function checkRequest(facts: RequestFacts, expected: GuardExpectation): GuardVerdict {
  const hosts = allowedHosts(expected.port, expected.extraHostNames);
  if (!facts.host || !hosts.includes(facts.host.toLowerCase())) {
    return { allowed: false, status: 403, code: 'FORBIDDEN', message: '拒绝访问：请求的主机名不是本机的规划督办台。' };
  }
  const scheme = expected.scheme ?? 'http';
  if (facts.origin !== undefined && !hosts.map((host) => `${scheme}://${host}`).includes(facts.origin.toLowerCase())) {
    return { allowed: false, status: 403, code: 'FORBIDDEN', message: '拒绝访问：其他网页不能调用规划督办台。' };
  }
  if (facts.isApiCall && expected.token !== null && !tokenMatches(facts.token, expected.token)) {
    return {
      allowed: false,
      status: 401,
      code: 'UNAUTHORIZED',
      message: '访问口令无效或缺失。请使用启动时显示的完整地址（含 token）重新打开规划督办台。',
    };
  }
  return { allowed: true };
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
