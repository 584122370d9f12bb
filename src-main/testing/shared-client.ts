import type { ApiResult } from '../api/errors';
import { rawRequest } from './http-client';

/**
 * One browser on the shared server, for tests: keeps the session cookie it is given, sends calls as the page does
 * (Host and Origin of the server, JSON, optionally a request id), and never sends a token.
 */
export class SharedClient {
  cookie: string | null = null;

  constructor(
    private readonly port: number,
    private readonly address = '127.0.0.1',
  ) {}

  private async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiResult<unknown>> {
    const host = `127.0.0.1:${this.port}`;
    const response = await rawRequest({
      port: this.port,
      address: this.address,
      path,
      method: 'POST',
      headers: { host, origin: `http://${host}`, 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      body: JSON.stringify(body),
    });
    const setCookie = response.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (first) {
      const pair = first.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    return JSON.parse(response.body) as ApiResult<unknown>;
  }

  logIn(login: string, password: string) {
    return this.post('/auth/login', { login, password });
  }

  logOut() {
    return this.post('/auth/logout', {});
  }

  call(channel: string, input: unknown, headers: Record<string, string> = {}) {
    return this.post(`/api/${channel}`, input, headers);
  }

  /** The value of a call that must succeed; the error message otherwise, to read in the test's failure. */
  async value<T>(channel: string, input: unknown, headers: Record<string, string> = {}): Promise<T> {
    const result = await this.call(channel, input, headers);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }
}
