import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresAppDatabase } from './postgres-database';
import { bundledPostgresMigrations } from './postgres-migrator';
import { urlOfDatabase } from './postgres-dialect';
import { adminQuery, testEngine, testServerUrl } from './postgres-test-database';

/** Migrations on PostgreSQL: two app servers starting together on an empty database (npm run test:postgres). */
describe.skipIf(testEngine() !== 'postgres')('migrations on PostgreSQL', () => {
  const created: string[] = [];
  const admin = (statement: string) => adminQuery(testServerUrl(), statement);
  async function emptyDatabase(): Promise<string> {
    const name = `pd_migrate_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
    created.push(name);
    return urlOfDatabase(testServerUrl(), name);
  }
  afterEach(async () => {
    for (const name of created.splice(0)) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('two app servers starting together on an empty database migrate it once, and both open it', async () => {
    const url = await emptyDatabase();
    const [first, second] = await Promise.all([openPostgresAppDatabase(url), openPostgresAppDatabase(url)]);
    const migrations = bundledPostgresMigrations();
    expect(first.schemaVersion).toBe(migrations.at(-1)!.version);
    expect(second.schemaVersion).toBe(first.schemaVersion);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const applied = await client.query('SELECT version FROM schema_migrations');
    await client.end();
    expect(applied.rowCount).toBe(migrations.length);
    // Both answer on the same data.
    await first.db.insertInto('units').values({ name: '省发展改革委', kind: 'office', seq: 1 }).execute();
    expect(await second.db.selectFrom('units').select('name').execute()).toEqual([{ name: '省发展改革委' }]);
    await Promise.all([first.close(), second.close()]);
  });

  it('refuses, untouched, a database migrated by a newer app', async () => {
    const url = await emptyDatabase();
    const opened = await openPostgresAppDatabase(url);
    await opened.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 'x')`);
    await client.end();
    await expect(openPostgresAppDatabase(url)).rejects.toMatchObject({ code: 'DB_TOO_NEW' });
  });

  it("a row inserted with its own id (an exchange package mirrors the office's ids) does not block the next one", async () => {
    const url = await emptyDatabase();
    const database = await openPostgresAppDatabase(url);
    await database.db.insertInto('units').values({ id: 40, name: '甲', kind: 'city', seq: 1 }).execute();
    const next = await database.db.insertInto('units').values({ name: '乙', kind: 'city', seq: 2 }).returning('id').executeTakeFirstOrThrow();
    expect(next.id).toBe(41);
    await database.close();
  });
});
