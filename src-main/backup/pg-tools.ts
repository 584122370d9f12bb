import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../api/errors';

/**
 * PostgreSQL's own tools (pg_dump, pg_restore from Debian's postgresql-client), run as child processes so the event
 * loop keeps answering while they work. The connection is given through libpq's environment variables only: the
 * password never appears on a command line (which `ps` shows to every user of the machine) nor in a message or log.
 */

export type PgTool = 'pg_dump' | 'pg_restore';

/** Where Debian installs each major version's client tools. */
const DEBIAN_POSTGRESQL_ROOT = '/usr/lib/postgresql';

/**
 * The tool for a server of major version `serverMajor`: the same major version's, else the oldest newer one installed
 * (pg_dump reads older servers, never newer ones; pg_restore reads archives of its own and older versions).
 */
export function findPgTool(tool: PgTool, serverMajor: number, root = DEBIAN_POSTGRESQL_ROOT): string {
  let versions: number[] = [];
  try {
    versions = readdirSync(root)
      .map(Number)
      .filter((version) => Number.isInteger(version) && version >= serverMajor && existsSync(join(root, String(version), 'bin', tool)))
      .sort((a, b) => a - b);
  } catch {
    // No Debian layout: the message below says what to install.
  }
  const found = versions[0];
  if (found === undefined) {
    throw new AppError(
      'INTERNAL',
      `找不到 PostgreSQL ${serverMajor} 或更新版本的 ${tool}（应在 ${root}/${serverMajor}/bin/ 中），无法备份或恢复 PostgreSQL 数据库。请在服务器上安装 postgresql-client-${serverMajor}（Debian/Ubuntu：apt-get install postgresql-client-${serverMajor}）。当前数据没有改动。`,
    );
  }
  return join(root, String(found), 'bin', tool);
}

/** The major version from `server_version_num` (150004 → 15). */
export function serverMajorOf(versionNum: string | number): number {
  return Math.floor(Number(versionNum) / 10000);
}

/** libpq's environment for a database at `url` (postgres://user:password@host:port/db?host=/socket&sslmode=…). */
export function libpqEnv(url: string, database?: string): Record<string, string> {
  const parsed = new URL(url);
  const param = (name: string) => parsed.searchParams.get(name) ?? undefined;
  const env: Record<string, string | undefined> = {
    PGHOST: param('host') ?? (parsed.hostname ? decodeURIComponent(parsed.hostname) : undefined),
    PGPORT: param('port') ?? (parsed.port || undefined),
    PGUSER: param('user') ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined),
    PGPASSWORD: param('password') ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined),
    PGDATABASE: database ?? decodeURIComponent(parsed.pathname.replace(/^\//u, '')),
    PGSSLMODE: param('sslmode'),
    PGSSLCERT: param('sslcert'),
    PGSSLKEY: param('sslkey'),
    PGSSLROOTCERT: param('sslrootcert'),
    PGAPPNAME: 'plan-desk-backup',
    PGCONNECT_TIMEOUT: '10',
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

export interface ToolRun {
  /** Streams the tool's standard output (pg_restore -f -), when given; otherwise it is discarded. */
  onStdout?: (chunk: Buffer) => void;
}

/** The last lines of a tool's error output kept for the message (a damaged archive can print a great deal). */
const STDERR_KEPT = 4000;

/**
 * Runs `tool` with `args` and libpq's `env` (nothing of the caller's PG* settings leaks in), resolving when it exits
 * with 0; otherwise rejecting with its error output, which libpq never fills with the password.
 */
export function runPgTool(tool: string, args: readonly string[], env: Record<string, string>, run: ToolRun = {}): Promise<void> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PG')));
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...inherited, ...env }, stdio: ['ignore', run.onStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_KEPT);
    });
    if (run.onStdout) child.stdout?.on('data', run.onStdout);
    child.once('error', (error) => reject(new PgToolError(tool, null, error.message)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new PgToolError(tool, code, stderr.trim()))));
  });
}

export class PgToolError extends Error {
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`${tool} ${exitCode === null ? '无法启动' : `退出码 ${exitCode}`}：${output}`);
  }
}
