import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine, type TestDatabase } from './test-helper';

/**
 * On PostgreSQL an update that is not HOT (a report's update of its task: the status and light dates are in the list
 * indexes) writes a new entry into every index of the table, so an index keeping the same columns as another (a
 * UNIQUE constraint's, migrations/postgres/0035) costs each report its writes and serves nothing the other does not.
 */
describe.skipIf(testEngine() !== 'postgres')('PostgreSQL indexes', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.dispose());

  it('no two indexes of a table keep the same columns in the same order, with the same condition', async () => {
    const { rows } = await sql<{ table: string; indexes: string[] }>`
      SELECT i.indrelid::regclass::text AS table, array_agg(i.indexrelid::regclass::text ORDER BY i.indexrelid::regclass::text) AS indexes
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema()
      GROUP BY i.indrelid, i.indkey::text, i.indclass::text, i.indoption::text, coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
        coalesce(pg_get_expr(i.indpred, i.indrelid), '')
      HAVING count(*) > 1`.execute(t.db);
    expect(rows).toEqual([]);
  });
});
