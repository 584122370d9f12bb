import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inCallTransaction, onCallEnd } from './call-transaction';
import { createTestDatabase, type TestDatabase } from './test-helper';

/** The settings keys written so far, in order. */
async function keys(database: TestDatabase): Promise<string[]> {
  const rows = await database.db.selectFrom('settings').select('key').where('key', 'like', 'k-%').orderBy('key').execute();
  return rows.map((row) => row.key);
}

const fail = new Error('the audit row could not be written');

describe('a dispatched write as one unit of work', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('undoes the service transaction already "committed" when a later step of the call fails', async () => {
    const error = await inCallTransaction(async () => {
      await database.db.transaction().execute((trx) => trx.insertInto('settings').values({ key: 'k-service', value: '1' }).execute());
      throw fail;
    }).catch((e: unknown) => e);
    expect(error).toBe(fail);
    expect(await keys(database)).toEqual([]);
  });

  it('undoes a lone write made outside any transaction, and nested transactions, too', async () => {
    await inCallTransaction(async () => {
      await database.db.insertInto('settings').values({ key: 'k-lone', value: '1' }).execute();
      await database.db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'k-outer', value: '1' }).execute();
        await database.db.transaction().execute((inner) => inner.insertInto('settings').values({ key: 'k-inner', value: '1' }).execute());
      });
      throw fail;
    }).catch(() => undefined);
    expect(await keys(database)).toEqual([]);
  });

  it('commits everything when the call succeeds; a failed nested transaction undoes only its own part', async () => {
    await inCallTransaction(async () => {
      await database.db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'k-a', value: '1' }).execute();
        await database.db
          .transaction()
          .execute(async (inner) => {
            await inner.insertInto('settings').values({ key: 'k-b', value: '1' }).execute();
            throw fail;
          })
          .catch(() => undefined);
      });
      await database.db.insertInto('settings').values({ key: 'k-c', value: '1' }).execute();
    });
    expect(await keys(database)).toEqual(['k-a', 'k-c']);
    expect(database.sqlite.inTransaction).toBe(false);
  });

  it('a failed service transaction that began the call undoes it and lets the connection go; a later write starts anew', async () => {
    await inCallTransaction(async () => {
      await database.db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('settings').values({ key: 'k-first', value: '1' }).execute();
          throw fail;
        })
        .catch(() => undefined);
      // Another call's write is not held up by the failed one.
      await inCallTransaction(() => database.db.insertInto('settings').values({ key: 'k-other', value: '1' }).execute());
      await database.db.insertInto('settings').values({ key: 'k-second', value: '1' }).execute();
    });
    expect(await keys(database)).toEqual(['k-other', 'k-second']);
    expect(database.sqlite.inTransaction).toBe(false);
  });

  it('holds no lock while the call only reads or prepares: another call writes meanwhile; once it writes, others wait', async () => {
    const order: string[] = [];
    let preparing!: () => void;
    const prepared = new Promise<void>((resolve) => (preparing = resolve));
    const slow = inCallTransaction(async () => {
      await database.db.selectFrom('settings').select('key').execute();
      await prepared; // e.g. hashing passwords before the write
      await database.db.insertInto('settings').values({ key: 'k-slow', value: '1' }).execute();
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('slow done');
    });
    await inCallTransaction(async () => {
      await database.db.insertInto('settings').values({ key: 'k-quick', value: '1' }).execute();
      order.push('quick done');
    });
    preparing();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const waiting = inCallTransaction(async () => {
      await database.db.insertInto('settings').values({ key: 'k-waiting', value: '1' }).execute();
      order.push('waiting done');
    });
    await Promise.all([slow, waiting]);
    expect(order).toEqual(['quick done', 'slow done', 'waiting done']);
    expect(await keys(database)).toEqual(['k-quick', 'k-slow', 'k-waiting']);
  });

  it('work the call left running after it ended does not join it', async () => {
    let later!: Promise<unknown>;
    await inCallTransaction(async () => {
      await database.db.insertInto('settings').values({ key: 'k-call', value: '1' }).execute();
      later = new Promise((resolve) => setTimeout(resolve, 10)).then(() => database.db.insertInto('settings').values({ key: 'k-later', value: '1' }).execute());
    });
    await later;
    expect(await keys(database)).toEqual(['k-call', 'k-later']);
    expect(database.sqlite.inTransaction).toBe(false);
  });

  it('work queued with onCallEnd runs once the call has committed (at once outside a call): it sees the commit', async () => {
    const seen: { open: boolean }[] = [];
    // A worker's own connection sees only what is committed: the call's transaction must be over when it starts.
    const look = () => seen.push({ open: database.sqlite.inTransaction });
    await inCallTransaction(async () => {
      await database.db.transaction().execute((trx) => trx.insertInto('settings').values({ key: 'k-import', value: '1' }).execute());
      onCallEnd(look);
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([{ open: false }]);
    expect(await keys(database)).toEqual(['k-import']);
    expect(database.sqlite.inTransaction).toBe(false);
    let ranNow = false;
    onCallEnd(() => (ranNow = true));
    expect(ranNow).toBe(true);
  });
});
