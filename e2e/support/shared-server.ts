import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, type BrowserContext, type Page } from '@playwright/test';
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

/** `database`: a PostgreSQL address (`--database`) for the server's data instead of the SQLite file in the data folder. */
export async function startSharedServer(options: { database?: string } = {}): Promise<SharedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-shared-e2e-'));
  const database = options.database ? ['--database', options.database] : [];
  const server: ChildProcess = spawn(
    process.execPath,
    [`${builtOutput()}/main/serve.js`, '--shared', '--port', '0', '--data-dir', dataDir, ...database, '--today', E2E_TODAY, '--create-admin', 'admin'],
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
      const on = options.database ? ['--shared', ...database] : [];
      const result = spawnSync(process.execPath, [`${builtOutput()}/main/serve.js`, '--verify-audit', '--data-dir', dataDir, ...on], { encoding: 'utf8' });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    },
  };
}

export function removeSharedData(server: SharedServer): void {
  rmSync(server.dataDir, { recursive: true, force: true });
}

/**
 * Logs in through the 登录 page with a one-time password and changes it at once (the forced change), as a new
 * account's first visit goes; ends on the app with the account shown.
 */
export async function logInFirstTime(page: Page, server: SharedServer, login: string, oneTimePassword: string, newPassword: string): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByText('规划督办台 · 登录')).toBeVisible();
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill(oneTimePassword);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('修改初始密码')).toBeVisible();
  await page.getByLabel('当前密码').fill(oneTimePassword);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('再次输入新密码').fill(newPassword);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByTestId('account-who')).toBeVisible();
}

/** A call as this browser context (its session cookie), from the server's own origin, as the page makes them. */
export async function callAs<T>(context: BrowserContext, server: SharedServer, channel: string, input: unknown): Promise<T> {
  const response = await context.request.post(`${server.url}api/${channel}`, { data: input, headers: { origin: server.url.replace(/\/$/u, '') } });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}
