// The service tests once more on PostgreSQL (issue 16: one code base on two engines). Each test file that opens a
// database (src-main/db/test-helper.ts) gets databases of its own on a throwaway cluster this run starts and removes
// (scripts/postgres-cluster.mjs), or on the server at PLAN_DESK_TEST_PG_URL when set (a superuser's address).
// Without PostgreSQL installed: a clear skip locally, a failure under CI=true.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCluster } from './postgres-cluster.mjs';

/**
 * Tests of what only the SQLite file has: its damage and recovery, WAL and locks, the SQLite backup API and pragmas,
 * query plans, the statement cache, crash safety of the file, and tests reading the file or handle directly. Backups
 * and restores on PostgreSQL (pg_dump, pg_restore into a new database) are src-main/server/postgres-backup.test.ts's;
 * the server's own durability is the database's.
 */
const SQLITE_ONLY = new Set([
  'src-main/backup/backup.service.test.ts',
  'src-main/core/app-context.safety.test.ts',
  'src-main/core/integrity-at-start.test.ts',
  'src-main/core/missing-database.test.ts',
  'src-main/db/backup-file.test.ts',
  'src-main/db/call-transaction.test.ts',
  'src-main/db/data-folder-lock.test.ts',
  'src-main/db/disk-full.test.ts',
  'src-main/db/migration-backfill.test.ts',
  'src-main/db/migrator.test.ts',
  'src-main/db/query-plans.test.ts',
  'src-main/db/statement-cache.test.ts',
  'src-main/db/storage-errors.test.ts',
  'src-main/db/wal-checkpoint.test.ts',
  'src-main/db/write-transactions.test.ts',
  'src-main/progress/progress.batch-yields.test.ts',
  'src-main/safety/crash.test.ts',
  // These read or change the database through the SQLite handle (t.sqlite) in their set-up or checks (a SQLite trigger
  // that makes a write fail, rows read by rowid). Their services run on PostgreSQL in the other files.
  'src-main/progress/attachment-store.test.ts',
  'src-main/tasks/task-lights.test.ts',
]);

/**
 * Test files that open a database through the test helpers. (The exchange between a unit's PC and the office's,
 * exchange-packages/testing/two-installs.ts, runs desktop installs: SQLite files, tested in the unit run.)
 */
function databaseTests(dir = 'src-main') {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...databaseTests(path));
    else if (entry.name.endsWith('.test.ts') && /createTestDatabase|createSeededDatabase|seeded-database|testEngine\(\)/u.test(readFileSync(path, 'utf8'))) {
      found.push(path);
    }
  }
  return found.sort();
}

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : databaseTests().filter((file) => !SQLITE_ONLY.has(file));
const resultFile = process.env.PLAN_DESK_POSTGRES_RESULTS ?? 'reports/unit-results-postgres.json';

let url = process.env.PLAN_DESK_TEST_PG_URL;
let cluster = null;
if (!url) {
  cluster = await startTestCluster();
  if (!cluster) {
    const message = '跳过 PostgreSQL 上的服务测试：本机没有安装 PostgreSQL（/usr/lib/postgresql/*/bin/initdb）。安装 Debian 的 postgresql 软件包，或设置 PLAN_DESK_TEST_PG_URL。';
    if (process.env.CI === 'true') {
      console.error(`${message}\nCI=true：PostgreSQL 必须可用，测试失败。`);
      process.exit(1);
    }
    console.warn(message);
    // An empty result, so the closing summary counts nothing for this engine rather than failing on a missing file.
    writeFileSync(resultFile, JSON.stringify({ numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, skipped: true }));
    process.exit(0);
  }
  url = cluster.url;
}
const stop = () => cluster?.stop();
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

console.log(`PostgreSQL 上的服务测试：${files.length} 个测试文件（另有 ${SQLITE_ONLY.size} 个只适用于 SQLite 文件的测试文件不在此运行）`);
let status;
try {
  // Longer timeouts than on SQLite: every statement is a round trip to the server, and set-ups write hundreds of rows.
  const result = spawnSync('npx', ['vitest', 'run', '--hookTimeout=120000', '--testTimeout=120000', ...files], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PLAN_DESK_TEST_ENGINE: 'postgres',
      PLAN_DESK_TEST_PG_URL: url,
      PLAN_DESK_UNIT_RESULTS: resultFile,
      // Our own cluster, removed afterwards: test databases may be made ahead (db/postgres-test-database.ts).
      ...(cluster ? { PLAN_DESK_TEST_PG_THROWAWAY: '1' } : {}),
    },
    shell: process.platform === 'win32',
  });
  status = result.status ?? 1;
} finally {
  stop();
}
process.exit(status);
