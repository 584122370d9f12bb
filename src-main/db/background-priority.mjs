// Background database work — the start-up integrity check, backups — gives way to the thread that answers the user.
// On a two-core office PC the check of a large file (PRAGMA quick_check: seconds at 4 GB) ran at the same priority as
// the app's own thread and slowed its first answers by a third to a half under load (bench/, open-large). Linux keeps
// a nice value per thread, so a worker can lower its own without touching the app's; other systems set it per process
// only, and there the worker keeps its priority. Plain JavaScript: the workers import it as they are (see
// integrity.worker.mjs).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import process from 'node:process';

/** The lowest priority for the calling thread, on Linux; whether it was set. */
export function yieldToForeground() {
  if (process.platform !== 'linux') return false;
  try {
    // /proc/thread-self → /proc/<pid>/task/<tid>: this thread's id, which setpriority takes on Linux.
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(threadId, 19);
    return true;
  } catch {
    return false;
  }
}
