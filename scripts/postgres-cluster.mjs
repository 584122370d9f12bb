// A throwaway PostgreSQL cluster owned by one test run: initdb into a temporary folder, started on a free port with its
// socket in that folder (no TCP), stopped and deleted afterwards. Uses Debian's postgresql package
// (/usr/lib/postgresql/<version>/bin); run as root it runs the server as the `postgres` user, which initdb requires.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bin folder of the newest PostgreSQL installed, or null. */
export function postgresBinDir() {
  // PLAN_DESK_PG_ROOT: another install location (and the test of the skip message points it at nothing).
  const root = process.env.PLAN_DESK_PG_ROOT ?? '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function asPostgresUser(command, args) {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} 失败：${result.stderr || result.stdout}`);
  return result.stdout;
}

/**
 * Starts a cluster and returns { url, stop }. `url` connects as the `postgres` superuser to its `postgres` database
 * (tests create their own databases from there). Durability is off (fsync, full_page_writes): the cluster dies with
 * the run.
 */
export async function startTestCluster() {
  const bin = postgresBinDir();
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), 'plan-desk-pg-'));
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  // C.UTF-8: character classes for Chinese (pg_trgm), while every text column sorts by code point (COLLATE "C").
  asPostgresUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200`;
  asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start']);
  const url = `postgres://postgres@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url, stop, dir };
}

// `node scripts/postgres-cluster.mjs`: starts one for a developer and prints its address; Ctrl+C stops it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const cluster = await startTestCluster();
  if (!cluster) {
    console.error('未找到 PostgreSQL（/usr/lib/postgresql/*/bin）。Debian/Ubuntu：apt-get install postgresql');
    process.exit(1);
  }
  console.log(cluster.url);
  const stop = () => {
    cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
