import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { _electron, test as base, type Browser, type Page } from '@playwright/test';
import { ELECTRON_MISSING_REASON, electronExecutable } from './electron-binary';

export interface RunningApp {
  page: Page;
  /** The fresh data folder this test's app uses. */
  dataDir: string;
  /** Browser mode only: the address printed at start, token included. */
  address: string | null;
  /** Every URL the page requested, for the offline assertions. */
  requests: string[];
}

const ADDRESS_LINE = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/u;

/**
 * `app` starts the app for one test with a fresh data folder: browser mode (the built server plus Chromium) in
 * the `browser` project, the real desktop app in the `electron` project. It waits for the app's own "started"
 * signal (the printed address, or the first window), never a fixed delay.
 */
export const test = base.extend<{ app: RunningApp }, { lazyBrowser: () => Promise<Browser> }>({
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

  app: async ({ lazyBrowser }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-e2e-'));
    try {
      if (testInfo.project.name === 'electron') {
        const executablePath = electronExecutable();
        testInfo.skip(executablePath === null, ELECTRON_MISSING_REASON);
        const electronApp = await _electron.launch({ executablePath: executablePath!, args: ['.', `--data-dir=${dataDir}`] });
        const page = await electronApp.firstWindow();
        const requests: string[] = [];
        page.on('request', (request) => requests.push(request.url()));
        await use({ page, dataDir, address: null, requests });
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
        await use({ page, dataDir, address, requests });
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

async function startBrowserMode(dataDir: string): Promise<{ server: ChildProcess; address: string }> {
  const server = spawn(process.execPath, ['out/main/serve.js', '--port', '0', '--data-dir', dataDir], {
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
