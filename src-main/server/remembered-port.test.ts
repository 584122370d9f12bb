import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REMEMBERED_PORT_FILE, startOnRememberedPort } from './remembered-port';

const opened: Server[] = [];
const dirs: string[] = [];

function listen(port: number): Promise<{ port: number; server: Server }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      opened.push(server);
      resolve({ port: (server.address() as { port: number }).port, server });
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-desk-port-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((server) => (server.listening ? close(server) : Promise.resolve())));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the loopback browser mode keeps its address across starts', () => {
  it('starts on the same port the second time, so the browser finds the person chosen at first run', async () => {
    const dir = dataDir();
    const first = await startOnRememberedPort(dir, listen);
    await close(first.server);
    const second = await startOnRememberedPort(dir, listen);
    expect(second.port).toBe(first.port);
    expect(readFileSync(join(dir, REMEMBERED_PORT_FILE), 'utf8').trim()).toBe(String(first.port));
  });

  it('falls back to a free port when another program holds the remembered one, and remembers the new one', async () => {
    const dir = dataDir();
    const first = await startOnRememberedPort(dir, listen);
    // The first server keeps the port: the second start must not fail.
    const second = await startOnRememberedPort(dir, listen);
    expect(second.port).not.toBe(first.port);
    expect(readFileSync(join(dir, REMEMBERED_PORT_FILE), 'utf8').trim()).toBe(String(second.port));
  });

  it('ignores a damaged or privileged remembered port', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, REMEMBERED_PORT_FILE), '80\n');
    const started = await startOnRememberedPort(dir, listen);
    expect(started.port).toBeGreaterThanOrEqual(1024);
    writeFileSync(join(dir, REMEMBERED_PORT_FILE), 'abc');
    await expect(startOnRememberedPort(dir, listen)).resolves.toMatchObject({ port: expect.any(Number) });
  });
});
