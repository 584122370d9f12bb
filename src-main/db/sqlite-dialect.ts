import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import { beginInCall, commitInCall, currentCall, rollbackInCall, type CallTransactionState } from './call-transaction';

/**
 * Kysely's SQLite dialect with two changes every write of the app depends on.
 *
 * - `db.transaction()` begins with BEGIN IMMEDIATE, not Kysely's plain BEGIN. A deferred transaction that reads and
 *   then writes asks for the write lock halfway through, holding a read snapshot: when another process (a second
 *   server, a backup tool) has written meanwhile, SQLite answers SQLITE_BUSY at once, without waiting out
 *   busy_timeout, because waiting could not help a stale snapshot. IMMEDIATE takes the write lock first, and
 *   busy_timeout makes it wait for it.
 * - A rollback after SQLite has already rolled the transaction back by itself (it does on SQLITE_FULL, SQLITE_IOERR,
 *   SQLITE_NOMEM) is skipped: Kysely's own ROLLBACK would fail with "cannot rollback - no transaction is active"
 *   and that error would replace the real one, so a full disk would read as an internal error.
 * - Inside a dispatched write (`inCallTransaction`, call-transaction.ts) the call's first write begins one transaction
 *   that the driver holds until the call ends: the service's own transactions join it (nested ones as savepoints), and
 *   so do the 操作日志 row and the remembered answer written after the service returns.
 */
// TypeScript `private`, not `#` fields: the Electron security scanner (scripts/scan-electron.mjs) cannot parse class
// private fields in the built main process.
export class PlanDeskSqliteDialect extends SqliteDialect {
  private readonly dialectConfig: SqliteDialectConfig;
  private readonly sqliteHandle: BetterSqlite3.Database;

  constructor(config: SqliteDialectConfig, sqlite: BetterSqlite3.Database) {
    super(config);
    this.dialectConfig = config;
    this.sqliteHandle = sqlite;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.dialectConfig, this.sqliteHandle);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  private readonly sqliteHandle: BetterSqlite3.Database;
  /** The one connection, wrapped once (Kysely keeps the connections it has seen in a set). */
  private wrapped: DatabaseConnection | null = null;

  constructor(config: SqliteDialectConfig, sqlite: BetterSqlite3.Database) {
    super(config);
    this.sqliteHandle = sqlite;
  }

  /** The dispatched write under way in this async context, when it holds (or may take) this connection's transaction. */
  private call(): CallTransactionState | undefined {
    const call = currentCall();
    return call && (call.holder === null || call.holder.handle === this.sqliteHandle) ? call : undefined;
  }

  private holds(): boolean {
    const call = this.call();
    return call !== undefined && call.holder !== null;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    // The call already holds the single connection (its transaction is open): its own queries go straight through.
    if (this.holds()) return this.wrapped!;
    const connection = await super.acquireConnection();
    this.wrapped ??= this.wrapConnection(connection);
    return this.wrapped;
  }

  override async releaseConnection(): Promise<void> {
    // Held until the call ends (CallTransactionHolder.end), also when this query is the one that began it.
    if (this.holds()) return;
    await super.releaseConnection();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const call = this.call();
    if (!call) {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      return;
    }
    await beginInCall(call, connection, () => this.beginCall(call, connection));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const call = this.call();
    if (!call?.holder) {
      await super.commitTransaction(connection);
      return;
    }
    await commitInCall(call, connection);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const call = this.call();
    if (!call?.holder) {
      if (!this.sqliteHandle.inTransaction) return;
      await super.rollbackTransaction(connection);
      return;
    }
    // The service transaction that began the call's failed: the whole call's work is undone now. The connection is let
    // go by that transaction's own release, which follows; a service that carries on after catching the error begins a
    // new call transaction at its next write. (A savepoint is not rolled back to when SQLite has rolled back by itself.)
    if (await rollbackInCall(call, connection, this.sqliteHandle.inTransaction)) await this.endCall(call, 'rollback', false);
  }

  /** Begins the call's transaction on the connection this query holds; the lock is kept until the call ends. */
  private async beginCall(call: CallTransactionState, connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    call.holder = { handle: this.sqliteHandle, end: (outcome) => this.endCall(call, outcome, true) };
  }

  /** `release`: let the connection go (false when a release of Kysely's own is still to come for it). */
  private async endCall(call: CallTransactionState, outcome: 'commit' | 'rollback', release: boolean): Promise<void> {
    if (!call.holder) return;
    call.holder = null;
    call.stack = [];
    const connection = this.wrapped!;
    try {
      if (outcome === 'commit') {
        try {
          await connection.executeQuery(CompiledQuery.raw('commit'));
        } catch (error) {
          if (this.sqliteHandle.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
          throw error;
        }
      } else if (this.sqliteHandle.inTransaction) {
        // Skipped when SQLite has already rolled back by itself (see above).
        await connection.executeQuery(CompiledQuery.raw('rollback'));
      }
    } finally {
      if (release) await super.releaseConnection();
    }
  }

  /**
   * A lone write (an INSERT, UPDATE or DELETE outside any `db.transaction()`) inside a dispatched write begins the
   * call's transaction first, so it too commits with the call or not at all.
   */
  private wrapConnection(connection: DatabaseConnection): DatabaseConnection {
    return {
      executeQuery: async (query) => {
        const call = this.call();
        if (call && !call.holder && !isRead(query)) await this.beginCall(call, connection);
        return connection.executeQuery(query);
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }
}

/** Statements that change nothing; a raw statement counts as a write unless it plainly reads. */
function isRead(query: CompiledQuery): boolean {
  if (query.query.kind === 'SelectQueryNode') return true;
  if (query.query.kind !== 'RawNode') return false;
  return /^\s*(select|pragma|explain|begin|commit|rollback|savepoint|release)\b/iu.test(query.sql);
}
