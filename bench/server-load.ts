import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createAccount } from '../src-main/accounts/accounts.service';
import type { Role } from '../src-main/api/access';
import { chinaDateOf } from '../src-main/api/china-date';
import { openAppContext } from '../src-main/core/app-context';
import { DATABASE_FILE_NAME } from '../src-main/db/connection';
import { createPostgresPool } from '../src-main/db/postgres-dialect';
import { startHttpServer } from '../src-main/server/http-server';
import { SharedClient } from '../src-main/testing/shared-client';
import { postgresMs, processesMs } from './process-cpu';

/**
 * The shared server under load (issue 15 "Measured"): N simulated officers — each its own 单位填报人 account and
 * session, over HTTP on loopback — log in, then until the time is up open 我的任务, submit a report with a small
 * attachment and open 调度, with a short pause between clicks; meanwhile the office exports the 全省进展汇总表 twice.
 * The server runs in a process of its own (as it would on the intranet); this process only drives the clients.
 *
 * Reported per call: count, p50/p95/p99 latency, errors; overall throughput; lost writes = reports the server
 * acknowledged that are not in its database afterwards (read from the file once the server has stopped).
 *
 * BENCH_SERVER_OFFICERS (default 150), BENCH_SERVER_SECONDS (default 60), BENCH_SERVER_THINK_MS (default 1000: each
 * pause is 0.5–1.5 times it). Data: a fresh folder with the shipped plan, its 270 tasks spread over the default units.
 */

export interface ServerLoadOptions {
  officers: number;
  seconds: number;
  thinkMs: number;
}

export function serverLoadOptions(env: NodeJS.ProcessEnv = process.env): ServerLoadOptions {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!(value > 0)) throw new Error(`${name} 应为正数，收到 ${env[name]}`);
    return value;
  };
  return { officers: number('BENCH_SERVER_OFFICERS', 150), seconds: number('BENCH_SERVER_SECONDS', 60), thinkMs: number('BENCH_SERVER_THINK_MS', 1000) };
}

const PASSWORD_NOTE = 'accounts are created with must_change_password cleared: the forced first change is not part of the load';
const CALLS = ['login', 'my-tasks', 'submit', 'round', 'export-summary'] as const;
type Call = (typeof CALLS)[number];

interface Setup {
  port: number;
  roundId: number;
  office: { login: string; password: string };
  officers: { login: string; password: string }[];
}

export interface CallFigures {
  calls: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface ServerLoadResult {
  options: ServerLoadOptions;
  note: string;
  wallSeconds: number;
  throughputPerSecond: number;
  perCall: Record<Call, CallFigures>;
  /**
   * The same, for calls begun after the last log-in had been answered: 150 scrypt checks in the first seconds hold the
   * CPU (libuv's threads beside the event loop), so the whole run's figures mix the arrival with the working hour.
   */
  afterLogIns: { fromSecond: number; perCall: Record<Call, CallFigures> };
  writes: { acknowledged: number; inDatabase: number; lost: number };
  errorSamples: string[];
  /** On PostgreSQL (`--engine postgres`): how many app server processes shared the database and the officers. */
  appServers?: number;
  /**
   * The machine's processors during the run, in cores busy on average: all of them (servers, database, the officers'
   * clients in this process, anything else), and this process alone. When one app server already keeps nearly every
   * core busy, a second one on the same machine has no processor to add throughput with.
   */
  cpu: { cores: number; busyCores: number; clientCores: number; serverCores?: number[]; postgresCores?: number };
}

/** Busy and total processor time over all cores so far (os.cpus(), in ms). */
function processorTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

/**
 * Where the load step's server keeps its data: by default a SQLite file in a fresh folder; on PostgreSQL
 * (`--engine postgres`) an empty database there, served by `servers` app server processes sharing it.
 */
export interface ServerLoadTarget {
  databaseUrl?: string;
  servers?: number;
}

/** The server process reads the PostgreSQL address from here (kept off its command line). */
const SERVER_DATABASE_ENV = 'BENCH_SERVER_DATABASE_URL';

/** The options of a server process started by the load step, from its arguments after the folder and count. */
export function serveSharedOptions(args: readonly string[], env: NodeJS.ProcessEnv = process.env): { databaseUrl?: string; join: boolean } {
  const databaseUrl = env[SERVER_DATABASE_ENV];
  return { ...(databaseUrl ? { databaseUrl } : {}), join: args.includes('--join') };
}

/** Officer `index`'s server: the officers dealt out over the app servers in turn, as a round-robin balancer would. */
export const serverOf = <T>(index: number, servers: readonly T[]): T => servers[index % servers.length]!;

// ---- the server's side (its own process: `run.js --serve-shared DIR OFFICERS`) ----

/** Opens a shared server on a fresh folder, makes the accounts, assigns the tasks and opens a round; reports the port. */
export async function serveShared(dataDir: string, officers: number, options: { databaseUrl?: string; join?: boolean } = {}): Promise<void> {
  const context = await openAppContext({
    dataDir,
    mode: 'browser',
    version: 'bench',
    shared: true,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    logError: (error, channel) => console.error(`[${channel}]`, error),
  });
  const db = context.database.db;
  const staticDir = join(dataDir, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>规划督办台</title>');
  if (options.join) {
    // Another app server on the same PostgreSQL database, set up by the first: it only answers.
    const server = await startHttpServer({ dispatch: context.dispatch, staticDir, token: null, sessions: () => context.sessions(), port: 0 });
    process.send!({ port: server.port });
    process.on('SIGTERM', () => void server.close().then(() => context.close()).then(() => process.exit(0)));
    return;
  }

  const units = await db.selectFrom('units').select('id').where('kind', '!=', 'office').where('retired_at', 'is', null).orderBy('id').execute();
  const tasks = await db.selectFrom('tasks').select('id').where('retired_at', 'is', null).orderBy('id').execute();
  const now = new Date();
  const make = async (login: string, role: Role, unitId: number | null) => {
    const issued = await createAccount(db, now, { login, name: login, role, unitId });
    return { login, password: issued.initialPassword };
  };
  const office = await make('bench-office', 'office', null);
  // scrypt runs on libuv's threads: a few at a time.
  const made: { login: string; password: string }[] = [];
  for (let start = 0; start < officers; start += 8) {
    const batch = Array.from({ length: Math.min(8, officers - start) }, (_, k) => start + k);
    made.push(...(await Promise.all(batch.map((i) => make(`officer-${i}`, 'unit', units[i % units.length]!.id)))));
  }
  await db.updateTable('accounts').set({ must_change_password: 0 }).execute();

  const server = await startHttpServer({ dispatch: context.dispatch, staticDir, token: null, sessions: () => context.sessions(), port: 0 });
  const officeClient = new SharedClient(server.port);
  await officeClient.logIn(office.login, office.password);
  // Every unit leads some of the plan's tasks, so each officer has tasks of its own to report on.
  const byUnit = new Map<number, number[]>();
  tasks.forEach((task, i) => {
    const unit = units[i % units.length]!.id;
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), task.id]);
  });
  for (const [unitId, taskIds] of byUnit) await officeClient.value('tasks.assign', { taskIds, leadUnitId: unitId });
  // The server's 今天 is Beijing's (the clock the rules judge by), not the UTC date.
  const today = chinaDateOf(now);
  const round = await officeClient.value<{ id: number }>('rounds.open', {
    planId: 1,
    name: '压力测试调度',
    periodStart: `${today.slice(0, 4)}-01-01`,
    periodEnd: today,
    dueDate: today,
    unitIds: [...byUnit.keys()],
  });
  await officeClient.logOut();

  const setup: Setup = { port: server.port, roundId: round.id, office, officers: made };
  process.send!(setup);
  const stop = async () => {
    await server.close();
    await context.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

// ---- the clients' side ----

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PDF = Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\n% ${'压力测试佐证材料'.repeat(60)}\ntrailer<<>>\n%%EOF`).toString('base64');

/** Runs the load against a server started in a child process (`entry` is the bench's run.js) and measures it. */
export async function measureServerLoad(
  entry: string,
  options: ServerLoadOptions = serverLoadOptions(),
  log: (line: string) => void = () => undefined,
  target: ServerLoadTarget = {},
): Promise<ServerLoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plan-desk-bench-server-'));
  // Every app server on the same folder (attachments) and, on PostgreSQL, the same database.
  const env = target.databaseUrl ? { ...process.env, [SERVER_DATABASE_ENV]: target.databaseUrl } : process.env;
  const start = (join: boolean) => fork(entry, ['--serve-shared', dataDir, String(options.officers), ...(join ? ['--join'] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const answered = <T>(proc: ReturnType<typeof fork>) =>
    new Promise<T>((resolve, reject) => {
      proc.once('message', (message) => resolve(message as T));
      proc.once('exit', (code) => reject(new Error(`共享服务器进程退出（${code}）`)));
    });
  const server = start(false);
  const servers = [server];
  const exited = () => Promise.all(servers.map((proc) => (proc.exitCode === null && proc.signalCode === null ? new Promise<void>((resolve) => proc.once('exit', () => resolve())) : undefined)));
  try {
    log(`  server-load: preparing ${options.officers} accounts, the tasks and a round…`);
    const setup = await answered<Setup>(server);
    const ports = [setup.port];
    for (let more = 1; more < (target.servers ?? 1); more++) {
      const next = start(true);
      servers.push(next);
      ports.push((await answered<{ port: number }>(next)).port);
    }
    const samples = new Map<Call, { at: number; ms: number }[]>(CALLS.map((call) => [call, []]));
    const errors = new Map<Call, number>(CALLS.map((call) => [call, 0]));
    const errorSamples: string[] = [];
    const acknowledged: number[] = [];
    const timed = async <T>(call: Call, work: () => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>): Promise<T | undefined> => {
      const t0 = performance.now();
      let result;
      try {
        result = await work();
      } catch (error) {
        result = { ok: false, error: { message: String(error) } };
      }
      samples.get(call)!.push({ at: t0, ms: performance.now() - t0 });
      if (!result.ok) {
        errors.set(call, errors.get(call)! + 1);
        if (errorSamples.length < 10) errorSamples.push(`${call}: ${result.error?.message ?? ''}`);
        return undefined;
      }
      return result.value as T;
    };

    log(`  server-load: ${options.officers} officers for ${options.seconds} s${ports.length > 1 ? ` over ${ports.length} app servers` : ''}…`);
    const started = performance.now();
    const [machineBefore, clientBefore] = [processorTimes(), process.cpuUsage()];
    const [serversBefore, postgresBefore] = [processesMs(servers.map((proc) => proc.pid ?? -1)), target.databaseUrl ? postgresMs() : null];
    const until = started + options.seconds * 1000;
    const think = () => sleep(options.thinkMs * (0.5 + Math.random()));

    const officer = async (account: { login: string; password: string }, index: number) => {
      const client = new SharedClient(serverOf(index, ports));
      // Log-ins spread over the first quarter of the run (at most 15 s), as people arrive: each is an scrypt check.
      await sleep(Math.random() * Math.min(15_000, options.seconds * 250));
      if ((await timed('login', () => client.logIn(account.login, account.password))) === undefined) return;
      let taskIds: number[] = [];
      while (performance.now() < until) {
        const page = await timed<{ rows: { id: number }[] }>('my-tasks', () => client.call('tasks.list', { offset: 0, limit: 50 }));
        if (page) taskIds = page.rows.map((row) => row.id);
        await think();
        if (performance.now() >= until) break;
        const taskId = taskIds[Math.floor(Math.random() * taskIds.length)];
        if (taskId !== undefined) {
          const report = {
            taskId,
            status: '序时推进',
            percent: 40,
            progress: `${account.login} 压力测试填报`,
            problems: '',
            nextSteps: '',
            coordination: '',
            attachments: [{ name: '佐证材料.pdf', contentBase64: PDF }],
          };
          const done = await timed<{ reportId: number | null }>('submit', () => client.call('progress.submit', report, { 'x-plan-desk-request-id': randomUUID() }));
          if (done?.reportId) acknowledged.push(done.reportId);
        }
        await think();
        if (performance.now() >= until) break;
        await timed('round', () => client.call('rounds.get', { id: setup.roundId }));
        await think();
      }
    };
    const office = async () => {
      const client = new SharedClient(setup.port);
      await timed('login', () => client.logIn(setup.office.login, setup.office.password));
      for (const at of [1 / 3, 2 / 3]) {
        await sleep(Math.max(0, started + at * options.seconds * 1000 - performance.now()));
        await timed('export-summary', () => client.call('reports.export', { report: 'provinceSummary', planId: 1 }));
      }
    };
    await Promise.all([...setup.officers.map(officer), office()]);
    const wallSeconds = (performance.now() - started) / 1000;
    const machine = processorTimes();
    const client = process.cpuUsage(clientBefore);
    const cores = (ms: number) => ms / (wallSeconds * 1000);
    const serversAfter = processesMs(servers.map((proc) => proc.pid ?? -1));
    const serverCores = serversAfter.map((after, i) => (after === null || serversBefore[i] === null ? null : cores(after - serversBefore[i]!)));
    const postgresAfter = postgresBefore === null ? null : postgresMs();
    const cpu = {
      cores: cpus().length,
      busyCores: cores(machine.busy - machineBefore.busy),
      clientCores: cores((client.user + client.system) / 1000),
      ...(serverCores.every((value) => value !== null) ? { serverCores: serverCores as number[] } : {}),
      ...(postgresBefore !== null && postgresAfter !== null ? { postgresCores: cores(postgresAfter - postgresBefore) } : {}),
    };

    for (const proc of servers) proc.kill('SIGTERM');
    await exited();
    const found = new Set(target.databaseUrl ? await postgresReportIds(target.databaseUrl) : sqliteReportIds(join(dataDir, DATABASE_FILE_NAME)));
    const inDatabase = acknowledged.filter((id) => found.has(id)).length;

    const figuresOf = (from: number) =>
      Object.fromEntries(
        CALLS.map((call) => {
          const sorted = samples
            .get(call)!
            .filter((sample) => sample.at >= from)
            .map((sample) => sample.ms)
            .sort((a, b) => a - b);
          const figures: CallFigures = {
            calls: sorted.length,
            errors: from === 0 ? errors.get(call)! : 0,
            p50Ms: percentile(sorted, 50),
            p95Ms: percentile(sorted, 95),
            p99Ms: percentile(sorted, 99),
            maxMs: sorted.at(-1) ?? null,
          };
          return [call, figures];
        }),
      ) as Record<Call, CallFigures>;
    const perCall = figuresOf(0);
    const loggedIn = Math.max(...samples.get('login')!.map((sample) => sample.at + sample.ms));
    const total = CALLS.reduce((sum, call) => sum + perCall[call].calls, 0);
    return {
      options,
      note: PASSWORD_NOTE,
      wallSeconds,
      throughputPerSecond: total / wallSeconds,
      perCall,
      afterLogIns: { fromSecond: (loggedIn - started) / 1000, perCall: figuresOf(loggedIn) },
      writes: { acknowledged: acknowledged.length, inDatabase, lost: acknowledged.length - inDatabase },
      errorSamples,
      ...(target.databaseUrl ? { appServers: ports.length } : {}),
      cpu,
    };
  } finally {
    for (const proc of servers) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The reports in the database once the servers have stopped (read from the file on SQLite). */
function sqliteReportIds(file: string): number[] {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  const ids = (sqlite.prepare('SELECT id FROM progress_reports').all() as { id: number }[]).map((row) => row.id);
  sqlite.close();
  return ids;
}

async function postgresReportIds(url: string): Promise<number[]> {
  const pool = createPostgresPool(url, { max: 1 });
  try {
    return (await pool.query<{ id: number }>('SELECT id FROM progress_reports')).rows.map((row) => row.id);
  } finally {
    await pool.end();
  }
}

/** The table printed after the run; targets from the issue: p95 of submit and 我的任务 under 200 ms, 0 errors, 0 lost. */
export function printServerLoad(result: ServerLoadResult): void {
  const ms = (value: number | null) => (value === null ? '—' : `${value.toFixed(0)} ms`);
  const { officers, seconds, thinkMs } = result.options;
  const servers = result.appServers === undefined ? '' : `, ${result.appServers} app server${result.appServers > 1 ? 's' : ''} on one PostgreSQL`;
  console.log(`\n共享服务器压力测试 / shared server load: ${officers} officers${servers}, ${seconds} s, think ${thinkMs} ms (${result.note})`);
  const table = (perCall: Record<Call, CallFigures>) => {
    console.log('call            calls  errors     p50      p95      p99      max   target');
    for (const call of CALLS) {
      const f = perCall[call];
      if (f.calls === 0) continue;
      const target = call === 'submit' || call === 'my-tasks' ? `p95 < 200 ms ${f.p95Ms !== null && f.p95Ms < 200 ? '✓' : '✗'}` : '';
      console.log(`${call.padEnd(15)} ${String(f.calls).padStart(5)} ${String(f.errors).padStart(7)} ${ms(f.p50Ms).padStart(8)} ${ms(f.p95Ms).padStart(8)} ${ms(f.p99Ms).padStart(8)} ${ms(f.maxMs).padStart(8)}   ${target}`);
    }
  };
  table(result.perCall);
  console.log(`calls begun after the last log-in was answered (from ${result.afterLogIns.fromSecond.toFixed(1)} s):`);
  table(result.afterLogIns.perCall);
  const errors = CALLS.reduce((sum, call) => sum + result.perCall[call].errors, 0);
  console.log(`throughput ${result.throughputPerSecond.toFixed(1)} calls/s over ${result.wallSeconds.toFixed(1)} s; errors ${errors}; reports acknowledged ${result.writes.acknowledged}, in the database ${result.writes.inDatabase}, lost ${result.writes.lost}`);
  const { cores, busyCores, clientCores, serverCores, postgresCores } = result.cpu;
  console.log(`processors: ${busyCores.toFixed(2)} of ${cores} cores busy on average (the officers' clients ${clientCores.toFixed(2)} of them)`);
  // One app server's event loop uses at most one core: a server near 1.00 is full, below it waits on something else.
  const where = [
    ...(serverCores ? [`app server${serverCores.length > 1 ? 's' : ''} ${serverCores.map((value) => value.toFixed(2)).join(' + ')}`] : []),
    ...(postgresCores !== undefined ? [`PostgreSQL ${postgresCores.toFixed(2)}`] : []),
  ];
  if (where.length > 0) console.log(`  of which ${where.join(', ')} (an app server's event loop is full at 1.00)`);
  for (const sample of result.errorSamples) console.log(`  error: ${sample}`);
}
