import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { rawRequest } from '../testing/http-client';
import { startHttpServer, TOKEN_HEADER, type RunningServer } from './http-server';

let dir: string;
let server: RunningServer;
const token = 'test-token-0123456789abcdef';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-http-name-'));
  server = await startHttpServer({ dispatch: async () => ({ ok: true, value: null }), staticDir: dir, token, port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a malformed %-escape in the channel name is a 400 with a Chinese message, and nothing in the error log', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const response = await rawRequest({
      port: server.port,
      path: '/api/plan.%E0%A4%A',
      method: 'POST',
      headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '接口名称的编码不正确（无效的 % 转义），操作未执行。' } });
    expect(logged).not.toHaveBeenCalled();
  } finally {
    logged.mockRestore();
  }
});
