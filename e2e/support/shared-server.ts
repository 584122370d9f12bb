import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { builtOutput } from './built-output';
import { E2E_TODAY } from './fixtures';

/**
 * A shared server (`--shared --create-admin admin`) for one spec, on a fresh data folder and the suite's fixed date.
 * Waits for its printed address; hands back the admin's one-time password it printed.
 */
export interface SharedServer {
  url: string;
  dataDir: string;
  adminPassword: string;
  stop(): Promise<void>;
  /** `--verify-audit` on this data folder (the server must be stopped): exit code and what it printed. */
  verifyAudit(): { status: number | null; output: string };
}

const PASSWORD_LINE = /one-time password: (\S+)$/u;
const ADDRESS_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/$/u;

export async function startSharedServer(): Promise<SharedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-shared-e2e-'));
  const server: ChildProcess = spawn(
    process.execPath,
    [`${builtOutput()}/main/serve.js`, '--shared', '--port', '0', '--data-dir', dataDir, '--today', E2E_TODAY, '--create-admin', 'admin'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  server.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  let adminPassword = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`共享服务器 20 秒内未启动：\n${output.join('')}`)), 20_000);
    createInterface({ input: server.stdout! }).on('line', (line) => {
      output.push(line);
      const password = PASSWORD_LINE.exec(line.trim());
      if (password) adminPassword = password[1]!;
      if (ADDRESS_LINE.test(line.trim())) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    server.once('exit', (code) => reject(new Error(`共享服务器退出（${code}）：\n${output.join('')}`)));
  });
  let stopped = false;
  return {
    url,
    dataDir,
    adminPassword,
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    },
    verifyAudit() {
      const result = spawnSync(process.execPath, [`${builtOutput()}/main/serve.js`, '--verify-audit', '--data-dir', dataDir], { encoding: 'utf8' });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    },
  };
}

export function removeSharedData(server: SharedServer): void {
  rmSync(server.dataDir, { recursive: true, force: true });
}
