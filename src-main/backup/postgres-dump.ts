import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { AppError } from '../api/errors';
import { pgModule } from '../db/pg-module';
import { urlOfDatabase } from '../db/postgres-dialect';
import { findPgTool, libpqEnv, PgToolError, runPgTool, serverMajorOf } from './pg-tools';

/**
 * Backups of the shared server's PostgreSQL database: pg_dump's custom format (compressed, with a table of contents
 * pg_restore can check on its own) in the data folder's backups/, under the names and retention rule of the SQLite
 * backups (backup-names.ts, backup-retention.ts) with their own ending.
 */
export const PG_DUMP_EXTENSION = '.pgdump';

/** A connection to the database at `url`, or to another database of the same server. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const client = new (pgModule().Client)({ connectionString: database === undefined ? url : urlOfDatabase(url, database), application_name: 'plan-desk-backup' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The database the address names. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//u, ''));
}

/** The server's major version, which picks the pg_dump / pg_restore to run (pg-tools.ts). */
export async function serverMajorAt(url: string): Promise<number> {
  return withClient(url, async (client) => serverMajorOf(((await client.query('SHOW server_version_num')).rows[0] as { server_version_num: string }).server_version_num));
}

/**
 * Writes a dump of the database at `url` to `destination`: under a hidden temporary name first, flushed and renamed
 * into place when pg_dump has finished, so the folder never shows a half-written file as a backup. pg_dump reads one
 * snapshot while the app keeps writing.
 */
export async function writePostgresDump(url: string, destination: string): Promise<void> {
  const partial = join(dirname(destination), `.${basename(destination)}.partial`);
  rmSync(partial, { force: true });
  try {
    const pgDump = findPgTool('pg_dump', await serverMajorAt(url));
    await runPgTool(pgDump, ['--format=custom', '--no-password', `--file=${partial}`], libpqEnv(url));
    flush(partial);
    renameSync(partial, destination);
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof PgToolError) throw new AppError('INTERNAL', `PostgreSQL 备份失败（${error.message}）。`);
    throw error;
  }
}

function flush(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every custom-format archive starts with these bytes. */
const ARCHIVE_MAGIC = 'PGDMP';

/**
 * Refuses a file that is not a whole pg_dump archive before anything is touched: the wrong kind of file by its first
 * bytes, a damaged or cut-short one by pg_restore reading its table of contents. (Damage inside the table data shows
 * only when it is read: the restore itself runs in one transaction into a new database, and is refused the same way.)
 */
export async function checkPostgresDump(file: string, serverMajor: number): Promise<void> {
  const head = Buffer.alloc(ARCHIVE_MAGIC.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== ARCHIVE_MAGIC) {
    throw new AppError('INVALID_INPUT', '这个文件不是规划督办台的 PostgreSQL 备份（pg_dump 自定义格式），不能用于恢复。当前数据没有改动。');
  }
  try {
    await runPgTool(findPgTool('pg_restore', serverMajor), ['--list', file], {});
  } catch (error) {
    throw damagedDump(error);
  }
}

export function damagedDump(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const detail = error instanceof PgToolError ? firstLine(error.output) : String(error);
  return new AppError('DB_CORRUPT', `这个备份不能用于恢复：文件已损坏或不完整（pg_restore：${detail}）。请选择其他备份。当前数据没有改动。`);
}

/** The tool's first line, without its own name: what went wrong, short enough to read (damaged SQL text follows it). */
function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/^pg_restore: (error: )?/u, '').slice(0, 200) || '无输出';
}

/** A table name as pg_dump writes it after COPY: schema and table, each bare (lower case) or double-quoted. */
const IDENTIFIER = String.raw`(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")`;
const COPY_LINE = new RegExp(String.raw`^COPY (${IDENTIFIER}\.${IDENTIFIER}) \((.*)\) FROM stdin;$`, 'u');

export interface DumpTableReader {
  /** Called with each row's columns (COPY's text format, split on tabs; values are not unescaped). */
  row?(columns: string[]): void;
}

/**
 * Reads the table data of an archive through `pg_restore --data-only -f -` (a stream: the file may be large), calling
 * `onTable` at each table's COPY with its qualified name (safe to put back into SQL: it matched IDENTIFIER) and column
 * names. Returns each table's row count. Rows are one line each: COPY's text format escapes newlines in values.
 */
export async function readDumpData(
  file: string,
  serverMajor: number,
  onTable: (table: string, columns: string[]) => DumpTableReader | undefined = () => undefined,
  tables: readonly string[] = [],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let current: { table: string; count: number; reader: DumpTableReader | undefined } | null = null;
  const line = (text: string) => {
    if (current) {
      if (text === '\\.') {
        counts.set(current.table, current.count);
        current = null;
      } else {
        current.count++;
        current.reader?.row?.(text.split('\t'));
      }
      return;
    }
    const copy = COPY_LINE.exec(text);
    if (copy) {
      const columns = copy[2]!.split(', ').map((column) => column.replace(/^"|"$/gu, ''));
      current = { table: copy[1]!, count: 0, reader: onTable(copy[1]!, columns) };
    }
  };
  const args = ['--data-only', '--file=-', ...tables.map((table) => `--table=${table}`), file];
  try {
    await runPgTool(findPgTool('pg_restore', serverMajor), args, {}, {
      onStdout: (chunk) => {
        const lines = (rest + decoder.write(chunk)).split('\n');
        rest = lines.pop() ?? '';
        for (const text of lines) line(text);
      },
    });
  } catch (error) {
    throw damagedDump(error);
  }
  if (rest) line(rest + decoder.end());
  if (current !== null) throw damagedDump(new Error('表数据不完整'));
  return counts;
}
