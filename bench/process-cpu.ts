import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processor time of other processes, for the load step's line on where the cores went: each app server (one event
 * loop uses at most one core: a server near 1.00 is full, and a second one would help) and PostgreSQL's processes
 * together (their backends, the writer, the WAL writer). Read from /proc, so Linux only; elsewhere null and the line
 * is left out.
 */

/** Linux reports /proc times in USER_HZ ticks, 100 per second on every architecture it runs on. */
const TICKS_PER_SECOND = 100;

/** utime + stime of one process in ms, or null when it is gone or /proc is not there. */
function processMs(pid: number | string): { comm: string; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are space-separated.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // After the name: state is field 3 of the man page, utime 14 and stime 15 (index 11 and 12 here).
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? { comm, ms: (ticks * 1000) / TICKS_PER_SECOND } : null;
  } catch {
    return null;
  }
}

/** Processor ms used so far by each of `pids` (null for one that cannot be read). */
export function processesMs(pids: readonly number[]): (number | null)[] {
  return pids.map((pid) => processMs(pid)?.ms ?? null);
}

/**
 * Processor ms used so far by every process named `postgres` (the server and its backends), or null without /proc.
 * A backend that ends during the run takes its time with it: the load step's pools keep theirs open throughout.
 */
export function postgresMs(): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  let total = 0;
  for (const entry of entries) {
    if (!/^\d+$/u.test(entry)) continue;
    const usage = processMs(entry);
    if (usage?.comm === 'postgres') total += usage.ms;
  }
  return total;
}
