import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../api/errors';
import { checkXlsx } from './xlsx-guard';
import type { ExtractedWorkbook } from './xlsx-cells';

/**
 * Reads an uploaded .xlsx into plain cell data: first every check of xlsx-guard.ts (type, size, zip structure,
 * inflated size, rows and columns), then exceljs in a worker thread whose heap is capped, with a time limit. A file
 * that still manages to need more memory or time ends the worker, never the app.
 */

export const PARSE_LIMITS = {
  /** The worker's old-generation heap; exceljs needed ~70 MB for a 20,000-row sheet. */
  heapMb: 512,
  timeoutMs: 30_000,
} as const;

export async function readXlsx(bytes: Buffer): Promise<{ workbook: ExtractedWorkbook; notices: string[] }> {
  const checked = await checkXlsx(bytes);
  return { workbook: await parseInWorker(checked.bytes), notices: checked.notices };
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

/**
 * Parses in a worker with `heapMb` of heap and `timeoutMs` of time. Should a worker not start at all (a packaged
 * app whose archive a worker cannot load from, say), the file is parsed in-process instead: the checks of
 * xlsx-guard.ts have already bounded what it can cost, the worker's limits are the second line of defence.
 * `options` other than the defaults are for tests.
 */
export function parseInWorker(bytes: Buffer, options: ParseOptions = PARSE_LIMITS): Promise<ExtractedWorkbook> {
  const unreadable = (detail: string) =>
    new AppError('INVALID_INPUT', `文件内容无法解析，可能已损坏或不是标准的 Excel 工作簿。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。（技术信息：${detail.slice(0, 120)}）`);
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(options.workerUrl ?? workerUrl(), {
        workerData: { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
        resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: Math.min(32, options.heapMb), stackSizeMb: 4 },
      });
    } catch {
      parseInProcess(bytes).then(resolve, (error: unknown) => reject(unreadable(String(error))));
      return;
    }
    let started = false;
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new AppError('INVALID_INPUT', `文件解析超过 ${options.timeoutMs / 1000} 秒仍未完成，内容可能异常，未导入。`))),
      options.timeoutMs,
    );
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        started = true;
        return;
      }
      finish(() => (reply.ok ? resolve(reply.workbook) : reject(unreadable(reply.message))));
    });
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(new AppError('INVALID_INPUT', `文件内容过于庞大或复杂，解析时超出 ${options.heapMb} MB 的内存上限，未导入。`));
        } else if (!started) {
          parseInProcess(bytes).then(resolve, (failure: unknown) => reject(unreadable(String(failure))));
        } else {
          reject(unreadable(error.message));
        }
      }),
    );
    worker.once('exit', (code) => finish(() => reject(unreadable(`解析进程意外退出（${code}）`))));
  });
}

interface WorkerModule {
  extract(bytes: Uint8Array): Promise<ExtractedWorkbook>;
}

async function parseInProcess(bytes: Buffer): Promise<ExtractedWorkbook> {
  const module = (await import(/* @vite-ignore */ workerUrl().href)) as WorkerModule;
  return module.extract(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
