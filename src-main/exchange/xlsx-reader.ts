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

/** Where the worker is: beside the bundle in the built app, beside this file when the sources run (tests). */
function workerUrl(): URL {
  const built = new URL('./xlsx-read.worker.js', import.meta.url);
  if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  return new URL('./xlsx-read.worker.mjs', import.meta.url);
}

type WorkerReply = { ok: true; workbook: ExtractedWorkbook } | { ok: false; message: string };

export function parseInWorker(bytes: Buffer): Promise<ExtractedWorkbook> {
  const unreadable = (detail: string) =>
    new AppError('INVALID_INPUT', `文件内容无法解析，可能已损坏或不是标准的 Excel 工作簿。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。（技术信息：${detail.slice(0, 120)}）`);
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl(), {
      workerData: { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      resourceLimits: { maxOldGenerationSizeMb: PARSE_LIMITS.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new AppError('INVALID_INPUT', `文件解析超过 ${PARSE_LIMITS.timeoutMs / 1000} 秒仍未完成，内容可能异常，未导入。`))),
      PARSE_LIMITS.timeoutMs,
    );
    worker.once('message', (reply: WorkerReply) => finish(() => (reply.ok ? resolve(reply.workbook) : reject(unreadable(reply.message)))));
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError('INVALID_INPUT', `文件内容过于庞大或复杂，解析时超出 ${PARSE_LIMITS.heapMb} MB 的内存上限，未导入。`)
            : unreadable(error.message),
        ),
      ),
    );
    worker.once('exit', (code) => finish(() => reject(unreadable(`解析进程意外退出（${code}）`))));
  });
}
