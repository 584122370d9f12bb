import type pg from 'pg';
import { AppError } from '../api/errors';
import type { KeptDatabase } from '../api/backup.types';
import { damagedDump, databaseNameOf, readDumpData, withClient } from './postgres-dump';
import { findPgTool, libpqEnv, runPgTool } from './pg-tools';

/**
 * The databases of a restore on PostgreSQL. A restore never touches the database in use: the archive is restored into
 * a NEW database on the same server, checked, and only then switched in by renaming — the current database takes a
 * kept name (`<name>_before_restore_<time>`), the restored one the name the app servers' address gives. The address
 * never changes, so an app server (re)connecting afterwards reaches the restored data without being told; the switch
 * is refused while anyone else (another app server, a psql session) is connected. Kept databases stay until the
 * administrator removes them (dropKeptDatabase).
 *
 * Maintenance statements (CREATE/ALTER/DROP DATABASE) run from the server's `postgres` database: a database cannot be
 * renamed or dropped from a connection to itself. The app's role needs CREATEDB and must own its database.
 */
const MAINTENANCE_DATABASE = 'postgres';

/** PostgreSQL's limit on a name, in bytes (NAMEDATALEN - 1). */
const NAME_BYTES = 63;
const KEPT = '_before_restore_';
const RESTORING = '_restoring_';

/** 2026-12-07T12:36:05.123Z → 20261207_123605_123: unique per restore, sorts by time, readable in psql. */
function nameStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/gu, '').replace('T', '_').replace('.', '_').replace('Z', '');
}

/** The current name cut (by whole characters) so that the longest suffix fits PostgreSQL's 63 bytes. */
function baseOf(current: string): string {
  const room = NAME_BYTES - Buffer.byteLength(`${KEPT}${nameStamp(new Date(0))}`);
  let base = current;
  while (Buffer.byteLength(base) > room) base = base.slice(0, -1);
  return base;
}

export function restoreNames(current: string, at: Date): { restoring: string; kept: string } {
  const base = baseOf(current);
  return { restoring: `${base}${RESTORING}${nameStamp(at)}`, kept: `${base}${KEPT}${nameStamp(at)}` };
}

const STAMP = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_(\d{3})$/u;

/** What a name of restoreNames is, and when it was made; null for any other database. */
function parseKeptName(current: string, name: string): Omit<KeptDatabase, 'sizeBytes'> | null {
  const base = baseOf(current);
  for (const [suffix, kind] of [
    [KEPT, 'before-restore'],
    [RESTORING, 'unfinished-restore'],
  ] as const) {
    if (!name.startsWith(`${base}${suffix}`)) continue;
    const stamp = STAMP.exec(name.slice(base.length + suffix.length));
    if (!stamp) return null;
    const [, y, mo, d, h, mi, s, ms] = stamp;
    return { name, kind, keptAt: new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`).toISOString() };
  }
  return null;
}

function quote(client: pg.Client, name: string): string {
  return client.escapeIdentifier(name);
}

/** A new empty database with the current one's encoding and locale (sorting and pg_trgm's character classes). */
export async function createDatabaseLike(url: string, source: string, target: string): Promise<void> {
  await withClient(
    url,
    async (client) => {
      // to_jsonb: the locale columns differ between versions (daticulocale up to 16, datlocale from 17).
      const found = (await client.query('SELECT pg_encoding_to_char(d.encoding) AS encoding, to_jsonb(d) AS row FROM pg_database d WHERE datname = $1', [source]))
        .rows[0] as { encoding: string; row: Record<string, unknown> } | undefined;
      if (!found) throw new AppError('NOT_FOUND', `找不到当前数据库 ${source}。`);
      const literal = (value: unknown) => client.escapeLiteral(String(value));
      const icu = found.row.datlocprovider === 'i' ? ` LOCALE_PROVIDER icu ICU_LOCALE ${literal(found.row.daticulocale ?? found.row.datlocale)}` : '';
      await client.query(
        `CREATE DATABASE ${quote(client, target)} TEMPLATE template0 ENCODING ${literal(found.encoding)} LC_COLLATE ${literal(found.row.datcollate)} LC_CTYPE ${literal(found.row.datctype)}${icu}`,
      );
    },
    MAINTENANCE_DATABASE,
  );
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await withClient(url, (client) => client.query(`DROP DATABASE IF EXISTS ${quote(client, name)} WITH (FORCE)`), MAINTENANCE_DATABASE);
}

/**
 * Restores the archive into the (new, empty) database `target` in one transaction, stopping at the first error: a
 * damaged archive leaves an empty database behind, which the caller drops. Objects are owned by the app's role and no
 * grants are replayed, so a dump from another server with other roles restores too.
 */
export async function restoreDumpInto(url: string, file: string, target: string, serverMajor: number): Promise<void> {
  try {
    await runPgTool(
      findPgTool('pg_restore', serverMajor),
      ['--no-password', '--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=dbname=${conninfoValue(target)}`, file],
      libpqEnv(url, target),
    );
  } catch (error) {
    throw damagedDump(error);
  }
}

/** A value in libpq's key=value form: quoted, with quotes and backslashes escaped. */
function conninfoValue(value: string): string {
  return `'${value.replace(/[\\']/gu, (c) => `\\${c}`)}'`;
}

/**
 * Checks the restored database against the archive before anything is switched: every table's rows in the archive are
 * in the database (read again from the file), and it is a Plan Desk database (its migration record came with it; the
 * app then refuses one from a newer version and migrates an older one when it opens it).
 */
export async function verifyRestoredDatabase(url: string, file: string, target: string, serverMajor: number): Promise<void> {
  const inArchive = await readDumpData(file, serverMajor);
  if (!((inArchive.get('public.schema_migrations') ?? 0) > 0)) {
    throw new AppError('INVALID_INPUT', '这个备份不是规划督办台的数据库（没有数据结构版本记录），不能用于恢复。当前数据没有改动。');
  }
  await withClient(
    url,
    async (client) => {
      for (const [table, expected] of inArchive) {
        // `table` matched postgres-dump.ts's IDENTIFIER pattern: bare lower-case names or double-quoted ones.
        const found = Number(((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0] as { n: string }).n);
        if (found !== expected) {
          throw new AppError('DB_CORRUPT', `恢复的数据与备份文件不一致（表 ${table}：备份中 ${expected} 行，恢复后 ${found} 行）。请选择其他备份。当前数据没有改动。`);
        }
      }
    },
    target,
  );
}

/**
 * Refuses while anyone else is connected to `database` (another app server, a psql session): a restore needs it to
 * itself for the switch. This app server's own connections, just closed, may take a moment to end: waited for up to
 * 5 s, as PostgreSQL waits before refusing a rename.
 */
export async function refuseOtherConnections(url: string, database: string): Promise<void> {
  const others = await withClient(
    url,
    async (client) => {
      for (let waited = 0; ; waited += 100) {
        const rows = await connectionsTo(client, database);
        if (rows.length === 0 || waited >= 5000) return rows;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    MAINTENANCE_DATABASE,
  );
  if (others.length > 0) throw inUse(database, others);
}

interface Connection {
  application_name: string;
  client_addr: string | null;
}

/**
 * Who is connected to `database`, as the message names them (inUse): client sessions only. An autovacuum worker on the
 * database is not one (no application name; PostgreSQL ends it itself for the rename), and counting it refused a
 * restore whenever autovacuum happened to be at work there (CI at ba5341d).
 */
async function connectionsTo(client: pg.Client, database: string): Promise<Connection[]> {
  return (await client.query("SELECT application_name, client_addr FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", [database]))
    .rows as Connection[];
}

function inUse(database: string, others: readonly Connection[]): AppError {
  const who = [...new Set(others.map((row) => `${row.application_name || '未命名程序'}${row.client_addr ? `@${row.client_addr}` : ''}`))].join('、');
  return new AppError(
    'DB_BUSY',
    `数据库 ${database} 还有其他连接（${who || '正在断开的连接'}），不能切换到恢复的数据。恢复时只能有一台应用服务器运行：请先停止其他应用服务器、关闭连到该数据库的工具，再重试恢复。当前数据没有改动。`,
  );
}

/**
 * The switch: in one transaction the current database takes its kept name and the restored one the current name.
 * PostgreSQL refuses to rename a database anyone is connected to (after waiting 5 s for sessions that are ending):
 * then nothing is renamed and the message names who is connected.
 */
export async function switchToRestored(url: string, names: { current: string; restoring: string; kept: string }): Promise<void> {
  await withClient(
    url,
    async (client) => {
      try {
        await client.query('BEGIN');
        await client.query(`ALTER DATABASE ${quote(client, names.current)} RENAME TO ${quote(client, names.kept)}`);
        await client.query(`ALTER DATABASE ${quote(client, names.restoring)} RENAME TO ${quote(client, names.current)}`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if ((error as { code?: string }).code !== '55006') throw error;
        const others = await connectionsTo(client, names.current);
        throw inUse(names.current, others);
      }
    },
    MAINTENANCE_DATABASE,
  );
}

/** Databases a restore kept (the data before it) or left behind unfinished (a restore stopped halfway), newest first. */
export async function listKeptDatabases(url: string): Promise<KeptDatabase[]> {
  const current = databaseNameOf(url);
  return withClient(url, async (client) => {
    const rows = (await client.query('SELECT datname, pg_database_size(oid) AS size FROM pg_database WHERE datname <> $1', [current])).rows as {
      datname: string;
      size: string;
    }[];
    const kept: KeptDatabase[] = [];
    for (const row of rows) {
      const parsed = parseKeptName(current, row.datname);
      if (parsed) kept.push({ ...parsed, sizeBytes: Number(row.size) });
    }
    return kept.sort((a, b) => b.keptAt.localeCompare(a.keptAt));
  });
}

/**
 * Removes a kept database for good. Only a name in listKeptDatabases is accepted — never the database in use, nor
 * any other database on the server; a database someone is connected to is not removed.
 */
export async function dropKeptDatabase(url: string, name: string): Promise<void> {
  if (name === databaseNameOf(url)) throw new AppError('CONFLICT', `${name} 是正在使用的数据库，不能删除。`);
  const kept = (await listKeptDatabases(url)).find((entry) => entry.name === name);
  if (!kept) throw new AppError('NOT_FOUND', `找不到恢复时保留的数据库“${name.slice(0, 80)}”，请刷新列表后重试。`);
  await withClient(
    url,
    async (client) => {
      try {
        await client.query(`DROP DATABASE ${quote(client, name)}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error;
        throw new AppError('DB_BUSY', `还有程序连接着数据库 ${name}，现在不能删除。请关闭连到它的工具后重试。`);
      }
    },
    MAINTENANCE_DATABASE,
  );
}
