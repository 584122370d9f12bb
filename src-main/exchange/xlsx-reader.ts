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
  // The worker starts (a new thread loading its modules) while the file is checked; it gets the file only if the
  // checks pass.
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
  /** The file was refused before parsing: the worker is stopped unused. */
  cancel(): void;
}

/**
 * Starts a worker with `heapMb` of heap; the parse it is then given has `timeoutMs` of time. Should a worker not start
 * at all (a packaged app whose archive a worker cannot load from, say), the file is parsed in-process instead: the
 * checks of xlsx-guard.ts have already bounded what it can cost, the worker's limits are the second line of defence.
 * `options` other than the defaults are for tests.
 */
export function startParser(options: ParseOptions = PARSE_LIMITS): PendingParser {
  const unreadable = (detail: string) =>
    new AppError('INVALID_INPUT', `文件内容无法解析，可能已损坏或不是标准的 Excel 工作簿。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。（技术信息：${detail.slice(0, 120)}）`);
  let worker: Worker | null = null;
  try {
    worker = new Worker(options.workerUrl ?? workerUrl(), {
      // A small young generation: the parse's short-lived objects are collected sooner instead of growing the process
      // by ~35 MB more for a 10,000-row sheet (bench/), at no measurable cost in time.
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: Math.min(8, options.heapMb), stackSizeMb: 4 },
    });
  } catch {
    worker = null;
  }
  let started = false;
  /** Whether the worker failed (or ended) before it was given a file: then the parse runs in-process. */
  let unusable = worker === null;
  /** While a parse runs: how the worker's events end it. */
  let running: { reply(reply: Exclude<WorkerReply, { ready: true }>): void; error(error: Error & { code?: string }): void; exit(code: number): void } | null =
    null;
  worker?.on('message', (reply: WorkerReply) => {
    if ('ready' in reply) started = true;
    else running?.reply(reply);
  });
  worker?.once('error', (error: Error & { code?: string }) => {
    if (running) running.error(error);
    else unusable = true;
  });
  worker?.once('exit', (code) => {
    if (running) running.exit(code);
    else unusable = true;
  });

  return {
    cancel: () => void worker?.terminate(),
    parse(parts) {
      const workerParts = Object.fromEntries(parts);
      const inProcess = () => parseInProcess(workerParts).catch((error: unknown) => Promise.reject(unreadable(String(error))));
      if (worker === null || unusable) {
        void worker?.terminate();
        return inProcess();
      }
      const thread = worker;
      return new Promise((resolve, reject) => {
        let settled = false;
        const finish = (action: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          action();
          void thread.terminate();
        };
        const timer = setTimeout(
          () => finish(() => reject(new AppError('INVALID_INPUT', `文件解析超过 ${options.timeoutMs / 1000} 秒仍未完成，内容可能异常，未导入。`))),
          options.timeoutMs,
        );
        running = {
          reply: (reply) => finish(() => (reply.ok ? resolve(reply.workbook) : reject(unreadable(reply.message)))),
          error: (error) =>
            finish(() => {
              if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
                reject(new AppError('INVALID_INPUT', `文件内容过于庞大或复杂，解析时超出 ${options.heapMb} MB 的内存上限，未导入。`));
              } else if (!started) {
                inProcess().then(resolve, reject);
              } else {
                reject(unreadable(error.message));
              }
            }),
          exit: (code) => finish(() => reject(unreadable(`解析进程意外退出（${code}）`))),
        };
        // Handed over rather than copied where a part owns its memory (what inflating returns): no second copy of a
        // 5 MB sheet in either thread. Not before the worker has loaded: should it fail to, the parts are parsed here.
        thread.postMessage({ parts: workerParts }, started ? ownedBuffers(workerParts) : []);
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
