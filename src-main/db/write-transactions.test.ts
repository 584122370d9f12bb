import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-helper';

/**
 * Another process writing to the same database file all the time, as a second server on the same data folder or a
 * sync tool would: short write transactions back to back, each holding the write lock a few milliseconds.
 */
async function busyWriterInAnotherProcess(file: string): Promise<{ stop(): Promise<number> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare("INSERT INTO settings (key, value) VALUES (?, 'x')");
    let n = 0, stop = false;
    process.stdin.on('data', () => { stop = true; });
    console.log('writing');
    const tick = () => {
      if (stop) { db.close(); console.log('wrote ' + n); process.exit(0); }
      db.exec('BEGIN IMMEDIATE');
      insert.run('other-' + n++);
      const until = Date.now() + 4;
      while (Date.now() < until);
      db.exec('COMMIT');
      // A pause as short as the lock is held: a real second writer is busy, not a tight loop that re-takes the lock
      // the instant it lets go (SQLite's busy handler retries on a back-off and is not a fair queue).
      setTimeout(tick, 4);
    };
    tick();
  `;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        lines.on('line', (line) => line.startsWith('wrote ') && resolve(Number(line.slice(6))));
        child.stdin!.write('stop\n');
      }),
  };
}

describe('write transactions with another process writing to the same file', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('wait for the write lock instead of failing at once: every read-then-write transaction succeeds', async () => {
    const other = await busyWriterInAnotherProcess(database.file);
    const failures: string[] = [];
    let otherWrites: number;
    try {
      for (let i = 0; i < 60; i++) {
        try {
          // The shape of every service write: read what the rules need, then write.
          await database.db.transaction().execute(async (trx) => {
            const { n } = await sql<{ n: number }>`SELECT count(*) AS n FROM settings`.execute(trx).then((r) => r.rows[0]!);
            await new Promise((resolve) => setTimeout(resolve, 2));
            await trx.insertInto('settings').values({ key: `ours-${i}`, value: String(n) }).execute();
          });
        } catch (error) {
          failures.push(String((error as { code?: string }).code ?? error));
        }
      }
    } finally {
      otherWrites = await other.stop();
    }
    expect(failures).toEqual([]);
    expect(otherWrites).toBeGreaterThan(0);
    const ours = await database.db.selectFrom('settings').select('key').where('key', 'like', 'ours-%').execute();
    expect(ours).toHaveLength(60);
  });
});

describe('a transaction SQLite has already rolled back by itself', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('reports the error that caused it, not "cannot rollback - no transaction is active"', async () => {
    // What SQLite does on SQLITE_FULL or an I/O error mid-transaction (storage-errors.test.ts and disk-full.test.ts
    // meet it for real): the transaction is gone when the error reaches Kysely, which then asks for a ROLLBACK.
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const error = await database.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'k', value: 'v' }).execute();
        database.sqlite.exec('ROLLBACK');
        throw full;
      })
      .catch((e: unknown) => e);
    expect(error).toBe(full);
    expect(await database.db.selectFrom('settings').select('key').where('key', '=', 'k').execute()).toEqual([]);
  });
});
