import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../api/errors';
import type { AppDatabase } from './connection';
import type { Database } from './database.types';
import { bundledMigrations } from './migrator';
import { sqliteTables } from './sqlite-tables';

/**
 * Moving up (`--import-sqlite FILE`): an existing SQLite database (one PC's, a pilot server's) copied into an empty,
 * migrated PostgreSQL database, in one transaction. Before it commits, every table's row count and a hash of its rows
 * (in primary-key order, every column) are compared on both sides; any difference rolls the whole copy back.
 */

export interface TableCopy {
  table: string;
  rows: number;
  /** sha256 of the table's rows, the same on both engines. */
  hash: string;
}

const CHUNK = 1_000;
/** Rows read back per fetch to check the copy: reading a table whole took 816 MB at a million reports (bench/). */
export const CHECK_BATCH = 5_000;

/**
 * Counts kept by triggers are not copied: the triggers would add the copied rows to them a second time.
 * 跟踪分析's tallies (migration 0022): without its day row a plan's tallies are counted afresh on first read. The plans'
 * live task counts (0027): the triggers write them as the copy inserts the plans and then their tasks.
 */
const DERIVED = new Set([
  'plan_tally_days',
  'plan_chapter_tallies',
  'plan_lead_tallies',
  'plan_cooperator_tallies',
  'plan_cooperator_status_tallies',
  'round_unit_tallies',
  'plan_problem_tallies',
  'plan_notice_tallies',
  'plan_task_counts',
]);

/** A database holding any of these has been used (or seeded by a start of the app): it is not the empty one to fill. */
const USER_DATA = ['plans', 'units', 'tasks', 'accounts', 'audit_log', 'progress_reports'];

export async function importSqliteFile(file: string, target: AppDatabase, options: { checkBatch?: number } = {}): Promise<TableCopy[]> {
  if (target.engine !== 'postgres') throw new Error('importSqliteFile 只写入 PostgreSQL');
  let source: BetterSqlite3.Database;
  try {
    source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new AppError('DB_UNREADABLE', `无法打开要导入的 SQLite 数据库（${error instanceof Error ? error.message : String(error)}）：${file}`);
  }
  try {
    const version = Number(source.pragma('user_version', { simple: true }));
    const latest = bundledMigrations().at(-1)?.version ?? 0;
    if (version !== latest) {
      throw new AppError(
        'CONFLICT',
        `要导入的数据库的数据结构版本是 ${version}，本程序是 ${latest}。请先用本版本的规划督办台打开它一次（程序会备份后升级），再导入：${file}`,
      );
    }
    const tables = tablesInOrder(source);
    return await target.db.transaction().execute(async (trx) => {
      for (const table of USER_DATA) {
        const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(trx);
        if (Number(rows[0]!.n) > 0) {
          throw new AppError('CONFLICT', `目标 PostgreSQL 数据库不是空的（${table} 已有 ${rows[0]!.n} 行）。只能导入到新建的空数据库。`);
        }
      }
      // Rows a migration wrote into the new database (a setting's first value) give way to the file's own, which the
      // same migration wrote there. Children first.
      for (const { table } of [...tables].reverse()) {
        if (table !== 'audit_log') await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
      }
      const copies: TableCopy[] = [];
      for (const { table, columns, key } of tables) {
        // The rows are hashed as they are copied: the file is read once.
        const select = source.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${key.map(quote).join(', ')}`);
        const expected = new RowHash(columns);
        let chunk: Record<string, unknown>[] = [];
        for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
          expected.add(row);
          chunk.push(row);
          if (chunk.length === CHUNK) {
            await insertChunk(trx, table, columns, chunk);
            chunk = [];
          }
        }
        if (chunk.length > 0) await insertChunk(trx, table, columns, chunk);
        const copied = await postgresTableHash(trx, table, columns, key, options.checkBatch ?? CHECK_BATCH);
        const original = expected.digest();
        if (original.rows !== copied.rows || original.hash !== copied.hash) {
          throw new AppError(
            'DB_MIGRATION_FAILED',
            `导入后核对不一致：表 ${table} 在 SQLite 中 ${original.rows} 行，在 PostgreSQL 中 ${copied.rows} 行${original.hash === copied.hash ? '' : '，内容不同'}。已全部撤回，PostgreSQL 数据库仍是空的。`,
          );
        }
        copies.push({ table, ...copied });
      }
      // The planner's statistics for the new rows now, not whenever autovacuum comes round: the first pages a province
      // opens after moving up would otherwise be planned for empty tables.
      await sql`ANALYZE`.execute(trx);
      return copies;
    });
  } finally {
    source.close();
  }
}

interface SourceTable {
  table: string;
  columns: string[];
  /** The primary key's columns (rowid tables: their INTEGER PRIMARY KEY). */
  key: string[];
}

/** The app's tables (those the Database type describes, sqlite-tables.ts), each after the tables its foreign keys point to. */
function tablesInOrder(source: BetterSqlite3.Database): SourceTable[] {
  const tables = new Map(sqliteTables(source).filter((table) => !DERIVED.has(table.name)).map((table) => [table.name, table.columns]));
  const dependsOn = (name: string) =>
    (source.prepare('SELECT DISTINCT "table" AS target FROM pragma_foreign_key_list(?)').all(name) as { target: string }[]).map((row) => row.target).filter((target) => target !== name && tables.has(target));
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const target of dependsOn(name)) visit(target, path);
    ordered.push(name);
  };
  for (const name of tables.keys()) visit(name, new Set());
  return ordered.map((table) => {
    const info = tables.get(table)!;
    const key = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name);
    return { table, columns: info.map((column) => column.name), key: key.length > 0 ? key : info.map((column) => column.name) };
  });
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/gu, '""')}"`;
}

async function insertChunk(trx: Transaction<Database>, table: string, columns: string[], rows: Record<string, unknown>[]): Promise<void> {
  const list = sql.join(columns.map((column) => sql.ref(column)));
  await sql`INSERT INTO ${sql.table(table)} (${list})
    SELECT ${list} FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb)`.execute(trx);
}

/** One line per row: the values in column order as JSON (numbers, text, null read the same from both engines). */
class RowHash {
  private readonly hash = createHash('sha256');
  private rows = 0;

  constructor(private readonly columns: string[]) {}

  add(row: Record<string, unknown>): void {
    this.hash.update(JSON.stringify(this.columns.map((column) => row[column] ?? null))).update('\n');
    this.rows++;
  }

  digest(): { rows: number; hash: string } {
    return { rows: this.rows, hash: this.hash.digest('hex') };
  }
}

/**
 * The copy's rows read back through a cursor, a batch at a time (the import's transaction holds it; a failure rolls it
 * back with the rest, so it is closed only on success).
 */
async function postgresTableHash(db: Kysely<Database>, table: string, columns: string[], key: string[], batch: number) {
  // NULLs and text sort as in SQLite: the dialect orders NULLs first ascending, the columns are COLLATE "C".
  await sql`DECLARE plan_desk_check NO SCROLL CURSOR FOR SELECT ${sql.join(columns.map((column) => sql.ref(column)))} FROM ${sql.table(table)}
    ORDER BY ${sql.join(key.map((column) => sql`${sql.ref(column)} NULLS FIRST`))}`.execute(db);
  const copied = new RowHash(columns);
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`FETCH ${sql.raw(String(Math.trunc(batch)))} FROM plan_desk_check`.execute(db);
    for (const row of rows) copied.add(row);
    if (rows.length < batch) break;
  }
  await sql`CLOSE plan_desk_check`.execute(db);
  return copied.digest();
}
