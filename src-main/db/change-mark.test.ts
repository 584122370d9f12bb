import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeMark } from './change-mark';
import type { AppDatabase } from './connection';
import { createTestDatabase, testEngine, type TestDatabase } from './test-helper';

/**
 * The change mark lets a template's apply record what its preview compared, instead of comparing every row again, only
 * when nothing was written in between (exchange/template.service.ts). On both engines: equal marks with nothing written,
 * different ones after any write — committed by this connection or by another program, or made inside the very
 * transaction that reads the mark.
 */
describe(`change mark (${testEngine()})`, () => {
  let t: TestDatabase;
  let other: AppDatabase | null = null;

  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => {
    await other?.close();
    other = null;
    await t.dispose();
  });

  const addUnit = (db: AppDatabase['db'], name: string) => db.insertInto('units').values({ name, kind: 'department', seq: 1 }).execute();

  it('is given on every engine and stays the same while only reads run', async () => {
    const before = await changeMark(t.db);
    expect(before).not.toBeNull();
    await t.db.selectFrom('units').selectAll().execute();
    await t.db.transaction().execute(async (trx) => {
      await trx.selectFrom('units').selectAll().execute();
      expect(await changeMark(trx)).toBe(before);
    });
    expect(await changeMark(t.db)).toBe(before);
  });

  it('changes with a write committed here or by another program on its own connection', async () => {
    const first = await changeMark(t.db);
    await addUnit(t.db, '省商务厅');
    const second = await changeMark(t.db);
    expect(second).not.toBe(first);
    other = await t.reopen();
    await addUnit(other.db, '省发展改革委');
    expect(await changeMark(t.db)).not.toBe(second);
  });

  it('inside a write transaction, differs from the mark before it once the transaction has written', async () => {
    const before = await changeMark(t.db);
    await t.db.transaction().execute(async (trx) => {
      expect(await changeMark(trx)).toBe(before);
      await addUnit(trx, '省财政厅');
      expect(await changeMark(trx)).not.toBe(before);
    });
  });
});
