import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inCallTransaction } from './call-transaction';
import type { AppDatabase } from './connection';
import { openPostgresAppDatabase } from './postgres-database';
import { createPostgresTestDatabaseUrl } from './postgres-test-database';
import { testEngine } from './test-helper';

/**
 * On PostgreSQL an app server's write transactions wait for their turn in the process, holding no pooled connection,
 * and only then take one and the advisory write lock (postgres-dialect.ts). With a pool of two: writes queued behind a
 * long one must leave the other connection to reads, still run one at a time in the order they came, and a write that
 * fails must hand the turn on.
 */

/** A promise and its resolve, to hold a transaction open until the test lets it go. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Whether `work` settles within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(testEngine() !== 'postgres')('write transactions on PostgreSQL wait for their turn in the process', () => {
  let database: AppDatabase;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const made = await createPostgresTestDatabaseUrl();
    drop = made.drop;
    database = await openPostgresAppDatabase(made.url, { max: 2 });
  });
  afterEach(async () => {
    await database.close();
    await drop();
  });

  const count = async (prefix: string) => (await database.db.selectFrom('settings').select('key').where('key', 'like', `${prefix}%`).execute()).length;

  it('a read is answered while writes queue behind a long one: the waiting writes hold no connection', async () => {
    const { db } = database;
    const long = gate();
    let started!: () => void;
    const longStarted = new Promise<void>((resolve) => (started = resolve));
    const first = db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'w-long', value: '1' }).execute();
      started();
      await long.opened;
    });
    await longStarted;
    // Three more writes of every kind the app makes: a service's transaction, and inside a dispatched write both a
    // service's transaction and a lone INSERT (call-transaction.ts).
    const queued = [
      db.transaction().execute((trx) => trx.insertInto('settings').values({ key: 'w-plain', value: '1' }).execute()),
      inCallTransaction(() => db.transaction().execute((trx) => trx.insertInto('settings').values({ key: 'w-call', value: '1' }).execute())),
      inCallTransaction(() => db.insertInto('settings').values({ key: 'w-lone', value: '1' }).execute()),
    ];
    // With the pool's second connection waiting for the write lock, this read would wait for the long write to end.
    const read = sql<{ n: number }>`SELECT count(*)::int AS n FROM units`.execute(db);
    expect(await settlesWithin(read, 5000)).toBe(true);
    expect(await settlesWithin(Promise.all(queued), 300)).toBe(false);

    long.open();
    await first;
    await Promise.all(queued);
    expect(await count('w-')).toBe(4);
  });

  it('writes still run one at a time, in the order they came', async () => {
    const { db } = database;
    // Each reads how many went before it, pauses, then writes that number: two running at once would write the same.
    const writes = Array.from({ length: 8 }, (_, i) =>
      db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('settings').select('key').where('key', 'like', 'order-%').execute();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await trx.insertInto('settings').values({ key: `order-${i}`, value: String(before.length) }).execute();
      }),
    );
    await Promise.all(writes);
    const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'order-%').execute();
    expect(Object.fromEntries(rows.map((row) => [row.key, row.value]))).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`order-${i}`, String(i)])));
  });

  it('a write that fails hands the turn on: the writes queued behind it run, and nothing of it is kept', async () => {
    const { db } = database;
    const failing = gate();
    const failed = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'fail-half', value: '1' }).execute();
        await failing.opened;
        throw new Error('规则不允许');
      })
      .catch((error: unknown) => error);
    // A statement PostgreSQL refuses (the key exists already) aborts the transaction: it too must let go.
    await db.insertInto('settings').values({ key: 'fail-dup', value: '1' }).execute();
    const refused = db
      .transaction()
      .execute((trx) => trx.insertInto('settings').values({ key: 'fail-dup', value: '2' }).execute())
      .catch((error: unknown) => error);
    const after = inCallTransaction(() => db.transaction().execute((trx) => trx.insertInto('settings').values({ key: 'fail-after', value: '1' }).execute()));
    const callFailing = inCallTransaction(async () => {
      await db.insertInto('settings').values({ key: 'fail-call', value: '1' }).execute();
      throw new Error('调用失败');
    }).catch((error: unknown) => error);
    const last = db.transaction().execute((trx) => trx.insertInto('settings').values({ key: 'fail-last', value: '1' }).execute());

    failing.open();
    expect(await failed).toMatchObject({ message: '规则不允许' });
    expect(await refused).toMatchObject({ code: '23505' });
    expect(await callFailing).toMatchObject({ message: '调用失败' });
    expect(await settlesWithin(Promise.all([after, last]), 5000)).toBe(true);
    const keys = (await db.selectFrom('settings').select('key').where('key', 'like', 'fail-%').orderBy('key').execute()).map((row) => row.key);
    expect(keys).toEqual(['fail-after', 'fail-dup', 'fail-last']);
  });
});
