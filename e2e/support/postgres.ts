import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTestCluster } from '../../scripts/postgres-cluster.mjs';

/**
 * A fresh PostgreSQL database for one spec's shared server: on the server at PLAN_DESK_E2E_PG_URL (a superuser's
 * address) when set, else on a throwaway cluster started the way the service tests start theirs
 * (scripts/postgres-cluster.mjs). `remove` drops the database and stops a cluster started here.
 */
export interface E2eDatabase {
  url: string;
  remove(): Promise<void>;
}

export const POSTGRES_MISSING =
  '跳过 PostgreSQL 上的共享服务器端到端测试：本机没有安装 PostgreSQL（/usr/lib/postgresql/*/bin/initdb）。安装 Debian 的 postgresql 软件包，或设置 PLAN_DESK_E2E_PG_URL（超级用户的连接地址）。';

/** Null when neither an address is given nor PostgreSQL installed; under CI=true that is a failure, not a skip. */
export async function createE2eDatabase(): Promise<E2eDatabase | null> {
  const given = process.env.PLAN_DESK_E2E_PG_URL;
  const cluster = given ? null : await startTestCluster();
  if (!given && !cluster) {
    if (process.env.CI === 'true') throw new Error(`${POSTGRES_MISSING}\nCI=true：PostgreSQL 必须可用。`);
    return null;
  }
  const serverUrl = given ?? cluster!.url;
  const name = `pd_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  } catch (error) {
    cluster?.stop();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async remove() {
      try {
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        cluster?.stop();
      }
    },
  };
}

/** Runs statements on the spec's database itself (e.g. to tamper with a row the way an intruder would). */
export async function queryDatabase(url: string, statements: string): Promise<void> {
  await adminQuery(url, statements);
}

async function adminQuery(url: string, statements: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statements);
  } finally {
    await client.end();
  }
}
