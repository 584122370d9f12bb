import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every query afresh; preparing (parsing and planning the SQL) was ~30 % of the time
 * of recording a progress report (bench/: 1 M reports and a 10,000-row import go through the same service). This
 * hands Kysely the same prepared statement again for the same SQL text.
 *
 * A statement still being iterated (a streamed query not yet drained) is busy and cannot be run again; then a fresh,
 * uncached one is prepared. The cache is bounded because `IN (?, ?, …)` lists make a new SQL text per length.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, capacity = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) {
        if (cached.busy) return sqlite.prepare(sql);
        // Map keeps insertion order: moving the hit to the end makes the first key the least recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
