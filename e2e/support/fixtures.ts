import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { _electron, test as base, type Browser, type Page } from '@playwright/test';
import { builtOutput } from './built-output';
import { ELECTRON_MISSING_REASON, electronExecutable } from './electron-binary';

export interface RunningApp {
  page: Page;
  /** The fresh data folder this test's app uses. */
  dataDir: string;
  /** Browser mode only: the address printed at start, token included. */
  address: string | null;
  /** Every URL the page requested, for the offline assertions. */
  requests: string[];
  /**
   * Calls an API channel the way the renderer does (IPC bridge or HTTP with the token), e.g. to set up data, as the
   * person last given to `actAs` (the office by default).
   */
  callApi<T = unknown>(channel: string, input: unknown): Promise<T>;
  /**
   * Acts as this person from now on: `callApi` sends it, and the page takes it at its next reload (each tab holds
   * its own identity; the app stores none).
   */
  actAs(profile: TestProfile | null): Promise<void>;
}

/** The profile a window or tab holds (see src-renderer/src/api/profile.ts). */
export interface TestProfile {
  role: 'office' | 'unit';
  unitId?: number | null;
  person: string;
}

export const OFFICE_PROFILE: TestProfile = { role: 'office', person: '测试员' };
/** Must match STORAGE_KEY in src-renderer/src/api/profile.ts. */
const PROFILE_STORAGE_KEY = 'plan-desk-profile';

/** Who the app starts as: the coordinating office (most tests), or nobody yet (first run). */
export type StartIdentity = 'office' | null;

/**
 * Runs on the fresh data folder before the app starts (e.g. to damage its database); none by default. An object,
 * because Playwright would take a bare function given to test.use() for a fixture.
 */
export type PrepareDataDir = { run(dataDir: string): Promise<void> } | null;

/**
 * The app's date in every end-to-end test (browser mode `--today`, the desktop app `--today=`): no spec depends on
 * the day the suite runs. Specs compute their dates from it, never from `new Date()`.
 */
export const E2E_TODAY = '2026-12-07';

/** E2E_TODAY moved by whole days, as YYYY-MM-DD. */
export function e2eDay(offsetDays: number): string {
  return new Date(Date.parse(`${E2E_TODAY}T00:00:00Z`) + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

const ADDRESS_LINE = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/u;

/**
 * `app` starts the app for one test with a fresh data folder: browser mode (the built server plus Chromium) in
 * the `browser` project, the real desktop app in the `electron` project. It waits for the app's own "started"
 * signal (the printed address, or the first window), never a fixed delay.
 */
export const test = base.extend<{ app: RunningApp; identity: StartIdentity; prepareDataDir: PrepareDataDir }, { lazyBrowser: () => Promise<Browser> }>({
  identity: ['office', { option: true }],
  prepareDataDir: [null, { option: true }],

  lazyBrowser: [
    async ({ playwright }, use, workerInfo) => {
      let browser = null as Browser | null;
      await use(async () => {
        browser ??= await playwright.chromium.launch(workerInfo.project.use.launchOptions);
        return browser;
      });
      await browser?.close();
    },
    { scope: 'worker' },
  ],

  app: async ({ lazyBrowser, identity, prepareDataDir }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-e2e-'));
    try {
      if (prepareDataDir) await prepareDataDir.run(dataDir);
      if (testInfo.project.name === 'electron') {
        const executablePath = electronExecutable();
        testInfo.skip(executablePath === null, ELECTRON_MISSING_REASON);
        const electronApp = await _electron.launch({ executablePath: executablePath!, args: ['.', `--data-dir=${dataDir}`, `--today=${E2E_TODAY}`] });
        const page = await electronApp.firstWindow();
        const requests: string[] = [];
        page.on('request', (request) => requests.push(request.url()));
        const people = actingAs(page);
        await prepareIdentity(page, identity, people.actAs);
        await use({ page, dataDir, address: null, requests, ...people });
        await electronApp.close();
        return;
      }

      const { server, address } = await startBrowserMode(dataDir);
      const browser = await lazyBrowser();
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      try {
        await page.goto(address);
        const people = actingAs(page);
        await prepareIdentity(page, identity, people.actAs);
        await use({ page, dataDir, address, requests, ...people });
      } finally {
        await context.close();
        await stopProcess(server);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';

/**
 * A second app beside the test's own, browser mode only: its own data folder, server and browser context (another
 * PC, as in the exchange of 下发包 and 上报包 between isolated PCs). Close it with `close()`.
 */
export async function startAnotherApp(browser: Browser, identity: StartIdentity): Promise<RunningApp & { close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-e2e-other-'));
  const { server, address } = await startBrowserMode(dataDir);
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(address);
  const people = actingAs(page);
  await prepareIdentity(page, identity, people.actAs);
  return {
    page,
    dataDir,
    address,
    requests,
    ...people,
    close: async () => {
      await context.close();
      await stopProcess(server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts browser mode on a data folder once and stops it again: a data folder as the app leaves it after a run. */
export async function runBrowserModeOnce(dataDir: string): Promise<void> {
  const { server } = await startBrowserMode(dataDir);
  await stopProcess(server);
}

async function startBrowserMode(dataDir: string): Promise<{ server: ChildProcess; address: string }> {
  const server = spawn(process.execPath, [`${builtOutput()}/main/serve.js`, '--port', '0', '--data-dir', dataDir, '--today', E2E_TODAY], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  server.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`浏览器模式 20 秒内未启动：\n${output.join('')}`)), 20_000);
    createInterface({ input: server.stdout! }).on('line', (line) => {
      output.push(line);
      if (ADDRESS_LINE.test(line.trim())) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`浏览器模式启动失败（退出码 ${code}）：\n${output.join('\n')}`));
    });
  });
  return { server, address };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** `callApi` and `actAs` for one page: the person API calls are made as, and the identity the page starts with. */
function actingAs(page: Page): Pick<RunningApp, 'callApi' | 'actAs'> {
  let profile: TestProfile | null = OFFICE_PROFILE;
  return {
    callApi: (channel, input) => callApi(page, channel, input, profile),
    actAs: async (next) => {
      profile = next;
      await page.evaluate(
        ({ key, value }) => {
          const storage = (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void; removeItem(k: string): void } }).localStorage;
          if (value === null) storage.removeItem(key);
          else storage.setItem(key, value);
        },
        { key: PROFILE_STORAGE_KEY, value: next === null ? null : JSON.stringify(next) },
      );
    },
  };
}

/** Runs one API call inside the page, through whichever door the app uses there, as `profile`. */
async function callApi<T>(page: Page, channel: string, input: unknown, profile: TestProfile | null): Promise<T> {
  const result = await page.evaluate(
    async ({ channel, input, profile }) => {
      // Runs in the page; the e2e project has no DOM typings, so the page's globals are described here.
      const page = globalThis as unknown as {
        planDesk?: Record<string, (input: unknown, profile: unknown) => Promise<unknown>>;
        sessionStorage: { getItem(key: string): string | null };
      };
      if (page.planDesk) return page.planDesk[channel]!(input, profile);
      const token = page.sessionStorage.getItem('plan-desk-token') ?? '';
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-plan-desk-token': token,
          ...(profile ? { 'x-plan-desk-profile': encodeURIComponent(JSON.stringify(profile)) } : {}),
        },
        body: JSON.stringify(input),
      });
      return response.json();
    },
    { channel, input, profile },
  );
  const typed = result as { ok: boolean; value?: T; error?: { message: string } };
  if (!typed.ok) throw new Error(`${channel}: ${typed.error?.message}`);
  return typed.value as T;
}

async function prepareIdentity(page: Page, identity: StartIdentity, actAs: RunningApp['actAs']): Promise<void> {
  // The app's frame, or the recovery screen when the database cannot be opened (see recovery.spec.ts).
  await page.getByRole('navigation', { name: '主导航' }).or(page.getByRole('heading', { name: /数据库无法打开/u })).waitFor();
  if (identity === null) return actAs(null);
  await actAs(OFFICE_PROFILE);
  await page.reload();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}
