import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from 'vite';
import { openAppContext } from '../core/app-context';
import { openAppDatabase } from '../db/connection';
import { crashImportPreview, findCrashDamage, importShape, type Acknowledged, type ImportShape } from './crash-workload';

/**
 * Crash safety through the app's real write path. A child process opens the database as the app does and
 * writes plan imports and progress reports (with attachment files) through the app's services; the parent kills
 * it with SIGKILL at a random moment, many times. After every kill the database is opened again, as the app
 * would be restarted, and must pass integrity_check, contain every write the child reported committed, and hold
 * no half-written import or report.
 *
 * Bounded: CRASH_ROUNDS rounds (40) or CRASH_BUDGET_MS (60 s), whichever ends first. CRASH_SEED repeats a run.
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 40);
const BUDGET_MS = Number(process.env.CRASH_BUDGET_MS ?? 60_000);
const MIN_ROUNDS = Math.min(ROUNDS, 10);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// Inside the project, so the bundle finds better-sqlite3, kysely and zod in node_modules.
const bundleDir = join(root, 'node_modules', '.cache', 'plan-desk-crash-writer');
const childScript = join(bundleDir, 'crash-writer.mjs');
let dataDir: string;
let shape: ImportShape;

/** mulberry32: a small seeded generator, so a failing run can be repeated with CRASH_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  // The child runs the app's TypeScript services; Vite bundles them (with the SQL migrations and the shipped plan
  // text it inlines) into one ES module, as electron-vite does for the app itself. Offline, ~1–2 s.
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: 'src-main/safety/crash-writer.child.ts',
      outDir: bundleDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { entryFileNames: 'crash-writer.mjs' } },
    },
  });
  dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-crash-'));
  // The data folder as the app leaves it at first start (shipped plan, default units).
  const context = await openAppContext({ dataDir, mode: 'browser', version: 'crash-test' });
  // What each import writes when whole: the preview the writers save, counted.
  shape = importShape(await crashImportPreview(context.database.db));
  await context.close();
}, 60_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Round {
  acknowledged: Acknowledged[];
  killedAfterMs: number;
  exit: string;
}

async function runRound(serial: number, killAfterMs: number): Promise<Round> {
  const child = spawn(process.execPath, [childScript, dataDir, String(serial)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: Acknowledged[] = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<string>((resolveExit) => child.once('exit', (code, signal) => resolveExit(signal ?? `code ${code}`)));
  await new Promise<void>((resolveReady, rejectReady) => {
    const timer = setTimeout(() => rejectReady(new Error('child did not start within 15 s')), 15_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'ready') {
        clearTimeout(timer);
        resolveReady();
        return;
      }
      const match = /^committed (\w+) (\d+)$/u.exec(line);
      if (match) acknowledged.push({ kind: match[1]!, id: Number(match[2]) });
    });
    void exited.then((how) => {
      clearTimeout(timer);
      rejectReady(new Error(`child exited before it was ready (${how}):\n${stderr.join('')}`));
    });
  });
  await new Promise((resolveWait) => setTimeout(resolveWait, killAfterMs));
  child.kill('SIGKILL');
  const exit = await exited;
  if (exit !== 'SIGKILL') throw new Error(`child ended by itself (${exit}):\n${stderr.join('')}`);
  return { acknowledged, killedAfterMs: killAfterMs, exit };
}

it(
  'survives SIGKILL at random moments: integrity, every acknowledged write, nothing half-written',
  async () => {
    const next = random(SEED);
    const started = Date.now();
    const acknowledged: Acknowledged[] = [];
    let rounds = 0;
    for (let round = 1; round <= ROUNDS && Date.now() - started < BUDGET_MS; round++) {
      // Mostly mid-stream (after some commits), sometimes almost at once (during the first transaction).
      const killAfterMs = next() < 0.2 ? Math.floor(next() * 30) : 30 + Math.floor(next() * 600);
      const result = await runRound(round * 100_000, killAfterMs);
      acknowledged.push(...result.acknowledged);
      rounds++;

      // Reopen as the app would after the crash (WAL recovery, quick_check, migrations), then check everything.
      const database = await openAppDatabase(dataDir);
      try {
        const damage = findCrashDamage(database.sqlite, join(dataDir, 'attachments'), acknowledged, shape);
        expect(damage, `seed ${SEED}, round ${round}, killed after ${killAfterMs} ms`).toEqual([]);
      } finally {
        await database.close();
      }
    }

    const byKind = (kind: string) => acknowledged.filter((ack) => ack.kind === kind).length;
    const orphanFiles = readdirSync(join(dataDir, 'attachments')).length - byKind('report');
    console.log(
      `[figures] crash test: ${rounds} rounds of SIGKILL in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}); ` +
        `acknowledged ${byKind('import')} imports and ${byKind('report')} reports, all present; ` +
        `database ${(statSync(join(dataDir, 'plan-desk.sqlite3')).size / 1024 / 1024).toFixed(1)} MB; ` +
        `attachment files without a committed report (harmless leftovers of killed writes): ≤ ${Math.max(0, orphanFiles)}`,
    );
    expect(rounds).toBeGreaterThanOrEqual(MIN_ROUNDS);
    expect(byKind('import')).toBeGreaterThan(0);
    expect(byKind('report')).toBeGreaterThan(0);

    // The next start (past the orphans' grace period) sets every leftover aside: attachments/ then holds exactly the
    // files the database refers to, and none is lost.
    const later = new Date(Date.now() + 2 * 60 * 60 * 1000);
    const context = await openAppContext({ dataDir, mode: 'browser', version: 'crash-test', now: () => later });
    const referenced = (context.database.sqlite.prepare('SELECT stored_name FROM attachments ORDER BY stored_name').all() as { stored_name: string }[]).map(
      (row) => row.stored_name,
    );
    await context.close();
    expect(readdirSync(join(dataDir, 'attachments')).sort()).toEqual(referenced);
  },
  BUDGET_MS + 60_000,
);
