import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type DatabaseConnection } from 'kysely';

/**
 * One dispatched write as one unit of work: the service's changes, the 操作日志 row and the remembered answer to its
 * request id commit together or not at all.
 *
 * Services keep their own `db.transaction()` calls and stay unaware of it. Inside `inCallTransaction`, the connection's
 * driver (sqlite-dialect.ts, postgres-dialect.ts) begins the call's transaction at the call's first write (a
 * `db.transaction()` or a lone INSERT/UPDATE/DELETE), holds it — the service's own commit only marks its part done, a
 * nested transaction becomes a savepoint — and commits when the whole call has finished. Reads before the first write,
 * and slow preparation the services deliberately do before their transaction (scrypt hashing, parsing a file in a
 * worker), run without holding the write lock, so other people's calls go on meanwhile.
 *
 * The state is kept in AsyncLocalStorage because the services receive the app's one `Kysely` instance when the
 * handlers are built, not per call; the driver tells one call's queries from another's by it.
 */
export interface CallTransactionState {
  /** The connection whose transaction this call holds (set by the driver at the call's first write). */
  holder: CallTransactionHolder | null;
  /** Savepoints of nested transactions, innermost last; `null` marks the service transaction that began the call's. */
  stack: (string | null)[];
  /** Set when the call has ended: work it left running (a timer, a promise not awaited) no longer joins it. */
  ended: boolean;
  savepoints: number;
  /** Work that must wait for the call's commit (see onCallEnd). */
  afterEnd: (() => void)[];
}

/** What the driver gives the call so it can end the transaction it holds. */
export interface CallTransactionHolder {
  /**
   * What the transaction runs on — the better-sqlite3 handle, or the PostgreSQL driver (a pooled connection it keeps for
   * the call): another handle's or driver's queries are not part of this call.
   */
  handle: object;
  end(outcome: 'commit' | 'rollback'): Promise<void>;
}

const calls = new AsyncLocalStorage<CallTransactionState>();

/** The call under way in this async context, if it has not ended. */
export function currentCall(): CallTransactionState | undefined {
  const state = calls.getStore();
  return state && !state.ended ? state : undefined;
}

/**
 * Runs `work` (the handler, then the audit row and the remembered answer) as one transaction: committed when `work`
 * resolves, rolled back when it throws. A call that never writes opens no transaction.
 */
export async function inCallTransaction<T>(work: () => Promise<T>): Promise<T> {
  const state: CallTransactionState = { holder: null, stack: [], ended: false, savepoints: 0, afterEnd: [] };
  return calls.run(state, async () => {
    try {
      let result: T;
      try {
        result = await work();
      } catch (error) {
        state.ended = true;
        await state.holder?.end('rollback');
        throw error;
      }
      state.ended = true;
      await state.holder?.end('commit');
      return result;
    } finally {
      for (const run of state.afterEnd.splice(0)) run();
    }
  });
}

/**
 * A service's `db.transaction()` inside the call, on the call's connection: the call's first begins the call's
 * transaction (`beginCall`, the driver's: BEGIN IMMEDIATE, or BEGIN and the write lock), a later or nested one a savepoint.
 */
export async function beginInCall(call: CallTransactionState, connection: DatabaseConnection, beginCall: () => Promise<void>): Promise<void> {
  if (call.holder) {
    const name = `pd_call_${++call.savepoints}`;
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
    call.stack.push(name);
    return;
  }
  await beginCall();
  call.stack.push(null);
}

/** Its commit: a savepoint is released; the transaction that began the call's commits with the call (holder.end). */
export async function commitInCall(call: CallTransactionState, connection: DatabaseConnection): Promise<void> {
  const name = call.stack.pop();
  if (name) await connection.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
}

/**
 * Its rollback: a savepoint undoes the nested part only (both engines accept this in a transaction a failed statement
 * has aborted), unless the transaction is no longer `open`. True for the transaction that began the call's: then the
 * whole call's work is to be undone, which the driver does.
 */
export async function rollbackInCall(call: CallTransactionState, connection: DatabaseConnection, open = true): Promise<boolean> {
  const name = call.stack.pop();
  if (!name) return true;
  if (open) {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }
  return false;
}

/**
 * Runs `work` once the dispatched write under way has committed (or rolled back), or now when there is none: what a
 * service starts after its own transaction "commits" — a WAL checkpoint in a worker (wal-checkpoint.ts) — must see the
 * call's commit, which comes only after the audit row.
 */
export function onCallEnd(work: () => void): void {
  const call = currentCall();
  if (call) call.afterEnd.push(work);
  else work();
}
