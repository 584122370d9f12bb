/**
 * Long work on the main thread in slices, the event loop free between them, so that the window and every other call
 * keep answering (issue 13: no step may hold the loop for more than 100 ms). better-sqlite3 runs each statement
 * synchronously: a query or an INSERT over 10,000 rows is one block however it is awaited, so the work is cut into
 * statements over a few hundred rows each.
 *
 * Inside a transaction this is safe on the app's single connection: Kysely's SQLite driver hands the connection to one
 * caller at a time (its connection mutex), and a transaction keeps it until COMMIT or ROLLBACK, so another call's
 * statements wait for the end of the transaction instead of running inside it.
 */

/**
 * Rows per statement: a few tens of milliseconds of SQLite or JavaScript work each on the reference data (bench/; 500
 * tasks' report history, ~6,500 rows, took 60–160 ms on a loaded machine).
 */
export const SLICE_ROWS = 250;

/** Lets the event loop run whatever is waiting (timers, I/O, other calls) before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `items` cut into consecutive slices of at most `size`. */
export function slicesOf<T>(items: readonly T[], size: number = SLICE_ROWS): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}
