import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../api/errors';
import { yieldToEventLoop } from '../db/slices';
import { checkXlsxAsync } from './xlsx-guard';
import type { ExtractedWorkbook } from './xlsx-cells';

/**
 * Reads an uploaded .xlsx into plain cell data: first every check of xlsx-guard.ts (type, size, zip structure,
 * inflated size, rows and columns), then the XML parts it inflated are parsed in a worker thread whose heap is
 * capped, with a time limit. A file that still manages to need more memory or time ends the worker, never the app.
 */

export const PARSE_LIMITS = {
  /** The worker's old-generation heap; loading a 20,000-row sheet into exceljs needed ~70 MB, the reader far less. */
  heapMb: 512,
  timeoutMs: 30_000,
} as const;

export async function readXlsx(bytes: Buffer): Promise<{ workbook: ExtractedWorkbook; notices: string[] }> {
  // The worker kept from the last file, or a new one starting (a thread loading its modules) while the file is checked;
  // it gets the file only if the checks pass.
  const parser = startParser();
  let checked: Awaited<ReturnType<typeof checkXlsxAsync>>;
  try {
    // Inflated off the loop and scanned a window at a time: a 10,000-row sheet checked in one go held the main thread
    // for over 100 ms (bench/).
    checked = await checkXlsxAsync(bytes, yieldToEventLoop);
  } catch (error) {
    parser.cancel();
    throw error;
  }
  const workbook = await parser.parse(checked.parts);
  // The reply arrived in a turn of its own; what the caller does with it starts in the next.
  await yieldToEventLoop();
  return { workbook, notices: checked.notices };
}

/**
 * Where the worker is: in the built app, an entry of its own in out/main (this code may sit in out/main or in a
 * shared chunk under out/main/chunks); when the sources run (tests), beside this file.
 */
function workerUrl(): URL {
  for (const candidate of ['./xlsx-read.worker.js', '../xlsx-read.worker.js']) {
    const built = new URL(candidate, import.meta.url);
    if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  }
  return new URL('./xlsx-read.worker.mjs', import.meta.url);
}

type WorkerReply = { ready: true } | { ok: true; workbook: ExtractedWorkbook } | { ok: false; message: string };

export interface ParseOptions {
  heapMb: number;
  timeoutMs: number;
  /** Tests only: a worker script that cannot start, to exercise the fallback. */
  workerUrl?: URL;
}

/** Parses `parts` (as xlsx-guard.ts returns them) in a worker; see `startParser`. */
export function parseInWorker(parts: ReadonlyMap<string, Uint8Array>, options: ParseOptions = PARSE_LIMITS): Promise<ExtractedWorkbook> {
  return startParser(options).parse(parts);
}

export interface PendingParser {
  /** Hands the checked parts to the worker, once; resolves with the cells or rejects with a Chinese message. */
  parse(parts: ReadonlyMap<string, Uint8Array>): Promise<ExtractedWorkbook>;
  /** The file was refused before parsing: the worker is not used for it. */
  cancel(): void;
}

type ParseEnd = Exclude<WorkerReply, { ready: true }>;

/** A parsing worker and what is known of it: whether it loaded, whether it can still be used, what it is doing. */
class ParseThread {
  /** Whether the worker said it loaded (its modules included). */
  started = false;
  /** Whether it failed or ended: it is never given a file again. */
  dead = false;
  /** While a parse runs: how the worker's events end it. */
  running: { reply(reply: ParseEnd): void; error(error: Error & { code?: string }): void; exit(code: number): void } | null = null;

  constructor(
    readonly worker: Worker,
    /** The options it was started with: a kept worker serves only a parse with the same. */
    readonly key: string,
  ) {
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) this.started = true;
      else this.running?.reply(reply);
    });
    worker.once('error', (error: Error & { code?: string }) => {
      this.dead = true;
      this.running?.error(error);
    });
    worker.once('exit', (code) => {
      this.dead = true;
      this.running?.exit(code);
    });
  }

  stop(): void {
    this.dead = true;
    void this.worker.terminate();
  }
}

/**
 * The worker of the last parse that ended well, kept for the next file for a while: a new worker loads its modules and
 * runs the parse's code unoptimised, a kept one has it compiled (a 10,000-row template: ~30% less parse time from the
 * second file on, bench/). Only a worker whose parse ended well is kept, one at a time; it stops after `KEPT_PARSER_MS`
 * without a file, and never keeps the app from quitting meanwhile. Its limits are its own for every file it parses.
 */
let keptParser: { thread: ParseThread; timer: NodeJS.Timeout } | null = null;
export const KEPT_PARSER_MS = 60_000;

const optionsKey = (options: ParseOptions): string => JSON.stringify([options.heapMb, options.workerUrl?.href ?? null]);

function takeKeptParser(key: string): ParseThread | null {
  const kept = keptParser;
  if (kept === null || kept.thread.key !== key || kept.thread.dead) return null;
  keptParser = null;
  clearTimeout(kept.timer);
  kept.thread.worker.ref();
  return kept.thread;
}

/** After a parse that ended well (or a file refused before it): kept for the next file, or stopped. */
function keepOrStop(thread: ParseThread): void {
  if (thread.dead || !thread.started || (keptParser !== null && !keptParser.thread.dead)) {
    thread.stop();
    return;
  }
  const timer = setTimeout(() => {
    if (keptParser?.thread === thread) keptParser = null;
    thread.stop();
  }, KEPT_PARSER_MS);
  timer.unref();
  thread.worker.unref();
  keptParser = { thread, timer };
}

let parserStarts = 0;
/** How many parsing workers have been started so far (tests). */
export const parserStartCount = (): number => parserStarts;

function newParseThread(options: ParseOptions, key: string): ParseThread | null {
  try {
    const worker = new Worker(options.workerUrl ?? workerUrl(), {
      // A small young generation: the parse's short-lived objects are collected sooner instead of growing the process
      // by ~35 MB more for a 10,000-row sheet (bench/), at no measurable cost in time.
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: Math.min(8, options.heapMb), stackSizeMb: 4 },
    });
    parserStarts += 1;
    return new ParseThread(worker, key);
  } catch {
    return null;
  }
}

/**
 * A worker with `heapMb` of heap (the one kept from the last file, or a new one); the parse it is then given has
 * `timeoutMs` of time. Should a worker not start at all (a packaged app whose archive a worker cannot load from, say),
 * the file is parsed in-process instead: the checks of xlsx-guard.ts have already bounded what it can cost, the
 * worker's limits are the second line of defence. `options` other than the defaults are for tests.
 */
export function startParser(options: ParseOptions = PARSE_LIMITS): PendingParser {
  const unreadable = (detail: string) =>
    new AppError('INVALID_INPUT', `文件内容无法解析，可能已损坏或不是标准的 Excel 工作簿。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。（技术信息：${detail.slice(0, 120)}）`);
  const key = optionsKey(options);
  const thread = takeKeptParser(key) ?? newParseThread(options, key);
  let used = false;

  return {
    cancel: () => {
      if (used || thread === null) return;
      used = true;
      keepOrStop(thread);
    },
    parse(parts) {
      used = true;
      const workerParts = Object.fromEntries(parts);
      const inProcess = () => parseInProcess(workerParts).catch((error: unknown) => Promise.reject(unreadable(String(error))));
      // A worker that failed or ended before it was given a file: the parse runs in-process.
      if (thread === null || thread.dead) {
        thread?.stop();
        return inProcess();
      }
      return new Promise((resolve, reject) => {
        let settled = false;
        const finish = (action: () => void, keep: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          thread.running = null;
          if (keep) keepOrStop(thread);
          else thread.stop();
          action();
        };
        const timer = setTimeout(
          () => finish(() => reject(new AppError('INVALID_INPUT', `文件解析超过 ${options.timeoutMs / 1000} 秒仍未完成，内容可能异常，未导入。`)), false),
          options.timeoutMs,
        );
        const started = thread.started;
        thread.running = {
          // Kept only after a parse that ended well; a file that broke the parse takes its worker with it.
          reply: (reply) => finish(() => (reply.ok ? resolve(reply.workbook) : reject(unreadable(reply.message))), reply.ok),
          error: (error) =>
            finish(() => {
              if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
                reject(new AppError('INVALID_INPUT', `文件内容过于庞大或复杂，解析时超出 ${options.heapMb} MB 的内存上限，未导入。`));
              } else if (!started && !thread.started) {
                inProcess().then(resolve, reject);
              } else {
                reject(unreadable(error.message));
              }
            }, false),
          exit: (code) => finish(() => reject(unreadable(`解析进程意外退出（${code}）`)), false),
        };
        // Handed over rather than copied where a part owns its memory (what inflating returns): no second copy of a
        // 5 MB sheet in either thread. Not before the worker has loaded: should it fail to, the parts are parsed here.
        thread.worker.postMessage({ parts: workerParts }, started ? ownedBuffers(workerParts) : []);
      });
    },
  };
}

/** The parts' memory that can be moved to the worker: a part that is all of its ArrayBuffer (not a view into the file). */
function ownedBuffers(parts: Record<string, Uint8Array>): ArrayBuffer[] {
  const owned = new Set<ArrayBuffer>();
  for (const part of Object.values(parts)) {
    const { buffer } = part;
    if (buffer instanceof ArrayBuffer && part.byteLength > 0 && part.byteOffset === 0 && part.byteLength === buffer.byteLength) owned.add(buffer);
  }
  return [...owned];
}

interface WorkerModule {
  extract(parts: Record<string, Uint8Array>): ExtractedWorkbook;
}

async function parseInProcess(parts: Record<string, Uint8Array>): Promise<ExtractedWorkbook> {
  const module = (await import(/* @vite-ignore */ workerUrl().href)) as WorkerModule;
  return module.extract(parts);
}
