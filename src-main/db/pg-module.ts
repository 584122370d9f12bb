import { createRequire } from 'node:module';
import type pg from 'pg';

let loaded: typeof pg | null = null;

/**
 * The PostgreSQL driver, loaded on first use. Every install opens SQLite unless a shared server names a PostgreSQL
 * address, and loading `pg` at start cost ~29 ms of one synchronous start-up stretch (bench/ first paint, CPU
 * profile) for a driver most installs never touch. `pg` is CommonJS, so `require` loads it synchronously here,
 * keeping the callers' APIs as they were.
 */
export function pgModule(): typeof pg {
  loaded ??= createRequire(import.meta.url)('pg') as typeof pg;
  return loaded;
}
