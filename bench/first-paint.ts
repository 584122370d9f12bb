import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import type { StepOutcome } from './measure';

/**
 * 浏览器模式首屏: starts browser mode (`out-bench/main/serve.js`, built by the bundle step) on the bench's data folder —
 * the large database, so start-up pays what it pays there (opening, the integrity check, the start-up backup) — opens
 * the printed address in Chromium and reads the page's first-contentful-paint. The figure is the time from starting
 * the server to that paint, what a user who just launched it waits for. The server's own longest event-loop block over
 * its start-up and the backup is read by a small module loaded with --import, printed when it exits.
 */

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Loaded into the server with --import: its main thread's longest event-loop block, counted as bench/measure.ts counts
 * it (a late timer only as far as the process was busy meanwhile), written on exit (synchronously: exit handlers cannot
 * wait). Two figures: the serving one counts from the first HTTP request on (the page asking, and everything the start
 * did in the background meanwhile: integrity check, backup, lights); the start-up one is the loading and opening
 * before the server can answer at all — no page can be waiting then; its cost shows in the first-paint time itself.
 * Worker threads inherit --import but are not the event loop a page waits on: the probe stays out of them.
 */
const BLOCK_PROBE = `data:text/javascript,${encodeURIComponent(`
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { subscribe } from 'node:diagnostics_channel';
if (isMainThread) {
  let last = performance.now(), lastCpu = process.cpuUsage(), serving = 0, startUp = 0, answering = false;
  const sample = () => {
    const now = performance.now(), cpu = process.cpuUsage(lastCpu);
    const block = Math.min(now - last - 5, (cpu.user + cpu.system) / 1000);
    if (answering) serving = Math.max(serving, block); else startUp = Math.max(startUp, block);
    last = now; lastCpu = process.cpuUsage();
  };
  setInterval(sample, 5).unref();
  subscribe('http.server.request.start', () => { if (!answering) { sample(); answering = true; } });
  process.on('exit', () => { sample(); writeSync(2, 'BENCH_LONGEST_BLOCK ' + serving.toFixed(1) + ' ' + startUp.toFixed(1) + '\\n'); });
}
`)}`;

interface Run {
  /** Server start → its address printed. */
  readyMs: number;
  /** The page's own first-contentful-paint, from navigation start. */
  fcpMs: number;
  /** Server start → first contentful paint. */
  firstPaintMs: number;
  /** Server start → the app past its 正在检查数据 gate (first answers in). */
  appShownMs: number;
  /** Server start → the start-up backup written. */
  backupMs: number | null;
  /** The server's main thread, from the first request on. */
  serverLongestBlockMs: number;
  /** The server's main thread before its first request (loading the code, opening the database). */
  startUpBlockMs: number;
}

export async function measureFirstPaint(dataDir: string, outDir: string, runs: number): Promise<StepOutcome> {
  const serveJs = resolve(outDir, 'main', 'serve.js');
  if (!existsSync(serveJs)) throw new Error(`没有找到 ${serveJs}：首屏测量需要先构建（bench 的界面体积步骤会构建它）。`);
  // Loaded here, not at the top: every step's process loads this bundle, and Playwright's ~14 MB of source held in
  // the heap raised each step's peak memory by ~80 MB (bench/: the heap grows to a few times what it holds).
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const backupDir = join(dataDir, 'backups');
  const before = new Set(existsSync(backupDir) ? readdirSync(backupDir) : []);
  const done: Run[] = [];
  try {
    for (let run = 0; run < runs; run++) done.push(await oneRun(serveJs, dataDir, browser));
  } finally {
    await browser.close();
    // The start-up backups are the bench's litter, not data: the next run (and the next bench) starts as this one did.
    if (existsSync(backupDir)) for (const name of readdirSync(backupDir)) if (!before.has(name)) rmSync(join(backupDir, name), { force: true });
  }
  const worst = Math.max(...done.map((r) => r.serverLongestBlockMs));
  return { runsMs: done.map((r) => r.firstPaintMs), detail: { runs: done }, longestBlockMs: worst };
}

async function oneRun(serveJs: string, dataDir: string, browser: Browser): Promise<Run> {
  const t0 = performance.now();
  const server = spawn(process.execPath, ['--import', BLOCK_PROBE, serveJs, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let backupAt: number | null = null;
  const readBlocks = () => {
    const block = /BENCH_LONGEST_BLOCK ([\d.]+) ([\d.]+)/u.exec(output);
    if (block) [longestBlock, startUpBlock] = [Number(block[1]), Number(block[2])];
  };
  let longestBlock = Number.NaN;
  let startUpBlock = Number.NaN;
  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  const address = new Promise<string>((resolveAddress, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/u.exec(output);
      if (found) resolveAddress(found[0]);
      if (backupAt === null && output.includes('[backup] 已自动备份')) backupAt = performance.now() - t0;
      readBlocks();
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => reject(new Error(`浏览器模式未能启动（退出码 ${code}）：${output.slice(-400)}`)));
  });
  const url = await address;
  const readyMs = performance.now() - t0;
  const page = await browser.newPage();
  const navigationStart = performance.now() - t0;
  await page.goto(url);
  // Run in the page (written as text: this file is compiled for Node, without the DOM's types).
  const fcpMs = await page.evaluate<number>(`new Promise((done) => {
    const found = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    if (found() !== undefined) return done(found());
    new PerformanceObserver(() => { if (found() !== undefined) done(found()); }).observe({ type: 'paint', buffered: true });
  })`);
  // Polled from here: waitForFunction with a string evaluates it in the page, which the app's CSP (no 'unsafe-eval')
  // refuses at times; reading the text goes through Playwright's own script.
  const shownBy = performance.now() + 60_000;
  for (;;) {
    const text = (await page.locator('body').innerText()).trim();
    if (text.length > 0 && !text.includes('正在检查数据')) break;
    if (performance.now() > shownBy) throw new Error('一分钟内界面没有越过“正在检查数据”');
    await new Promise((r) => setTimeout(r, 20));
  }
  const appShownMs = performance.now() - t0;
  await page.close();
  // Stopping mid-backup would measure an interrupted backup: wait for it (it is logged), at most a minute.
  const waitUntil = performance.now() + 60_000;
  while (backupAt === null && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
  server.kill('SIGTERM');
  await exited;
  await new Promise((r) => setImmediate(r));
  readBlocks();
  process.stderr.write(`  first paint: ready ${readyMs.toFixed(0)} ms, FCP ${(navigationStart + fcpMs).toFixed(0)} ms, app ${appShownMs.toFixed(0)} ms, backup ${backupAt === null ? '—' : (backupAt as number).toFixed(0)} ms, server block ${longestBlock} ms (start-up ${startUpBlock} ms)\n`);
  return { readyMs, fcpMs, firstPaintMs: navigationStart + fcpMs, appShownMs, backupMs: backupAt, serverLongestBlockMs: longestBlock, startUpBlockMs: startUpBlock };
}
