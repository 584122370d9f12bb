// Writes a backup copy of a database file in a worker thread (see writeBackupFile in backup-file.ts): through its own
// read-only connection, in ONE step of SQLite's online backup API, so the copy is the snapshot of the moment the step
// began (the app's connection keeps writing meanwhile; a step-by-step copy from a second connection would restart at
// every such write). The copy's final commit flushes a 1 GB file to disk, which on the main thread held the window for
// ~150 ms at the end of every backup (bench/). The copy is then switched to rollback-journal mode, one self-contained
// file. Plain JavaScript, like the other workers, so the same file runs under vitest and in the built app.
import { isMainThread, parentPort } from 'node:worker_threads';
import { yieldToForeground } from './background-priority.mjs';
import BetterSqlite3 from 'better-sqlite3';

if (parentPort && !isMainThread) {
  const port = parentPort;
  port.postMessage({ ready: true });
  port.once('message', async ({ source, partial }) => {
    yieldToForeground();
    let sqlite;
    let reply;
    try {
      sqlite = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
      // better-sqlite3 asks for 0 pages first, then as many as the callback returns: all of them, in one step.
      await sqlite.backup(partial, { progress: () => 0x7fffffff });
      const copy = new BetterSqlite3(partial, { fileMustExist: true });
      try {
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
      reply = { ok: true };
    } catch (error) {
      reply = { ok: false, error: { message: error instanceof Error ? error.message : String(error), code: error?.code } };
    } finally {
      // Closed before answering: the app ends this thread on the answer, and a connection left open would keep the
      // app's own close from checkpointing the WAL into the database file (and a restore from replacing it).
      sqlite?.close();
    }
    port.postMessage(reply);
  });
}
