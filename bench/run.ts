import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest, type Manifest } from './bench-db';
import { measureRendererBundle, type BundleResult } from './bundle-size';
import { generate } from './generate';
import { printGrowth, recordScale } from './growth';
import { maxRssMb, median, runsBlock, startBlockMonitor, startMemorySampler, type StepOutcome, type StepResult } from './measure';
import { printTable, summarize } from './report';
// The steps' own modules (app-steps and floor-steps with exceljs and docx, postgres-bench with pg, first-paint,
// server-load) are imported where they are used, so that each step's process loads only what it runs: the generation's
// process held ~13 MB more of library code, and V8 lets its heap grow to about four times what is live before a full
// collection, so those libraries were ~50 MB of its peak RSS.
import type { ServerLoadResult } from './server-load';

/**
 * `npm run bench`: builds a province-scale database through the app's services, then measures each step in its own
 * process (so that its peak memory is its own) next to the bare floor on the same data, prints the table and writes
 * bench/results/latest.json.
 *
 * BENCH_SCALE (default 1, at most 4) scales tasks and reports; BENCH_DATA=dir keeps the data there (reused when it
 * already holds a generated database of the same scale); BENCH_KEEP=1 keeps the temporary data; BENCH_SKIP_BUNDLE=1
 * skips the renderer build. BENCH_STEPS=import,export-template runs only the named steps (with import-prepare before
 * import) on the data, generated first if needed, and writes bench/results/latest-steps.json instead of latest.json.
 * Each run keeps its interactive medians per scale; after runs at scale 1 and 4 the growth table (growth.ts) follows.
 *
 * The shared server's load step (server-load.ts) runs last, on a folder of its own; alone with
 * `npm run bench -- --server-load` (no generated data needed; writes bench/results/server-load.json). Its size:
 * BENCH_SERVER_OFFICERS, BENCH_SERVER_SECONDS, BENCH_SERVER_THINK_MS.
 *
 * `npm run bench -- --engine postgres` measures the same steps on PostgreSQL instead (postgres-bench.ts): the generated
 * data imported into a throwaway cluster, floors as raw `pg` queries, the load step on one and then two app servers.
 */

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
/** The bench's own build folder (renderer bundle and browser mode's server). */
const BENCH_OUT = 'out-bench';

const localToday = (now = new Date()) =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;

async function child(id: string, dataDir: string, scale: number, today: string): Promise<void> {
  const [name, side] = id.split(':') as [string, 'app' | 'floor'];
  const sampler = startMemorySampler();
  const blocks = startBlockMonitor();
  const cpu = process.cpuUsage();
  let outcome: StepOutcome;
  if (name === 'generate' && side === 'app') {
    const manifest = await generate(dataDir, scale, today, { log: (m) => process.stderr.write(`${m}\n`) });
    outcome = { runsMs: [manifest.generation.ms], detail: { rows: manifest.rows, rowCounts: manifest.rowCounts, phases: manifest.generation.phases } };
  } else if (name === 'first-paint' && side === 'app') {
    const { measureFirstPaint } = await import('./first-paint');
    outcome = await measureFirstPaint(dataDir, resolve(repoRoot, BENCH_OUT), 2);
  } else {
    const { stepsOnPostgres } = await import('./postgres-bench');
    const step = (stepsOnPostgres(side) ?? (side === 'app' ? (await import('./app-steps')).appSteps : (await import('./floor-steps')).floorSteps))[name];
    if (!step) throw new Error(`未知的测量步骤：${id}`);
    outcome = await step(dataDir);
  }
  const { longestBlockMs } = blocks.stop();
  const { peakHeapMb } = sampler.stop();
  const used = process.cpuUsage(cpu);
  const result: StepResult = {
    id,
    ...outcome,
    medianMs: median(outcome.runsMs),
    maxRssMb: maxRssMb(),
    peakHeapMb,
    cpuMs: (used.user + used.system) / 1000,
    longestBlockMs: outcome.longestBlockMs ?? runsBlock() ?? longestBlockMs,
  };
  // Run by hand (node bench/dist/run.js --child …, e.g. under --cpu-prof) there is no parent to send to.
  if (!process.send) console.log(JSON.stringify({ ...result, detail: undefined }));
  else await new Promise<void>((done) => process.send!(result, () => done()));
}

function runStep(id: string, dataDir: string, scale: number, today: string): Promise<StepResult | { id: string; error: string }> {
  process.stderr.write(`▶ ${id}\n`);
  return new Promise((done) => {
    const started = performance.now();
    const proc = fork(fileURLToPath(import.meta.url), ['--child', id, dataDir, String(scale), today], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: StepResult | null = null;
    proc.on('message', (message: StepResult) => {
      result = message;
    });
    proc.on('exit', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (result) {
        const timing = result.runsMs.length > 0 ? `median ${result.medianMs.toFixed(1)} ms, ` : '';
        process.stderr.write(`  ${id}: ${timing}longest block ${result.longestBlockMs.toFixed(0)} ms, peak RSS ${result.maxRssMb.toFixed(0)} MB (${seconds} s)\n`);
        done(result);
      } else {
        done({ id, error: `进程退出码 ${code}` });
      }
    });
  });
}

async function main(engine: 'sqlite' | 'postgres'): Promise<void> {
  const { benchOnPostgres } = await import('./postgres-bench');
  const { measureServerLoad, printServerLoad, serverLoadOptions } = await import('./server-load');
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  // Up to 4: issue 21's growth figures (growth.ts) come from a run at scale 4 beside one at scale 1.
  if (!(scale > 0 && scale <= 4)) throw new Error(`BENCH_SCALE 应在 0 到 4 之间，收到 ${process.env.BENCH_SCALE}`);
  const today = localToday();
  const started = new Date();
  const t0 = performance.now();
  const load = { start: loadavg(), end: [] as number[] };
  const keep = process.env.BENCH_KEEP === '1' || process.env.BENCH_DATA !== undefined;
  const dataDir = process.env.BENCH_DATA ? resolve(process.env.BENCH_DATA) : mkdtempSync(join(tmpdir(), 'plan-desk-bench-'));
  mkdirSync(dataDir, { recursive: true });
  let reuse: Manifest | null = null;
  if (existsSync(join(dataDir, 'bench-manifest.json'))) {
    const found = readManifest(dataDir);
    if (found.scale === scale) reuse = found;
    else throw new Error(`${dataDir} 中已有规模 ${found.scale} 的数据，与 BENCH_SCALE=${scale} 不同；请换一个 BENCH_DATA 目录。`);
  }
  process.stderr.write(`规划督办台 bench — scale ${scale}, data ${dataDir}${reuse ? '（沿用已生成的数据）' : ''}, load ${load.start.map((l) => l.toFixed(1)).join(' ')}\n`);

  const results: (StepResult | { id: string; error: string })[] = [];
  const step = async (id: string) => {
    const result = await runStep(id, dataDir, scale, today);
    results.push(result);
    return result;
  };
  // A subset of the steps, for measuring one change (on data generated before: BENCH_DATA).
  const only = process.env.BENCH_STEPS ? new Set(process.env.BENCH_STEPS.split(',').map((name) => name.trim())) : null;
  // Without data generated before, the subset runs after generating it (kept when BENCH_DATA names the folder).
  if (only && !reuse) process.stderr.write('BENCH_STEPS：尚无已生成的数据，先生成再测所列步骤。\n');
  const wanted = (name: string) => only === null || only.has(name);
  if (wanted('open-migrate') && engine === 'sqlite') {
    await step('open-migrate:app');
    await step('open-migrate:floor');
  }
  if (!reuse) {
    const generated = await step('generate:app');
    if ('error' in generated) throw new Error(`生成数据失败：${generated.error}`);
  }
  if (engine === 'postgres') {
    // The same data and steps on PostgreSQL, with a table and results file of their own.
    const failed = await benchOnPostgres({ entry: fileURLToPath(import.meta.url), repoRoot, dataDir, scale, startedAt: started, generatedReused: reuse !== null, resultsDir: join(repoRoot, 'bench', 'results'), wanted, runStep: (id, dir) => runStep(id, dir, scale, today) });
    if (failed) process.exitCode = 1;
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  if (wanted('generate')) await step('generate:floor');
  for (const name of ['open-large', 'dashboard', 'my-tasks', 'search', 'task-page', 'export-summary', 'export-template', 'import', 'backup'].filter(wanted)) {
    if (name === 'import') await step('import-prepare:app');
    await step(`${name}:app`);
    await step(`${name}:floor`);
  }
  let bundle: BundleResult | null = null;
  if (process.env.BENCH_SKIP_BUNDLE !== '1' && wanted('first-paint')) {
    process.stderr.write('▶ renderer bundle (electron-vite build)\n');
    bundle = measureRendererBundle(repoRoot, BENCH_OUT);
    if (bundle.ok) await step('first-paint:app');
  }
  let serverLoad: ServerLoadResult | null = null;
  if (wanted('server-load')) {
    process.stderr.write('▶ server-load\n');
    serverLoad = await measureServerLoad(fileURLToPath(import.meta.url), serverLoadOptions(), (line) => process.stderr.write(`${line}\n`));
  }
  load.end = loadavg();

  const manifest = readManifest(dataDir);
  const summary = summarize(results, manifest, bundle);
  const report = {
    startedAt: started.toISOString(),
    totalSeconds: Math.round((performance.now() - t0) / 100) / 10,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: load },
    scale,
    generatedReused: reuse !== null,
    dataset: { rows: manifest.rows, rowCounts: manifest.rowCounts, generation: manifest.generation },
    table: summary.rows,
    steps: results,
    bundle,
    serverLoad,
  };
  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, only ? 'latest-steps.json' : 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  printTable(summary, report);
  recordScale(resultsDir, scale, results, { startedAt: report.startedAt, loadavg: load.end, reports: manifest.rowCounts.progress_reports ?? 0 });
  printGrowth(resultsDir, scale);
  if (serverLoad) printServerLoad(serverLoad);
  // Missed targets are findings, not failures; a failed step or a floor that disagrees with the app is a failure.
  if (summary.errors.length > 0 || (serverLoad && serverLoadFailed(serverLoad))) process.exitCode = 1;
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}

/** Errors or lost writes under load are failures (the issue: 0/0); slow answers are findings. */
function serverLoadFailed(result: ServerLoadResult): boolean {
  return result.writes.lost > 0 || Object.values(result.perCall).some((figures) => figures.errors > 0);
}

async function serverLoadAlone(): Promise<void> {
  const { measureServerLoad, printServerLoad, serverLoadOptions } = await import('./server-load');
  const load = { start: loadavg(), end: [] as number[] };
  const result = await measureServerLoad(fileURLToPath(import.meta.url), serverLoadOptions(), (line) => process.stderr.write(`${line}\n`));
  load.end = loadavg();
  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: load };
  writeFileSync(join(resultsDir, 'server-load.json'), `${JSON.stringify({ startedAt: new Date().toISOString(), machine, ...result }, null, 2)}\n`);
  printServerLoad(result);
  console.log(`load average before ${load.start.map((l) => l.toFixed(1)).join(' ')}, after ${load.end.map((l) => l.toFixed(1)).join(' ')}`);
  if (serverLoadFailed(result)) process.exitCode = 1;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1]!, args[2]!, Number(args[3]), args[4]!);
  process.exit(0);
} else if (args[0] === '--serve-shared') {
  // The shared server of the load step, in a process of its own; it stays up until the step sends SIGTERM.
  const { serveShared, serveSharedOptions } = await import('./server-load');
  await serveShared(args[1]!, Number(args[2]), serveSharedOptions(args.slice(3)));
} else if (args[0] === '--server-load') {
  await serverLoadAlone();
} else {
  await main((await import('./postgres-bench')).benchEngine(args));
}
