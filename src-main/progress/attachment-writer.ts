import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The thread that writes attachments (attachment-write.worker.mjs). On the shared server a report's file went through
 * eight thread-pool steps (open, write, fsync, close, rename, open, fsync and close of the folder), each waiting for a
 * free libuv thread — behind the password checks of officers logging in — and then for a turn of the busy event loop:
 * tens to hundreds of milliseconds per report under load. Here it is one message each way; the worker does the same
 * steps in the same order, and files that arrive together share their folder's fsync. Nothing about durability
 * changes: the answer comes after the file and the folder are fsynced, so before the caller commits the row.
 *
 * Where the worker cannot start (a build that lacks its file) or dies, `write` answers null and the caller writes the
 * file itself, as before.
 */

export interface WrittenFile {
  sha256: string;
  /** The steps the worker took, in order (write, fsync file, rename, fsync folder): what tests check. */
  steps: string[];
  /** How many files shared the folder's fsync. */
  batch: number;
}

type Reply = { ready: true } | { id: number; ok: true; sha256: string; steps: string[]; batch: number } | { id: number; ok: false; error: WorkerError };
interface WorkerError {
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}
interface Pending {
  dir: string;
  storedName: string;
  resolve: (file: WrittenFile | null) => void;
  reject: (error: Error) => void;
}

export class AttachmentWriter {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly workerUrl: URL = attachmentWorkerUrl()) {}

  /** Writes `content` durably as `dir/storedName`; null when there is no worker (the caller writes it itself). */
  write(dir: string, storedName: string, content: Buffer): Promise<WrittenFile | null> {
    const worker = this.started();
    if (!worker) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise<WrittenFile | null>((resolve, reject) => {
      this.pending.set(id, { dir, storedName, resolve, reject });
      // Kept alive only while a file is on its way (a script that saves one report still ends).
      if (this.pending.size === 1) worker.ref();
      // Copied, not transferred: a small Buffer shares its memory with others (Node's pool).
      worker.postMessage({ id, dir, storedName, content });
    });
  }

  /** Stops the thread (tests; a process that exits needs not call it). Files on their way are written by their callers. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.broken = true;
    this.worker = null;
    if (worker) await worker.terminate();
    this.giveBack();
  }

  private started(): Worker | null {
    if (this.broken) return null;
    if (this.worker) return this.worker;
    try {
      this.worker = new Worker(this.workerUrl);
    } catch {
      this.broken = true;
      return null;
    }
    const worker = this.worker;
    worker.unref();
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return;
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) job.resolve({ sha256: reply.sha256, steps: reply.steps, batch: reply.batch });
      else job.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    const fail = () => {
      if (this.worker !== worker) return;
      this.broken = true;
      this.worker = null;
      this.giveBack();
    };
    worker.once('error', fail);
    worker.once('exit', fail);
    return worker;
  }

  /** Files the worker did not answer for go back to their callers (null), what it may have left of them removed. */
  private giveBack(): void {
    for (const [id, job] of this.pending) {
      this.pending.delete(id);
      for (const file of [join(job.dir, `.${job.storedName}.partial`), join(job.dir, job.storedName)]) {
        try {
          rmSync(file, { force: true });
        } catch {
          // Its folder is gone or is a file: nothing was left there.
        }
      }
      job.resolve(null);
    }
  }
}

let shared: AttachmentWriter | null = null;

/** The process's one writer thread, started at the first file. */
export function sharedAttachmentWriter(): AttachmentWriter {
  shared ??= new AttachmentWriter();
  return shared;
}

/**
 * Where the worker is: in the built app, an entry of its own in out/main (this code may sit in out/main or in a shared
 * chunk under out/main/chunks); when the sources run (tests), beside this file.
 */
function attachmentWorkerUrl(): URL {
  for (const candidate of ['./attachment-write.worker.js', '../attachment-write.worker.js']) {
    const built = new URL(candidate, import.meta.url);
    if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  }
  return new URL('./attachment-write.worker.mjs', import.meta.url);
}
