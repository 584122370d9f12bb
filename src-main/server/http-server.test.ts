import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext, type AppContext } from '../core/app-context';
import { rawRequest } from '../testing/http-client';
import { rendererFolder } from '../testing/shared-server-setup';
import { MAX_BODY_BYTES, startHttpServer, TOKEN_HEADER, type RunningServer } from './http-server';

let dir: string;
let context: AppContext;
let server: RunningServer;
const token = 'test-token-0123456789abcdef';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-http-'));
  const staticDir = rendererFolder(dir);
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  context = await openAppContext({ dataDir: join(dir, 'data'), mode: 'browser', version: 'test' });
  server = await startHttpServer({ dispatch: context.dispatch, staticDir, token, port: 0 });
});

afterAll(async () => {
  await server.close();
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${server.port}`;
const call = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest({
    port: server.port,
    path: `/api/${channel}`,
    method: 'POST',
    headers: { host: host(), 'content-type': 'application/json', [TOKEN_HEADER]: token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the HTTP door', () => {
  it('answers a call with the token from its own page', async () => {
    const response = await call('plan.list', {}, { origin: `http://${host()}` });
    expect(response.status).toBe(200);
    const result = JSON.parse(response.body);
    expect(result.ok).toBe(true);
    expect(result.value[0].title).toContain('区域融合发展');
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    for (const headers of [{ [TOKEN_HEADER]: '' }, { [TOKEN_HEADER]: 'guess' }]) {
      const response = await call('plan.list', {}, headers);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining('访问口令') } });
    }
  });

  it('refuses a call from another site, even with the token', async () => {
    const response = await call('plan.list', {}, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.message).toContain('其他网页');
  });

  it('refuses requests whose Host is not its own (DNS rebinding), for pages and calls alike', async () => {
    expect((await call('plan.list', {}, { host: `evil.example:${server.port}` })).status).toBe(403);
    const page = await rawRequest({ port: server.port, path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (external) {
      await expect(rawRequest({ port: server.port, path: '/', address: external.address })).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('passes bad payloads to the dispatcher, which answers in Chinese', async () => {
    const invalid = JSON.parse((await call('plan.tree', { planId: 'abc' })).body);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invalid.error.message).toContain('planId');
    const extra = JSON.parse((await call('plan.list', { sneaky: 1 })).body);
    expect(extra.error.code).toBe('INVALID_INPUT');
    const unknown = JSON.parse((await call('system.exec', {})).body);
    expect(unknown.error.code).toBe('UNKNOWN_CHANNEL');
    const notJson = await call('plan.list', '{not json');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toContain('JSON');
  });

  it('refuses oversized bodies without reading them into memory', async () => {
    const response = await call('plan.list', 'x'.repeat(MAX_BODY_BYTES + 1));
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('serves the renderer with a strict content security policy and never a file outside it', async () => {
    const page = await rawRequest({ port: server.port, path: '/', headers: { host: host() } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('规划督办台');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).not.toMatch(/https?:/);
    const asset = await rawRequest({ port: server.port, path: '/assets/app.js', headers: { host: host() } });
    expect(asset.headers['content-type']).toContain('javascript');
    const escape = await rawRequest({ port: server.port, path: '/%2e%2e%2f%2e%2e%2fdata%2fplan-desk.sqlite3', headers: { host: host() } });
    expect(escape.status).toBe(403);
    const missing = await rawRequest({ port: server.port, path: '/assets/none.js', headers: { host: host() } });
    expect(missing.status).toBe(404);
  });
});
