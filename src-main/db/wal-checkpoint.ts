import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { onCallEnd } from './call-transaction';
import type { Database } from './database.types';

/**
 * Large writes without the checkpoint at their end on the main thread. SQLite copies the WAL into the database file
 * (a checkpoint) on the commit that takes the WAL past 1,000 pages, in the committing thread: after a 10,000-row
 * template import that copy and its flush held the window for 100–200 ms, after every batch had let it breathe
 * (bench/). Around such a write the connection's automatic checkpoint is off; afterwards a worker with its own
 * connection checkpoints (checkpoint.worker.mjs), and the automatic checkpoint comes back once it is done.
 *
 * Nothing about what is kept changes: each commit is durable in the WAL (synchronous = FULL) whether or not it has been
 * copied into the database file yet; a crash before the copy is recovered from the WAL when the database next opens.
 */

/** SQLite's default, which the app does not change (migrator.ts `applyPragmas`). */
const AUTO_CHECKPOINT_PAGES = 1000;

/** Writes under way or checkpoints not yet done, per database: the automatic checkpoint returns when none is left. */
const deferring = new WeakMap<Kysely<Database>, number>();

export async function withCheckpointAfter<T>(db: Kysely<Database>, write: () => Promise<T>, workerUrl: URL = checkpointWorkerUrl()): Promise<T> {
  const file = db.getExecutor().adapter instanceof SqliteAdapter ? await walDatabaseFile(db) : null;
  // PostgreSQL, an in-memory database, or one not in WAL mode: nothing to defer.
  if (file === null) return write();
  deferring.set(db, (deferring.get(db) ?? 0) + 1);
  await setAutoCheckpoint(db, 0);
  try {
    return await write();
  } finally {
    // Inside a dispatched write the commit comes at the call's end (call-transaction.ts): checkpoint after that.
    onCallEnd(() => {
      void checkpoint(db, file, workerUrl).finally(() => {
        const left = (deferring.get(db) ?? 1) - 1;
        deferring.set(db, left);
        // Restored only when no other such write is still under way.
        if (left === 0) void setAutoCheckpoint(db, AUTO_CHECKPOINT_PAGES).catch(() => undefined);
      });
    });
  }
}

async function walDatabaseFile(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ file: string; mode: string }>`SELECT file, (SELECT journal_mode FROM pragma_journal_mode) AS mode FROM pragma_database_list WHERE name = 'main'`.execute(db);
  const row = rows[0];
  return row?.file && row.mode.toLowerCase() === 'wal' ? row.file : null;
}

const setAutoCheckpoint = (db: Kysely<Database>, pages: number) => sql`PRAGMA wal_autocheckpoint = ${sql.raw(String(pages))}`.execute(db);

type WorkerReply = { ready: true } | { ok: true } | { ok: false; error: { message: string } };

/**
 * The checkpoint in a worker; where no worker can start (a package it cannot load from), here on the app's connection,
 * as SQLite would have done it. A failure is not the write's: the next checkpoint copies what this one did not.
 */
function checkpoint(db: Kysely<Database>, file: string, workerUrl: URL): Promise<void> {
  const here = () => sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(db).then(() => undefined);
  let worker: Worker;
  try {
    worker = new Worker(workerUrl);
  } catch {
    return here().catch(() => undefined);
  }
  return new Promise<void>((resolve) => {
    let started = false;
    let settled = false;
    const settle = (inProcess: boolean) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (inProcess) here().catch(() => undefined).finally(resolve);
      else resolve();
    };
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        started = true;
        worker.postMessage({ file });
      } else {
        settle(false);
      }
    });
    worker.once('error', () => settle(!started));
    worker.once('exit', () => settle(!started));
  });
}

/**
 * Where the worker is: in the built app, an entry of its own in out/main (this code may sit in out/main or in a
 * shared chunk under out/main/chunks); when the sources run (tests), beside this file.
 */
function checkpointWorkerUrl(): URL {
  for (const candidate of ['./checkpoint.worker.js', '../checkpoint.worker.js']) {
    const built = new URL(candidate, import.meta.url);
    if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  }
  return new URL('./checkpoint.worker.mjs', import.meta.url);
}
