import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { AppDatabase } from './connection';
import type { Database } from './database.types';
import { openPostgresAppDatabase } from './postgres-database';
import { urlOfDatabase } from './postgres-dialect';
import { bundledPostgresMigrations } from './postgres-migrator';

/**
 * Test databases on PostgreSQL (`npm run test:postgres`, scripts/test-postgres.mjs): each test gets a database of its
 * own, copied from a template migrated once per set of migrations, so that the service tests run unchanged and
 * quickly on the second engine.
 */

export type TestEngine = 'sqlite' | 'postgres';

export function testEngine(): TestEngine {
  const engine = process.env.PLAN_DESK_TEST_ENGINE ?? 'sqlite';
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`PLAN_DESK_TEST_ENGINE 只能是 sqlite 或 postgres：${engine}`);
  return engine;
}

/** The server the tests use, connecting to a database they may create databases from (a superuser's). */
export function testServerUrl(): string {
  const url = process.env.PLAN_DESK_TEST_PG_URL;
  if (!url) throw new Error('PLAN_DESK_TEST_ENGINE=postgres 需要 PLAN_DESK_TEST_PG_URL（例如 postgres://postgres@/postgres?host=/tmp&port=5432）');
  return url;
}

const TEMPLATE_LOCK_KEY = 0x74706c; // 'tpl'

/** What a set of tests starts from beyond the migrated schema (the seeded plan and units), built once as a template. */
export interface Prefill {
  /** Part of the template's name: one template per prefill and set of migrations. */
  name: string;
  fill(db: Kysely<Database>): Promise<void>;
}

const templates = new Map<string, Promise<string>>();

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const migration of bundledPostgresMigrations()) hash.update(migration.name).update('\0').update(migration.sql).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * The template's name, made once per server, set of migrations and prefill (under a lock: test files run in
 * parallel): a migrated database, or one copied from it and filled.
 */
function templateFor(serverUrl: string, prefill: Prefill | undefined): Promise<string> {
  const migrated = `pd_template_${migrationsHash()}`;
  const name = prefill ? `${migrated}_${prefill.name}` : migrated;
  let made = templates.get(name);
  if (!made) {
    made = (async () => {
      const source = prefill ? await templateFor(serverUrl, undefined) : null;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
        const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) {
          const building = `${name}_building`;
          await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
          // template0 and an explicit locale: the server's default database may have another. C.UTF-8 gives pg_trgm the
          // character classes of Chinese text; every text column sorts by code point anyway (COLLATE "C").
          await adminQuery(
            serverUrl,
            source
              ? `CREATE DATABASE "${building}" TEMPLATE "${source}"`
              : `CREATE DATABASE "${building}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
          );
          const database = await openPostgresAppDatabase(urlOfDatabase(serverUrl, building), { max: 2 });
          try {
            await prefill?.fill(database.db);
          } finally {
            await database.close();
          }
          // The closed pool's sessions end a moment after close() returns: the rename waits for them.
          await adminQuery(serverUrl, `ALTER DATABASE "${building}" RENAME TO "${name}"`);
        }
        await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
      } finally {
        await admin.end();
      }
      return name;
    })();
    templates.set(name, made);
  }
  return made;
}

/** The address of a fresh migrated database of its own (for the app to open, e.g. two app servers), and its removal. */
export async function createPostgresTestDatabaseUrl(prefill?: Prefill): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = testServerUrl();
  const templateName = await templateFor(serverUrl, prefill);
  const name = await takeDatabase(serverUrl, templateName);
  return { url: urlOfDatabase(serverUrl, name), drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * A new database copied from the template. On the run's own throwaway cluster (PLAN_DESK_TEST_PG_THROWAWAY=1, set by
 * scripts/test-postgres.mjs) the next one is copied while the current test runs: a copy takes most of a second, and a
 * file's tests each take one. Elsewhere none is made ahead, so no spare is left behind on a server that stays.
 */
const spares = new Map<string, Promise<string>>();
async function takeDatabase(serverUrl: string, templateName: string): Promise<string> {
  const copy = async () => {
    const name = `pd_test_${process.pid}_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
    return name;
  };
  const spare = spares.get(templateName);
  spares.delete(templateName);
  const name = (spare ? await spare.catch(() => null) : null) ?? (await copy());
  if (process.env.PLAN_DESK_TEST_PG_THROWAWAY === '1') {
    const next = copy();
    next.catch(() => undefined);
    spares.set(templateName, next);
  }
  return name;
}

/** A fresh migrated database of its own (filled by `prefill`), open, and its address; closing it drops it. */
export async function createPostgresTestDatabase(prefill?: Prefill): Promise<{ database: AppDatabase; url: string }> {
  const { url, drop } = await createPostgresTestDatabaseUrl(prefill);
  const database = await openPostgresAppDatabase(url, { max: 4 });
  const close = database.close;
  database.close = async () => {
    await close();
    await drop();
  };
  return { database, url };
}

/** Runs one statement on the server at `serverUrl` (CREATE or DROP DATABASE, which run outside a transaction). */
export async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  // CREATE DATABASE … TEMPLATE fails while another session copies the same template: wait and try again.
  for (let attempt = 0; ; attempt++) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(statement);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/u.test(String(error))) throw error;
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
}
