// Runs SQLite's integrity check of a database file in a worker thread (see checkDatabaseFileOffThread in
// integrity.ts): on a 1 GB database PRAGMA quick_check takes over a second, which on the main thread would hold the
// window (or browser mode's first page) for as long. Plain JavaScript, like the other workers, so the same file runs
// under vitest from the sources and in the built app as its own entry. It answers with what it found; integrity.ts
// turns that into the app's error, exactly as the in-process check does.
import { isMainThread, parentPort } from 'node:worker_threads';
import { yieldToForeground } from './background-priority.mjs';
import BetterSqlite3 from 'better-sqlite3';

if (parentPort && !isMainThread) {
  const port = parentPort;
  port.once('message', ({ file, check }) => {
    yieldToForeground();
    let sqlite;
    try {
      sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      const pragma = check === 'quick' ? 'quick_check(20)' : 'integrity_check(20)';
      const problems = sqlite.pragma(pragma).map((row) => String(Object.values(row)[0] ?? ''));
      const userVersion = Number(sqlite.pragma('user_version', { simple: true }));
      port.postMessage({ ok: true, problems, userVersion });
    } catch (error) {
      port.postMessage({ ok: false, error: { message: error instanceof Error ? error.message : String(error), code: error?.code } });
    } finally {
      sqlite?.close();
    }
  });
}
