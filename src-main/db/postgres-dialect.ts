import type pg from 'pg';
import { rememberPostgresAddress } from './database-source';
import type { Database } from './database.types';
import { pgModule } from './pg-module';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type InsertQueryNode,
  type OperationNode,
  type OrderByItemNode,
  type PostgresDialectConfig,
  type QueryCompiler,
  type QueryResult,
  type RawNode,
  type TransactionSettings,
} from 'kysely';
import { postgresFormOf } from '../rules/sql-per-engine';
import { beginInCall, commitInCall, currentCall, rollbackInCall, type CallTransactionState } from './call-transaction';

/**
 * Kysely's PostgreSQL dialect with what the app's services expect of a database (they were written for SQLite):
 *
 * - Write transactions one at a time, like SQLite's BEGIN IMMEDIATE (sqlite-dialect.ts): every `db.transaction()`
 *   takes one transaction-scoped advisory lock first. The services read and then write (the next number of a 督办单,
 *   a unit's rows in a round) on the understanding that no other write runs in between; with several app servers
 *   and a pool of connections that holds only if the database serialises them. Reads outside transactions run in
 *   parallel, on any server.
 * - Within one process the write transactions wait for their turn (WriteTurns) before they take a pooled connection:
 *   a connection is taken from the pool at its first query (LazyConnection), and a write transaction's first query
 *   comes after its turn. Waiting for the advisory lock on a connection held it idle: under load (150 officers, a pool
 *   of 10) seven of ten connections waited so and reads queued behind them. The advisory lock stays, for the writers of
 *   other app servers; of this process's writers only the one whose turn it is asks for it.
 * - Inside a dispatched write (`inCallTransaction`, call-transaction.ts) the call's first write begins one transaction
 *   on a pooled connection the call keeps until it ends, taking the write lock once: the service's own transactions
 *   join it (nested ones as savepoints), and so do the 操作日志 row and the remembered answer written after the service
 *   returns, as on SQLite (sqlite-dialect.ts). Once it is open, every query of the call runs on that connection.
 * - The SQL fragments written per engine (rules/sql-per-engine.ts) are compiled in their PostgreSQL form.
 * - ORDER BY puts NULLs where SQLite does, first ascending and last descending (PostgreSQL's default is the reverse):
 *   a list sorted by 最近填报 shows the tasks never reported in the same place on both engines.
 *
 * There is no statement cache here: the SQLite one (statement-cache.ts) saves better-sqlite3's per-call prepare; pg
 * sends each query with its text, and PostgreSQL plans it on arrival.
 */
// TypeScript `private`, not `#` fields: the Electron security scanner cannot parse class private fields (see
// sqlite-dialect.ts).
export class PlanDeskPostgresDialect extends PostgresDialect {
  private readonly dialectConfig: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.dialectConfig = config;
  }

  override createDriver(): Driver {
    return new SerialWritesPostgresDriver(this.dialectConfig);
  }

  override createQueryCompiler(): QueryCompiler {
    return new PerEngineQueryCompiler();
  }
}

/** The advisory lock key every write transaction takes ('plan' in ASCII); migrations take another (postgres-migrator.ts). */
const WRITE_LOCK_KEY = 0x706c616e;

/**
 * The write transactions of one process (one driver, one pool) in turn, first come first served: `take` resolves when
 * it is the caller's turn, and each turn taken ends with one `done`. A turn ending goes straight to the next in line,
 * so no write arriving later can slip in before those already waiting.
 */
class WriteTurns {
  private taken = false;
  private readonly waiting: (() => void)[] = [];

  take(): Promise<void> {
    if (!this.taken) {
      this.taken = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  done(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.taken = false;
  }
}

/**
 * The connection Kysely is handed: a pooled one is taken at its first query, not before, so that a write transaction
 * waiting for its turn holds none (see WriteTurns).
 */
class LazyConnection implements DatabaseConnection {
  /** The pooled connection, once taken. */
  pooled: KyselyPostgresConnection | null = null;
  /** Whether this connection's transaction has this process's write turn. */
  hasTurn = false;
  private taking: Promise<KyselyPostgresConnection> | null = null;

  constructor(private readonly take: () => Promise<KyselyPostgresConnection>) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return (await this.connection()).executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const pooled: DatabaseConnection = await this.connection();
    yield* pooled.streamQuery<R>(query, chunkSize);
  }

  private connection(): Promise<KyselyPostgresConnection> {
    this.taking ??= this.take().then((pooled) => (this.pooled = pooled));
    return this.taking;
  }
}

class SerialWritesPostgresDriver extends PostgresDriver {
  /** The connection each dispatched write holds its transaction on (call-transaction.ts), by call. */
  private readonly held = new WeakMap<CallTransactionState, DatabaseConnection>();
  /** The lazy connection behind each wrapper handed out to a dispatched write (its release goes to the original). */
  private readonly originals = new WeakMap<DatabaseConnection, LazyConnection>();
  /** This process's write transactions, one at a time. */
  private readonly turns = new WriteTurns();

  /** The dispatched write under way in this async context, when it holds (or may take) a transaction of this driver. */
  private call(): CallTransactionState | undefined {
    const call = currentCall();
    return call && (call.holder === null || call.holder.handle === this) ? call : undefined;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    // The call's transaction is open: every query of the call runs in it (its reads see its own writes), on its connection.
    const call = this.call();
    const held = call?.holder ? this.held.get(call) : undefined;
    if (held) return held;
    const connection = new LazyConnection(() => super.acquireConnection() as Promise<KyselyPostgresConnection>);
    if (!call) return connection;
    const wrapped = this.wrapConnection(call, connection);
    this.originals.set(wrapped, connection);
    return wrapped;
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // The call's connection is let go when the call ends (CallTransactionHolder.end), also after the query that began it.
    const call = this.call();
    if (call?.holder && this.held.get(call) === connection) return;
    const lazy = this.lazy(connection);
    try {
      if (lazy.pooled) await super.releaseConnection(lazy.pooled);
    } finally {
      // A transaction that ended without commit or rollback (its BEGIN failed) gives up its turn here.
      this.endTurn(lazy);
    }
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const call = this.call();
    if (!call) {
      // The turn first, then the pooled connection (taken by BEGIN, the connection's first query).
      await this.takeTurn(this.lazy(connection));
      await super.beginTransaction(connection, settings);
      try {
        await connection.executeQuery(CompiledQuery.raw(WRITE_LOCK));
      } catch (error) {
        // Kysely rolls back only a transaction whose begin succeeded: this one must not go back to the pool open.
        await super.rollbackTransaction(this.original(connection)).catch(() => undefined);
        throw error;
      }
      return;
    }
    // A later one inside the call's is a savepoint, the write lock already held.
    await beginInCall(call, connection, () => this.beginCall(call, connection));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const call = this.call();
    if (!call?.holder) {
      try {
        await super.commitTransaction(this.original(connection));
      } finally {
        this.endTurn(this.lazy(connection));
      }
      return;
    }
    await commitInCall(call, connection);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const call = this.call();
    if (!call?.holder) {
      try {
        await super.rollbackTransaction(this.original(connection));
      } finally {
        this.endTurn(this.lazy(connection));
      }
      return;
    }
    // The service transaction that began the call's failed: the whole call's work is undone now, and Kysely's own
    // release of this connection follows (the call no longer holds it).
    if (await rollbackInCall(call, connection)) await this.endCall(call, 'rollback', false);
  }

  /** Begins the call's transaction on `connection` and takes the write lock once, both kept until the call ends. */
  private async beginCall(call: CallTransactionState, connection: DatabaseConnection): Promise<void> {
    const lazy = this.lazy(connection);
    await this.takeTurn(lazy);
    try {
      await connection.executeQuery(CompiledQuery.raw('begin'));
    } catch (error) {
      this.endTurn(lazy);
      throw error;
    }
    this.held.set(call, connection);
    call.holder = { handle: this, end: (outcome) => this.endCall(call, outcome, true) };
    try {
      await connection.executeQuery(CompiledQuery.raw(WRITE_LOCK));
    } catch (error) {
      await this.endCall(call, 'rollback', false);
      throw error;
    }
  }

  /** `release`: let the connection go (false when a release of Kysely's own is still to come for it). */
  private async endCall(call: CallTransactionState, outcome: 'commit' | 'rollback', release: boolean): Promise<void> {
    const connection = this.held.get(call);
    if (!call.holder || !connection) return;
    call.holder = null;
    call.stack = [];
    this.held.delete(call);
    try {
      if (outcome === 'commit') {
        try {
          await super.commitTransaction(this.original(connection));
        } catch (error) {
          await super.rollbackTransaction(this.original(connection)).catch(() => undefined);
          throw error;
        }
      } else {
        await super.rollbackTransaction(this.original(connection));
      }
    } finally {
      this.endTurn(this.lazy(connection));
      if (release) await super.releaseConnection(this.original(connection));
    }
  }

  /** Waits for this process's write turn (WriteTurns); the connection's transaction has it until `endTurn`. */
  private async takeTurn(connection: LazyConnection): Promise<void> {
    await this.turns.take();
    connection.hasTurn = true;
  }

  private endTurn(connection: LazyConnection): void {
    if (!connection.hasTurn) return;
    connection.hasTurn = false;
    this.turns.done();
  }

  /**
   * A lone write (an INSERT, UPDATE or DELETE outside any `db.transaction()`) inside a dispatched write begins the
   * call's transaction first, on its connection, so it too commits with the call or not at all.
   */
  private wrapConnection(call: CallTransactionState, connection: LazyConnection): DatabaseConnection {
    const wrapped: DatabaseConnection = {
      executeQuery: async (query) => {
        if (!call.ended && !call.holder && !isRead(query)) await this.beginCall(call, wrapped);
        return connection.executeQuery(query);
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    return wrapped;
  }

  /** The lazy connection behind one handed out (acquireConnection hands out lazy ones, or wrappers of them). */
  private lazy(connection: DatabaseConnection): LazyConnection {
    return this.originals.get(connection) ?? (connection as LazyConnection);
  }

  /** Kysely's pooled connection behind one handed out, taken by now: its commit, rollback and release need it. */
  private original(connection: DatabaseConnection): KyselyPostgresConnection {
    const pooled = this.lazy(connection).pooled;
    if (!pooled) throw new Error('PostgreSQL connection used for a transaction before any query took it from the pool.');
    return pooled;
  }
}

/** Kysely's PostgreSQL connection class (not exported): its release and rollback take it. */
type KyselyPostgresConnection = Parameters<PostgresDriver['releaseConnection']>[0];

const WRITE_LOCK = `select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`;

/** Statements that change nothing; a raw statement counts as a write unless it plainly reads. */
function isRead(query: CompiledQuery): boolean {
  if (query.query.kind === 'SelectQueryNode') return true;
  if (query.query.kind !== 'RawNode') return false;
  return /^\s*(select|with\s+[^;]*\bselect\b[^;]*$|show|explain|begin|start|commit|rollback|savepoint|release)\b/iu.test(query.sql);
}

class PerEngineQueryCompiler extends PostgresQueryCompiler {
  private insertTarget: OperationNode | undefined;

  protected override visitInsertQuery(node: InsertQueryNode): void {
    const outer = this.insertTarget;
    this.insertTarget = node.into;
    try {
      super.visitInsertQuery(node);
    } finally {
      this.insertTarget = outer;
    }
  }

  protected override visitOrderByItem(node: OrderByItemNode): void {
    if (node.nulls) return super.visitOrderByItem(node);
    super.visitOrderByItem({ ...node, nulls: isDescending(node.direction) ? 'last' : 'first' });
  }

  protected override visitRaw(node: RawNode): void {
    super.visitRaw(postgresFormOf(node, { insertTarget: this.insertTarget }) ?? node);
  }
}

function isDescending(direction: OperationNode | undefined): boolean {
  if (!direction || direction.kind !== 'RawNode') return false;
  return (direction as RawNode).sqlFragments.join('').trim().toLowerCase() === 'desc';
}

/**
 * Values as the services know them from SQLite: COUNT and SUM over BIGINT columns (int8, numeric) come back as
 * numbers, not strings. Ids and counts stay far below 2^53.
 */
const NUMERIC_OIDS = new Set([20, 1700]);
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (NUMERIC_OIDS.has(oid) && format !== 'binary') return (value: string) => Number(value);
    return pgModule().types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PostgresPoolOptions {
  /** Connections per app server (default 10). */
  max?: number;
}

/** A pool for the app's database at `url` (postgres://user:password@host:port/database). */
export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new (pgModule().Pool)({ connectionString: url, max: options.max ?? 10, types, application_name: 'plan-desk' });
  // A connection the server drops (a restart, a failover) must not take the app down: the pool replaces an idle one,
  // and a call using one gets the failure as its error (storage-errors.ts). Unheard, the 'error' event would crash.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * The app's Kysely over a pool on the database at `url`: the dialect above, and the address noted for the export worker,
 * which opens a pool of its own there (database-source.ts). Every opener goes through here, as SQLite's through
 * kyselyOver (connection.ts).
 */
export function kyselyOverPostgres(url: string, pool: pg.Pool): Kysely<Database> {
  const db = new Kysely<Database>({ dialect: new PlanDeskPostgresDialect({ pool }) });
  rememberPostgresAddress(db, url);
  return db;
}

/** The same address naming another database on the server (pg reads the database from the address, not its options). */
export function urlOfDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The address without its password, for messages and logs. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
