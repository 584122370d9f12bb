import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type * as PostgresCluster from '../scripts/postgres-cluster.mjs';
import { importSqliteFile } from '../src-main/db/import-sqlite';
import { openPostgresAppDatabase } from '../src-main/db/postgres-database';
import { urlOfDatabase } from '../src-main/db/postgres-dialect';
import { appSteps } from './app-steps';
import { BENCH_POSTGRES_URL, benchPostgresUrl, databaseFile, openBenchDatabase, readManifest } from './bench-db';
import { postgresFloorSteps } from './floor-steps-postgres';
import type { StepOutcome, StepResult } from './measure';
import { POSTGRES_STEPS, printTable, summarize } from './report';
import { measureServerLoad, printServerLoad, serverLoadOptions, type ServerLoadResult } from './server-load';

/**
 * `npm run bench -- --engine postgres` (issue 16 "Measured"): the generated province-scale data copied into PostgreSQL
 * by the app's own `--import-sqlite` (db/import-sqlite.ts), then each step as on SQLite — the app's services on the
 * PostgreSQL connection next to raw `pg` floors (floor-steps-postgres.ts), same-result checks kept — and the load step
 * with its officers on one and then two app server processes sharing one database. Prints the table and writes
 * bench/results/latest-postgres.json.
 *
 * The server: PLAN_DESK_BENCH_PG_URL (a superuser's address; the bench creates its databases there and drops them
 * afterwards), or else a throwaway cluster (scripts/postgres-cluster.mjs, durability off as in the tests) stopped at
 * the end, also when the run fails or is interrupted.
 */

type Outcome = StepResult | { id: string; error: string };

/** The officers' pause in the saturated load runs: short enough that the servers, not the clicks, set the pace. */
const SATURATED_THINK_MS = 10;

/** `--engine sqlite|postgres` on the command line; SQLite without it. */
export function benchEngine(args: readonly string[]): 'sqlite' | 'postgres' {
  const at = args.indexOf('--engine');
  if (at < 0) return 'sqlite';
  const engine = args[at + 1];
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine 只能是 sqlite 或 postgres，收到 ${engine ?? '（空）'}`);
  return engine;
}

/** The SQLite file a PostgreSQL run imports (set for the step process that imports it). */
const SOURCE_ENV = 'BENCH_POSTGRES_SOURCE';

/** Copying the data in: the app's import (its per-table row counts and hashes checked), then the statistics. */
async function importStep(dataDir: string): Promise<StepOutcome> {
  const source = process.env[SOURCE_ENV];
  if (!source) throw new Error(`${SOURCE_ENV} 未设置`);
  const target = openBenchDatabase(dataDir);
  try {
    const t0 = performance.now();
    const copies = await importSqliteFile(source, target);
    const importMs = performance.now() - t0;
    // An administrator's step after a bulk load (autovacuum would do it later, in the middle of the measurements):
    // the planner's statistics and the visibility map for index-only scans.
    const t1 = performance.now();
    await sql`VACUUM ANALYZE`.execute(target.db);
    const analyzeMs = performance.now() - t1;
    const rowCounts = Object.fromEntries(copies.map((copy) => [copy.table, copy.rows]));
    const rows = copies.reduce((sum, copy) => sum + copy.rows, 0);
    return { runsMs: [importMs + analyzeMs], detail: { importMs, analyzeMs, rows, rowCounts } };
  } finally {
    await target.close();
  }
}

/** In a step process of a PostgreSQL run: its steps (the app's services are the same, the floors are `pg`'s). */
export function stepsOnPostgres(side: 'app' | 'floor'): Record<string, (dataDir: string) => Promise<StepOutcome>> | null {
  if (!benchPostgresUrl()) return null;
  return side === 'app' ? { ...appSteps, 'import-sqlite': importStep } : postgresFloorSteps;
}

interface PostgresServer {
  url: string;
  kind: string;
  stop(): void;
}

async function adminQuery(url: string, statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

async function openServer(repoRoot: string, log: (line: string) => void): Promise<PostgresServer> {
  const given = process.env.PLAN_DESK_BENCH_PG_URL;
  if (given) return { url: given, kind: 'PLAN_DESK_BENCH_PG_URL', stop: () => undefined };
  log('▶ starting a throwaway PostgreSQL cluster (scripts/postgres-cluster.mjs)');
  // Loaded from its file at run time, not bundled into run.js: bundled, its "run as a script" check would take every
  // bench process for the script itself and start a cluster in each.
  const script = pathToFileURL(join(repoRoot, 'scripts', 'postgres-cluster.mjs')).href;
  const { startTestCluster } = (await import(/* @vite-ignore */ script)) as typeof PostgresCluster;
  const cluster = await startTestCluster();
  if (!cluster) throw new Error('未找到 PostgreSQL（/usr/lib/postgresql/*/bin）。请安装 Debian 的 postgresql 软件包，或设置 PLAN_DESK_BENCH_PG_URL（超级用户的连接地址）。');
  return { url: cluster.url, kind: 'throwaway cluster (fsync off, as in the tests)', stop: () => cluster.stop() };
}

export interface PostgresBenchContext {
  entry: string;
  repoRoot: string;
  dataDir: string;
  scale: number;
  startedAt: Date;
  generatedReused: boolean;
  resultsDir: string;
  wanted: (name: string) => boolean;
  runStep: (id: string, dataDir: string) => Promise<Outcome>;
}

/** Runs the PostgreSQL bench; true when a step failed, a floor disagreed or the load lost writes or saw errors. */
export async function benchOnPostgres(context: PostgresBenchContext): Promise<boolean> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const t0 = performance.now();
  const load = { start: loadavg(), end: [] as number[] };
  const server = await openServer(context.repoRoot, log);
  // The cluster is stopped whatever happens: at the end, on a failure, on Ctrl+C.
  const stop = () => server.stop();
  process.once('exit', stop);
  const interrupted = () => {
    stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const databases: string[] = [];
  // The steps' own folder (manifest, exported and filled files): the generated data folder is only read.
  const workDir = mkdtempSync(join(tmpdir(), 'plan-desk-bench-pg-'));
  try {
    copyFileSync(join(context.dataDir, 'bench-manifest.json'), join(workDir, 'bench-manifest.json'));
    const fresh = async (name: string) => {
      await adminQuery(server.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await adminQuery(server.url, `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
      databases.push(name);
      return urlOfDatabase(server.url, name);
    };
    const version = String((await adminQuery(server.url, 'SHOW server_version')).rows[0]?.server_version ?? '');
    log(`PostgreSQL ${version} (${server.kind})`);

    const results: Outcome[] = [];
    const steps = POSTGRES_STEPS.filter((step) => step !== 'import-sqlite' && context.wanted(step));
    // The data goes in when a step needs it or the import itself is asked for (BENCH_STEPS=server-load needs none).
    if (steps.length > 0 || context.wanted('import-sqlite')) {
      const url = await fresh(`plan_desk_bench_${process.pid}`);
      // Migrated by the app's own start-up code before the import fills it.
      await (await openPostgresAppDatabase(url)).close();
      process.env[BENCH_POSTGRES_URL] = url;
      process.env[SOURCE_ENV] = databaseFile(context.dataDir);
      const imported = await context.runStep('import-sqlite:app', workDir);
      results.push(imported);
      if ('error' in imported) throw new Error(`导入 PostgreSQL 失败：${imported.error}`);
    }
    for (const name of steps) {
      if (name === 'import') await context.runStep('import-prepare:app', workDir);
      results.push(await context.runStep(`${name}:app`, workDir));
      results.push(await context.runStep(`${name}:floor`, workDir));
    }
    delete process.env[BENCH_POSTGRES_URL];

    // The load step on a fresh database each time: one app server, then two sharing it. Paced as on SQLite (the
    // officers' pauses), and then saturated (pauses of SATURATED_THINK_MS): paced, the officers' clicks set the
    // throughput whatever serves them; saturated, it is what the servers can answer, the figure scaling out should raise.
    const serverLoad: Record<'paced' | 'saturated', { one?: ServerLoadResult; two?: ServerLoadResult }> = { paced: {}, saturated: {} };
    if (context.wanted('server-load')) {
      for (const pace of ['paced', 'saturated'] as const) {
        const options = pace === 'paced' ? serverLoadOptions() : { ...serverLoadOptions(), thinkMs: SATURATED_THINK_MS };
        for (const servers of [1, 2] as const) {
          log(`▶ server-load on PostgreSQL (${pace}), ${servers} app server${servers > 1 ? 's' : ''}`);
          const databaseUrl = await fresh(`plan_desk_load_${pace}_${servers}_${process.pid}`);
          serverLoad[pace][servers === 1 ? 'one' : 'two'] = await measureServerLoad(context.entry, options, log, { databaseUrl, servers });
        }
      }
    }
    load.end = loadavg();

    const manifest = readManifest(workDir);
    const summary = summarize(results, manifest, null, 'postgres');
    const report = {
      startedAt: context.startedAt.toISOString(),
      totalSeconds: Math.round((performance.now() - t0) / 100) / 10,
      engine: 'postgres',
      postgres: { version, server: server.kind },
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: load },
      scale: context.scale,
      generatedReused: context.generatedReused,
      dataset: { rows: manifest.rows, rowCounts: manifest.rowCounts, generation: manifest.generation },
      table: summary.rows,
      steps: results,
      serverLoad: {
        paced: { ...serverLoad.paced, scaleOut: scaleOut(serverLoad.paced) },
        saturated: { ...serverLoad.saturated, scaleOut: scaleOut(serverLoad.saturated) },
      },
    };
    mkdirSync(context.resultsDir, { recursive: true });
    writeFileSync(join(context.resultsDir, 'latest-postgres.json'), `${JSON.stringify(report, null, 2)}\n`);
    printTable(summary, report, { name: `PostgreSQL ${version}`, resultsFile: 'latest-postgres.json' });
    const copied = results.find((result) => result.id === 'import-sqlite:app');
    if (copied && !('error' in copied)) {
      const { importMs, analyzeMs, rows } = copied.detail as { importMs: number; analyzeMs: number; rows: number };
      console.log(
        `import-sqlite: ${rows.toLocaleString('en')} rows copied and checked in ${(importMs / 1000).toFixed(1)} s (${Math.round(rows / (importMs / 1000)).toLocaleString('en')} rows/s), VACUUM ANALYZE ${(analyzeMs / 1000).toFixed(1)} s`,
      );
    }
    for (const pace of ['paced', 'saturated'] as const) {
      const { one, two } = serverLoad[pace];
      if (one) printServerLoad(one);
      if (two) printServerLoad(two);
      const out = scaleOut(serverLoad[pace]);
      if (out) {
        console.log(
          `\n两台应用服务器 / two app servers vs one (${pace}): throughput ${out.throughputRatio.toFixed(2)}× (target ≥ 1.5× at equal p95) ${out.throughputRatio >= 1.5 ? 'PASS' : 'MISS'}; ` +
            `p95 after log-ins — submit ${p95s(out.submitP95Ms)}, 我的任务 ${p95s(out.myTasksP95Ms)}`,
        );
        console.log(
          `  processors busy: ${out.busyCores[0].toFixed(2)} → ${out.busyCores[1].toFixed(2)} of ${one!.cpu.cores} cores; ` +
            `with every core as busy, one server's work would reach at most ${out.processorCeiling.toFixed(2)}× its throughput on this machine`,
        );
      }
    }
    const loads = Object.values(serverLoad).flatMap(({ one, two }) => [one, two]);
    const lostOrErrors = loads.some((result) => result && (result.writes.lost > 0 || Object.values(result.perCall).some((figures) => figures.errors > 0)));
    return summary.errors.length > 0 || lostOrErrors;
  } finally {
    delete process.env[BENCH_POSTGRES_URL];
    // On a server of its own the bench leaves nothing behind; a throwaway cluster goes with its folder.
    if (process.env.PLAN_DESK_BENCH_PG_URL) {
      for (const name of databases) await adminQuery(server.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    }
    stop();
    process.off('exit', stop);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    rmSync(workDir, { recursive: true, force: true });
  }
}

const p95s = ([one, two]: [number | null, number | null]) => `${one === null ? '—' : one.toFixed(0)} → ${two === null ? '—' : two.toFixed(0)} ms`;

/** Two app servers against one: the throughput's ratio and the p95s it came at (calls begun after the log-ins). */
function scaleOut(load: { one?: ServerLoadResult; two?: ServerLoadResult }) {
  if (!load.one || !load.two) return null;
  const { one, two } = load;
  return {
    throughputRatio: two.throughputPerSecond / one.throughputPerSecond,
    submitP95Ms: [one.afterLogIns.perCall.submit.p95Ms, two.afterLogIns.perCall.submit.p95Ms] as [number | null, number | null],
    myTasksP95Ms: [one.afterLogIns.perCall['my-tasks'].p95Ms, two.afterLogIns.perCall['my-tasks'].p95Ms] as [number | null, number | null],
    busyCores: [one.cpu.busyCores, two.cpu.busyCores] as [number, number],
    // If the work is bound by the processors, the most any number of app servers on this machine could give: one
    // server's throughput with every core as busy as its run kept the busy ones.
    processorCeiling: one.cpu.cores / Math.max(one.cpu.busyCores, 0.01),
  };
}
