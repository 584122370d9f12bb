import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

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

  constructor(config: SqliteDialectConfig, sqlite: BetterSqlite3.Database) {
    super(config);
    this.sqliteHandle = sqlite;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.sqliteHandle.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}
