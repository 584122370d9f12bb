import pg from 'pg';
import {
  CompiledQuery,
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
  type RawNode,
  type TransactionSettings,
} from 'kysely';
import { postgresFormOf } from '../rules/sql-per-engine';

/**
 * Kysely's PostgreSQL dialect with what the app's services expect of a database (they were written for SQLite):
 *
 * - Write transactions one at a time, like SQLite's BEGIN IMMEDIATE (sqlite-dialect.ts): every `db.transaction()`
 *   takes one transaction-scoped advisory lock first. The services read and then write (the next number of a 督办单,
 *   a unit's rows in a round) on the understanding that no other write runs in between; with several app servers
 *   and a pool of connections that holds only if the database serialises them. Reads outside transactions run in
 *   parallel, on any server.
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
export const WRITE_LOCK_KEY = 0x706c616e;

class SerialWritesPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`));
  }
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
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PostgresPoolOptions {
  /** Connections per app server (default 10). */
  max?: number;
}

/** A pool for the app's database at `url` (postgres://user:password@host:port/database). */
export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, application_name: 'plan-desk' });
  // A connection the server drops (a restart, a failover) must not take the app down: the pool replaces an idle one,
  // and a call using one gets the failure as its error (storage-errors.ts). Unheard, the 'error' event would crash.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
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
