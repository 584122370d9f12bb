// Copies the WAL's committed pages into the database file in a worker thread (see wal-checkpoint.ts), through a
// connection of its own: a checkpoint after a large write (a 10,000-row template import leaves ~40 MB in the WAL)
// copied and flushed on the main thread held the window for 100–200 ms at the end of the write. PASSIVE: it never
// waits for, nor holds up, the app's readers and writers. Plain JavaScript, like the other workers, so the same file
// runs under vitest and in the built app.
import { isMainThread, parentPort } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

if (parentPort && !isMainThread) {
  const port = parentPort;
  port.postMessage({ ready: true });
  port.once('message', ({ file }) => {
    let sqlite;
    let reply;
    try {
      sqlite = new BetterSqlite3(file, { fileMustExist: true });
      const [result] = sqlite.pragma('wal_checkpoint(PASSIVE)');
      reply = { ok: true, result };
    } catch (error) {
      reply = { ok: false, error: { message: error instanceof Error ? error.message : String(error), code: error?.code } };
    } finally {
      // Closed before answering: a connection left open would keep the app's own close from checkpointing the WAL
      // into the database file and removing it.
      sqlite?.close();
    }
    port.postMessage(reply);
  });
}
