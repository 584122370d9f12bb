import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../api/dashboard.types';
import { getDashboard } from '../dashboard/dashboard.service';
import { seedShippedPlan } from '../plan/plan.seed';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { listPlans } from '../plan/plan.service';
import { AttachmentStore } from '../progress/attachment-store';
import { submitReport } from '../progress/progress.service';
import { assignTasks } from '../tasks/task-assign.service';
import { seedDefaultUnits } from '../units/units.service';
import { DATABASE_FILE_NAME, openAppDatabase } from './connection';
import { importSqliteFile } from './import-sqlite';
import { openPostgresAppDatabase } from './postgres-database';
import { createPostgresTestDatabaseUrl, testEngine } from './postgres-test-database';

const TODAY = '2025-06-30';

/** `--import-sqlite FILE`: a SQLite database copied into an empty PostgreSQL database, checked table by table. */
describe.skipIf(testEngine() !== 'postgres')('moving a SQLite database to PostgreSQL', () => {
  let dir: string;
  let file: string;
  let sourceDashboard: Dashboard;
  let sourcePlans: Awaited<ReturnType<typeof listPlans>>;

  beforeAll(async () => {
    // A pilot server's database: the plan, units, an assignment and a report with its history.
    dir = mkdtempSync(join(tmpdir(), 'plan-desk-import-'));
    file = join(dir, DATABASE_FILE_NAME);
    const source = await openAppDatabase(dir);
    await seedDefaultUnits(source.db);
    await seedShippedPlan(source.db);
    const unit = await source.db.selectFrom('units').select(['id', 'name']).where('name', '=', '大同市').executeTakeFirstOrThrow();
    const office = await source.db.selectFrom('units').select(['id', 'name']).where('kind', '=', 'office').executeTakeFirstOrThrow();
    const task = await source.db.selectFrom('tasks').select(['id', 'plan_id']).where('code', '=', '6.3.1.1').executeTakeFirstOrThrow();
    await assignTasks(source.db, { role: 'office', unitId: office.id, label: '办公室' }, { taskIds: [task.id], leadUnitId: unit.id, startDate: '2025-01-01', deadline: '2025-12-31' });
    await submitReport(source.db, new AttachmentStore(dir), { role: 'unit', unitId: unit.id, label: '大同市（经办人）' }, {
      taskId: task.id,
      status: '序时推进',
      percent: 50,
      progress: '完成前期工作，含“引号”与 \\ 反斜杠。',
      problems: '',
      nextSteps: '',
      coordination: '',
      attachments: [],
    });
    // The dashboard read once: its tallies are kept in the file (migration 0022).
    sourceDashboard = await getDashboard(source.db, task.plan_id, TODAY, DEFAULT_WARNING_THRESHOLDS);
    sourcePlans = await listPlans(source.db);
    await source.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies every table with its row count and content hash checked, and new rows continue after the copied ids', async () => {
    const target = await createPostgresTestDatabaseUrl();
    const database = await openPostgresAppDatabase(target.url);
    try {
      const copies = await importSqliteFile(file, database);
      const byTable = new Map(copies.map((copy) => [copy.table, copy]));
      expect(byTable.get('tasks')!.rows).toBe(270);
      expect(byTable.get('progress_reports')!.rows).toBe(1);
      expect(byTable.get('units')!.rows).toBeGreaterThan(20);
      expect(byTable.get('tasks')!.hash).toMatch(/^[0-9a-f]{64}$/u);
      // With their live task counts (migration 0027), written by the triggers as the tasks were copied.
      expect(await listPlans(database.db)).toEqual(sourcePlans);
      expect(sourcePlans).toHaveLength(1);
      const report = await database.db.selectFrom('progress_reports').select(['progress', 'percent']).executeTakeFirstOrThrow();
      expect(report).toEqual({ progress: '完成前期工作，含“引号”与 \\ 反斜杠。', percent: 50 });
      const top = await database.db.selectFrom('units').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
      const added = await database.db.insertInto('units').values({ name: '新单位', kind: 'city', seq: 999 }).returning('id').executeTakeFirstOrThrow();
      expect(added.id).toBe(Number(top.id) + 1);
      // The dashboard's tallies are counted afresh from the copied rows, not copied and then added to again.
      const dashboard = await getDashboard(database.db, sourceDashboard.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
      expect(dashboard.totals).toEqual(sourceDashboard.totals);
      expect(dashboard.byUnit).toEqual(sourceDashboard.byUnit);
      expect(byTable.has('plan_chapter_tallies')).toBe(false);
    } finally {
      await database.close();
      await target.drop();
    }
  });

  it('checks the copy reading it back a few rows at a time: every row of every table is counted and hashed', async () => {
    const target = await createPostgresTestDatabaseUrl();
    const database = await openPostgresAppDatabase(target.url);
    try {
      // 270 tasks read back 7 at a time: a batch lost or read twice would not match the file's count and hash.
      const copies = await importSqliteFile(file, database, { checkBatch: 7 });
      expect(copies.find((copy) => copy.table === 'tasks')).toMatchObject({ rows: 270 });
      // Analyzed with the copy: the planner knows the rows (never analyzed, reltuples is -1).
      const { rows } = await sql<{ reltuples: number }>`SELECT reltuples FROM pg_class WHERE relname = 'tasks'`.execute(database.db);
      expect(Number(rows[0]!.reltuples)).toBe(270);
    } finally {
      await database.close();
      await target.drop();
    }
  });

  it('refuses a database that is not empty, and leaves it as it was', async () => {
    const target = await createPostgresTestDatabaseUrl();
    const database = await openPostgresAppDatabase(target.url);
    try {
      await seedDefaultUnits(database.db);
      const before = await database.db.selectFrom('units').select('id').execute();
      await expect(importSqliteFile(file, database)).rejects.toThrow(/不是空的/);
      expect(await database.db.selectFrom('units').select('id').execute()).toEqual(before);
      expect(await database.db.selectFrom('tasks').select('id').execute()).toEqual([]);
    } finally {
      await database.close();
      await target.drop();
    }
  });
});
