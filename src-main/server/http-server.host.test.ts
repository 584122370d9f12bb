import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext, type AppContext } from '../core/app-context';
import { rawRequest } from '../testing/http-client';
import { rendererFolder } from '../testing/shared-server-setup';
import { startHttpServer, TOKEN_HEADER, type RunningServer } from './http-server';
import { planListen } from './listen-address';

// `--host 0.0.0.0`: reachable from the network because the user asked, and still nothing without the token.
const external = Object.values(networkInterfaces())
  .flat()
  .flatMap((address) => (address && address.family === 'IPv4' && !address.internal ? [address.address] : []));

let dir: string;
let context: AppContext;
let server: RunningServer;
const token = 'lan-token-0123456789abcdef';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-host-'));
  const staticDir = rendererFolder(dir);
  context = await openAppContext({ dataDir: join(dir, 'data'), mode: 'browser', version: 'test' });
  const listen = planListen('0.0.0.0', external);
  server = await startHttpServer({ dispatch: context.dispatch, staticDir, token, port: 0, host: listen.host, extraHostNames: listen.extraHostNames });
});

afterAll(async () => {
  await server.close();
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (address: string, headers: Record<string, string>) =>
  rawRequest({ port: server.port, address, path: '/api/plan.list', method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

describe('browser mode on --host 0.0.0.0', () => {
  it('answers on the loopback address as before', async () => {
    const response = await call('127.0.0.1', { host: `127.0.0.1:${server.port}`, [TOKEN_HEADER]: token });
    expect(JSON.parse(response.body)).toMatchObject({ ok: true });
  });

  it.skipIf(external.length === 0)('answers a colleague on the network who has the token', async () => {
    const address = external[0]!;
    const response = await call(address, { host: `${address}:${server.port}`, origin: `http://${address}:${server.port}`, [TOKEN_HEADER]: token });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true });
  });

  it.skipIf(external.length === 0)('refuses a colleague without the token, or with a wrong one', async () => {
    const address = external[0]!;
    for (const given of ['', 'guess']) {
      const response = await call(address, { host: `${address}:${server.port}`, [TOKEN_HEADER]: given });
      expect(response.status).toBe(401);
    }
    const page = await rawRequest({ port: server.port, address, path: '/', headers: { host: `${address}:${server.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(token);
  });

  it('still refuses host names (DNS rebinding) and other sites, even with the token', async () => {
    const address = external[0] ?? '127.0.0.1';
    const rebinding = await call(address, { host: `plandesk.evil.example:${server.port}`, [TOKEN_HEADER]: token });
    expect(rebinding.status).toBe(403);
    const otherSite = await call(address, { host: `${address}:${server.port}`, origin: 'http://evil.example', [TOKEN_HEADER]: token });
    expect(otherSite.status).toBe(403);
  });
});
