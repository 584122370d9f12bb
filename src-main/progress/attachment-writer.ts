import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The threads that write attachments (attachment-write.worker.mjs). On the shared server a report's file went through
 * eight thread-pool steps (open, write, fsync, close, rename, open, fsync and close of the folder), each waiting for a
 * free libuv thread — behind the password checks of officers logging in — and then for a turn of the busy event loop:
 * tens to hundreds of milliseconds per report under load. Here it is one message each way; a worker does the same
 * steps in the same order, and files that arrive at one worker together share their folder's fsync. Nothing about
 * durability changes: the answer comes after the file and the folder are fsynced, so before the caller commits the row.
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
  /** Which writer thread wrote it. */
  thread: number;
}

type Reply = { ready: true } | { id: number; ok: true; sha256: string; steps: string[]; batch: number; thread: number } | { id: number; ok: false; error: WorkerError };
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

/** One writer thread and the files it has not answered for yet. */
interface Lane {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class AttachmentWriter {
  private readonly lanes: Lane[] = [];
  private broken = false;
  private nextId = 1;

  /**
   * `threads`: at most this many writer threads, so that one file's fsync on a busy disk does not hold up the next
   * officer's (libuv's pool ran a few at once too); a second starts only when the first is busy.
   */
  constructor(
    private readonly workerUrl: URL = attachmentWorkerUrl(),
    private readonly threads = 2,
  ) {}

  /** Writes `content` durably as `dir/storedName`; null when there is no worker (the caller writes it itself). */
  write(dir: string, storedName: string, content: Buffer): Promise<WrittenFile | null> {
    const lane = this.laneFor();
    if (!lane) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise<WrittenFile | null>((resolve, reject) => {
      lane.pending.set(id, { dir, storedName, resolve, reject });
      // Kept alive only while a file is on its way (a script that saves one report still ends).
      if (lane.pending.size === 1) lane.worker.ref();
      // Copied, not transferred: a small Buffer shares its memory with others (Node's pool).
      lane.worker.postMessage({ id, dir, storedName, content });
    });
  }

  /** Stops the threads (tests; a process that exits needs not call it). Files on their way are written by their callers. */
  async close(): Promise<void> {
    this.broken = true;
    const lanes = this.lanes.splice(0);
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
    for (const lane of lanes) giveBack(lane);
  }

  /** The least busy thread; another is started when every running one is busy and fewer than `threads` run. */
  private laneFor(): Lane | null {
    if (this.broken) return null;
    const least = this.lanes.reduce<Lane | null>((best, lane) => (best === null || lane.pending.size < best.pending.size ? lane : best), null);
    if (least && (least.pending.size === 0 || this.lanes.length >= this.threads)) return least;
    return this.start() ?? least;
  }

  private start(): Lane | null {
    let worker: Worker;
    try {
      worker = new Worker(this.workerUrl);
    } catch {
      this.broken = true;
      return null;
    }
    const lane: Lane = { worker, pending: new Map() };
    this.lanes.push(lane);
    worker.unref();
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return;
      const job = lane.pending.get(reply.id);
      if (!job) return;
      lane.pending.delete(reply.id);
      if (lane.pending.size === 0) worker.unref();
      if (reply.ok) job.resolve({ sha256: reply.sha256, steps: reply.steps, batch: reply.batch, thread: reply.thread });
      else job.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    // A thread that cannot start (its file missing from a build) or dies: its files go back to their callers, and from
    // then on the store writes files itself.
    const fail = () => {
      const at = this.lanes.indexOf(lane);
      if (at < 0) return;
      this.lanes.splice(at, 1);
      this.broken = true;
      giveBack(lane);
    };
    worker.once('error', fail);
    worker.once('exit', fail);
    return lane;
  }
}

/** Files a thread did not answer for go back to their callers (null), what it may have left of them removed. */
function giveBack(lane: Lane): void {
  for (const [id, job] of lane.pending) {
    lane.pending.delete(id);
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

let shared: AttachmentWriter | null = null;

/** The process's writer threads, started at the first files. */
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
