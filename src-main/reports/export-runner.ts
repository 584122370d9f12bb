import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { AppError, type ErrorCode } from '../api/errors';
import type { ExportedFile } from '../api/reports.types';
import type { Database } from '../db/database.types';
import { databaseSourceOf, type DatabaseSource } from '../db/database-source';
import type { ExportJob, ExportReply } from './export-job';

/**
 * Runs an Excel export (a report, a unit's fill-in template) in a worker thread, so that the main process — the
 * window, every other call — keeps answering while ten thousand rows are read and written: the worker opens its own
 * read-only connection to the same database file (WAL lets it read beside the app's writer), or its own connection to
 * the same PostgreSQL database (where, in-process, an export held the shared server's event loop ~240 ms at a time),
 * and sends the finished file back. Measured at 10,000 rows (bench/): in the main thread the export held the event loop for seconds; here
 * the main thread only waits.
 *
 * One worker serves the exports one after another and is kept for a while after the last (a warm worker skips
 * loading exceljs and the JIT's warm-up, which made a cold worker cost more than the export it saved); its heap is
 * capped, so an export that needs more ends the worker, never the app.
 *
 * The export runs in-process instead when there is no database to open (an in-memory one: tests) or no worker
 * could be started (the sources under vitest, where the worker is TypeScript; a packaged app that cannot load it).
 */

export const EXPORT_LIMITS = {
  /** A 10,000-row template peaked at ~150 MB of heap in the worker. */
  heapMb: 768,
  timeoutMs: 5 * 60_000,
  /** An idle worker is ended after this long. */
  idleMs: 60_000,
} as const;

export interface ExportRunnerOptions {
  heapMb: number;
  timeoutMs: number;
  idleMs: number;
  /** Tests only: the worker to start (a build of export.worker.ts). */
  workerUrl?: URL;
}

/**
 * Where the worker is: in the built app, an entry of its own in out/main (this code may sit in out/main or in a shared
 * chunk under out/main/chunks). Null when the sources run (tests): the export then runs in-process.
 */
function builtWorkerUrl(): URL | null {
  for (const candidate of ['./export.worker.js', '../export.worker.js']) {
    const built = new URL(candidate, import.meta.url);
    if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  }
  return null;
}

interface Pending {
  job: ExportJob;
  source: DatabaseSource;
  inProcess(): Promise<ExportedFile>;
  resolve(file: ExportedFile): void;
  reject(error: unknown): void;
}

/** The worker and its queue (one export at a time; more would compete for the same two cores). */
class ExportWorker {
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private running: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  private idle: NodeJS.Timeout | null = null;
  /** Whether a worker ever loaded; one that fails before that cannot start here at all (see `fallBack`). */
  private loaded = false;
  private unusable = false;

  constructor(
    private readonly url: URL,
    private readonly options: ExportRunnerOptions,
  ) {}

  run(source: DatabaseSource, job: ExportJob, inProcess: () => Promise<ExportedFile>): Promise<ExportedFile> {
    if (this.unusable) return inProcess();
    return new Promise((resolve, reject) => {
      this.queue.push({ job, source, inProcess, resolve, reject });
      this.next();
    });
  }

  /**
   * A worker that could not even load (a packaged app whose archive a worker cannot read from, say): every export
   * runs in-process from now on, as before workers, rather than failing.
   */
  private fallBack(): void {
    this.unusable = true;
    const waiting = [this.running, ...this.queue].filter((p): p is Pending => p !== null);
    this.running = null;
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    for (const pending of waiting) pending.inProcess().then(pending.resolve, pending.reject);
  }

  private start(): Worker {
    const worker = new Worker(this.url, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    worker.on('message', (reply: ExportReply | { ready: true }) => {
      if ('ready' in reply) this.loaded = true;
      else this.settle((pending) => (reply.ok ? pending.resolve(reply.file) : pending.reject(errorFrom(reply.error))));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      this.discard(worker);
      if (!this.loaded) return this.fallBack();
      this.settle((pending) =>
        pending.reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError('INTERNAL', `导出的内容过多，超出 ${this.options.heapMb} MB 的内存上限，未能生成文件。请缩小导出范围（例如按单位或按调度导出）后重试。`)
            : error,
        ),
      );
    });
    worker.once('exit', (code) => {
      this.discard(worker);
      if (!this.loaded) return this.fallBack();
      this.settle((pending) => pending.reject(new AppError('INTERNAL', `导出进程意外退出（${code}），未能生成文件，数据没有改动。请重试。`)));
    });
    // An idle worker must not keep the process (a test, browser mode being stopped) alive.
    worker.unref();
    return worker;
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const pending = this.queue.shift()!;
    this.running = pending;
    this.worker ??= this.start();
    this.worker.ref();
    this.timer = setTimeout(() => {
      const stuck = this.worker;
      this.settle((p) => p.reject(new AppError('INTERNAL', `导出超过 ${this.options.timeoutMs / 60_000} 分钟仍未完成，已停止，数据没有改动。请缩小导出范围后重试。`)));
      if (stuck) {
        this.discard(stuck);
        void stuck.terminate();
      }
    }, this.options.timeoutMs);
    this.worker.postMessage({ source: pending.source, job: pending.job });
  }

  /** Ends the running export with `outcome`, then starts the next, or lets the worker idle. */
  private settle(outcome: (pending: Pending) => void): void {
    const pending = this.running;
    if (!pending) return;
    this.running = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    outcome(pending);
    if (this.queue.length > 0) return this.next();
    const worker = this.worker;
    if (!worker) return;
    worker.unref();
    this.idle = setTimeout(() => {
      this.discard(worker);
      void worker.terminate();
    }, this.options.idleMs);
    this.idle.unref();
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
  }
}

function errorFrom(error: Extract<ExportReply, { ok: false }>['error']): Error {
  if (error.appCode) return new AppError(error.appCode as ErrorCode, error.message);
  // SQLite's code (SQLITE_BUSY, SQLITE_CORRUPT…) kept, so the dispatcher still says which storage problem it was.
  return Object.assign(new Error(error.message), { name: error.name, ...(error.code ? { code: error.code } : {}) });
}

const workers = new Map<string, ExportWorker>();

/**
 * Runs `job` against the database behind `db` in the export worker, or `inProcess()` where there is no worker (see
 * above). Either way the caller gets the same file or the same AppError.
 */
export async function runExport(
  db: Kysely<Database>,
  job: ExportJob,
  inProcess: () => Promise<ExportedFile>,
  options: ExportRunnerOptions = EXPORT_LIMITS,
): Promise<ExportedFile> {
  const url = options.workerUrl ?? builtWorkerUrl();
  const source = url ? await databaseSourceOf(db) : null;
  if (!url || !source) return inProcess();
  let worker = workers.get(url.href);
  if (!worker) {
    worker = new ExportWorker(url, options);
    workers.set(url.href, worker);
  }
  return worker.run(source, job, inProcess);
}
