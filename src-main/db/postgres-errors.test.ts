import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storageFailure } from './storage-errors';
import { createTestDatabase, testEngine, type TestDatabase } from './test-helper';
import { testServerUrl } from './postgres-test-database';

/** PostgreSQL's failures read like SQLite's: a Chinese message saying what happened and that nothing was changed. */
describe.skipIf(testEngine() !== 'postgres')('storage failures on PostgreSQL', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(() => t.dispose());

  it('a connection the server ends mid-transaction (a restart, a failover) is a retryable failure, and the transaction wrote nothing', async () => {
    const error = await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('units').values({ name: '半途单位', kind: 'city', seq: 1 }).execute();
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        const admin = new pg.Client({ connectionString: testServerUrl() });
        await admin.connect();
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        await admin.end();
        await trx.selectFrom('units').select('id').execute();
      })
      .catch((e: unknown) => e);
    expect(storageFailure(error)).toMatchObject({ code: 'DB_BUSY', message: expect.stringContaining('无法连接数据库服务器') });
    // The pool replaces the ended connection: the next call works, and the half-done write is not there.
    expect(await t.db.selectFrom('units').select('id').where('name', '=', '半途单位').execute()).toEqual([]);
  });
});
