import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDatabase, type AppDatabase } from '../db/connection';
import { createTestDatabase, testEngine, type TestDatabase } from '../db/test-helper';
import { seedShippedPlan } from '../plan/plan.seed';
import { databaseSourceOf } from '../db/database-source';
import { taskTextSearch } from '../db/sql-forms';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { seedDefaultUnits } from '../units/units.service';
import { listTasks } from './task-query';

/**
 * The task search finds exactly the same tasks on PostgreSQL (ILIKE over pg_trgm's indexes) as on SQLite (FTS5's
 * trigram table for three characters or more, LIKE for one or two): the same data in both, the same queries.
 * Runs under npm run test:postgres, which gives it both engines.
 */

// Texts with ASCII letters in both cases, LIKE's wildcards and FTS5's quote, written into the same tasks on both.
const EDITS: Record<string, string> = {
  '3.1.1.1': '推进5G基站建设，GDP增速高于全国',
  '3.1.1.2': '完成率100%的Wi-Fi覆盖（a_b 测试）',
  '3.1.2.1': '引进“京津冀”协同项目，gdp 占比提升',
  '3.2.1.1': '路径 C:\\数据\\高铁 与 "引号" 项目',
};

const QUERIES = ['高铁', '铁', '建设', '高铁建设', '京津冀', '长三角', '数字经济', 'GDP', 'gdp', 'Gdp', '5G', '5g', 'g', 'wi-fi', 'WI-FI',
  '100%', '%', '_', 'a_b', '\\', 'C:\\数据', '"引号"', '"', '（a', '项目', '推进', '大湾区', '不存在的词语'];

describe.skipIf(testEngine() !== 'postgres')('task search on both engines', () => {
  let postgres: TestDatabase;
  let sqlite: AppDatabase;
  let sqliteDir: string;

  async function seed(database: AppDatabase): Promise<number> {
    await seedDefaultUnits(database.db);
    const planId = (await seedShippedPlan(database.db))!;
    for (const [code, text] of Object.entries(EDITS)) {
      await database.db.updateTable('tasks').set({ text }).where('code', '=', code).where('plan_id', '=', planId).execute();
    }
    return planId;
  }

  beforeAll(async () => {
    postgres = await createTestDatabase();
    sqliteDir = mkdtempSync(join(tmpdir(), 'plan-desk-search-'));
    sqlite = await openAppDatabase(sqliteDir);
    const [a, b] = [await seed(postgres), await seed(sqlite)];
    expect(a).toBe(b);
  });
  afterAll(async () => {
    await postgres.dispose();
    await sqlite.close();
    rmSync(sqliteDir, { recursive: true, force: true });
  });

  it.each(QUERIES)('「%s」 finds the same tasks, in the same order', async (search) => {
    const codes = async (database: AppDatabase) =>
      (await listTasks(database.db, { search, limit: 500 }, '2025-06-30', DEFAULT_WARNING_THRESHOLDS)).rows.map((row) => row.code);
    const onSqlite = await codes(sqlite);
    expect(sqlite.engine).toBe('sqlite');
    expect(postgres.engine).toBe('postgres');
    expect(await codes(postgres)).toEqual(onSqlite);
  });

  it('an export worker opens the SQLite file, or the same PostgreSQL database at its address', async () => {
    expect(await databaseSourceOf(sqlite.db)).toEqual({ engine: 'sqlite', file: join(sqliteDir, 'plan-desk.sqlite3') });
    expect(await databaseSourceOf(postgres.db)).toEqual({ engine: 'postgres', url: expect.stringMatching(/^postgres(ql)?:\/\//u) });
  });

  it('on PostgreSQL a search of three characters or more can be answered from the trigram index (pg_trgm)', async () => {
    const plan = await postgres.db.transaction().execute(async (trx) => {
      // Without a table scan to choose, the planner shows whether the index serves the pattern at all.
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM task_fts WHERE text ILIKE ${'%高铁建设%'}`.execute(trx);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('task_fts_text_trgm');
  });

  it('on PostgreSQL the task list search reaches its matches through both trigram indexes, on the task text and on the measure title', async () => {
    const plan = await postgres.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT tasks.id FROM tasks WHERE ${taskTextSearch('高铁建设', sql.ref('tasks.id'))}`.execute(trx);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('task_fts_text_trgm');
    expect(plan).toContain('measures_title_trgm');
  });

  it('the queries reach both paths and find something', async () => {
    const found = async (search: string) => (await listTasks(sqlite.db, { search, limit: 500 }, '2025-06-30', DEFAULT_WARNING_THRESHOLDS)).total;
    expect(await found('高铁')).toBeGreaterThan(0);
    expect(await found('京津冀')).toBeGreaterThan(0);
    expect(await found('gdp')).toBe(2);
    expect(await found('GDP')).toBe(2);
    expect(await found('a_b')).toBe(1);
  });
});
