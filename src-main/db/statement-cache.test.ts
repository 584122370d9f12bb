import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache';

let sqlite: BetterSqlite3.Database;
beforeEach(() => {
  sqlite = new BetterSqlite3(':memory:');
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  sqlite.prepare('INSERT INTO t (v) VALUES (?), (?), (?)').run('a', 'b', 'c');
});
afterEach(() => {
  if (sqlite.open) sqlite.close();
});

describe('statement cache', () => {
  it('hands back the same prepared statement for the same SQL', () => {
    const cached = withStatementCache(sqlite);
    expect(cached.prepare('SELECT v FROM t')).toBe(cached.prepare('SELECT v FROM t'));
    expect(cached.prepare('SELECT v FROM t')).not.toBe(cached.prepare('SELECT id FROM t'));
  });

  it('prepares a fresh statement while the cached one is still being iterated', () => {
    const cached = withStatementCache(sqlite);
    const first = cached.prepare('SELECT v FROM t ORDER BY id');
    const iterator = first.iterate([]);
    iterator.next();
    const second = cached.prepare('SELECT v FROM t ORDER BY id');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }]);
    iterator.return?.();
  });

  it('keeps at most `capacity` statements, dropping the least recently used', () => {
    const cached = withStatementCache(sqlite, 2);
    const a = cached.prepare('SELECT 1');
    cached.prepare('SELECT 2');
    expect(cached.prepare('SELECT 1')).toBe(a);
    cached.prepare('SELECT 3');
    // SELECT 2 was the least recently used and went; SELECT 1 stayed.
    expect(cached.prepare('SELECT 1')).toBe(a);
    const b = cached.prepare('SELECT 2');
    expect(cached.prepare('SELECT 2')).toBe(b);
  });

  it('serves Kysely: reads, writes, streams, and closes the connection on destroy', async () => {
    const db = new Kysely<{ t: { id: Generated<number>; v: string } }>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    await db.insertInto('t').values({ v: 'd' }).execute();
    await db.insertInto('t').values({ v: 'e' }).execute();
    expect((await db.selectFrom('t').select('v').orderBy('id').execute()).map((r) => r.v)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const streamed: string[] = [];
    for await (const row of db.selectFrom('t').select('v').orderBy('id').stream()) {
      streamed.push(row.v);
      // Left early: the statement is reset and can serve the same query again.
      if (streamed.length === 2) break;
    }
    expect(streamed).toEqual(['a', 'b']);
    expect(await db.selectFrom('t').select('v').orderBy('id').execute()).toHaveLength(5);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(db)).rows[0]!.n).toBe(5);
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});
