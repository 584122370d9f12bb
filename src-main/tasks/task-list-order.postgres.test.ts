import { Kysely, sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseSourceOf } from '../db/database-source';
import type { Database } from '../db/database.types';
import { createPostgresPool, PlanDeskPostgresDialect } from '../db/postgres-dialect';
import { testEngine } from '../db/test-helper';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { assignTasks } from './task-assign.service';
import { listTasks, type TaskFilter } from './task-query';

/**
 * On PostgreSQL the task lists' pages are read from an index in the order asked, as on SQLite (query-plans.test.ts):
 * 我的任务's lead and 配合任务 tabs, and a plan's page sorted by 完成时限. PostgreSQL's planner reads an index in
 * order only when its nulls sit where the ORDER BY puts them and no `IS NULL` key stands before the ordered columns
 * (migrations/postgres/0026, 0028); otherwise it sorts every match for a page of 50. On a test database that small
 * the planner would sort anyway, so sorting and table scans are made as dear as it allows: a plan that still sorts
 * has no index to read in order.
 */

const TODAY = '2026-06-30';

describe.skipIf(testEngine() !== 'postgres')('task list pages on PostgreSQL', () => {
  let t: SeededDatabase;
  let recorder: Kysely<Database>;
  let recorded: CompiledQuery[] = [];
  let leadUnitId: number;
  let cooperatingUnitId: number;

  beforeAll(async () => {
    t = await createSeededDatabase();
    const source = await databaseSourceOf(t.db);
    if (source?.engine !== 'postgres') throw new Error('expected PostgreSQL');
    const url = source.url;
    recorder = new Kysely<Database>({
      dialect: new PlanDeskPostgresDialect({ pool: createPostgresPool(url, { max: 1 }) }),
      log: (event) => {
        if (event.level === 'query') recorded.push(event.query);
      },
    });
    leadUnitId = await t.unitId('省商务厅');
    cooperatingUnitId = await t.unitId('大同市');
    const taskIds = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).orderBy('id').limit(60).execute()).map((r) => r.id);
    await assignTasks(t.db, t.office, { taskIds, leadUnitId, cooperatorUnitIds: [cooperatingUnitId], deadline: '2027-12-31' });
  });
  afterAll(async () => {
    await recorder?.destroy();
    await t?.dispose();
  });

  /** The plan of the statement that reads the page's ids (the one with a LIMIT), with sorting and scans made dear. */
  async function pagePlan(filter: TaskFilter): Promise<string> {
    recorded = [];
    const result = await listTasks(recorder, filter, TODAY, DEFAULT_WARNING_THRESHOLDS);
    expect(result.rows.length).toBeGreaterThan(0);
    const page = recorded.find((query) => /\blimit\b/iu.test(query.sql) && /order by/iu.test(query.sql));
    expect(page, 'a page query').toBeDefined();
    return t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_sort = off`.execute(trx);
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...page!, sql: `EXPLAIN ${page!.sql}` });
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  it('我的任务: the lead tab’s first page is read in the plan’s order from tasks_by_lead_place', async () => {
    const plan = await pagePlan({ unitId: leadUnitId, unitRole: 'lead', offset: 0, limit: 50 });
    expect(plan).toContain('tasks_by_lead_place');
    expect(plan).not.toMatch(/\bSort\b/u);
  });

  it('我的任务: the 配合任务 tab’s page is read in the plan’s order from task_cooperators_by_unit_place', async () => {
    const plan = await pagePlan({ unitId: cooperatingUnitId, unitRole: 'cooperating', offset: 0, limit: 50 });
    expect(plan).toContain('task_cooperators_by_unit_place');
    expect(plan).not.toMatch(/\bSort\b/u);
  });

  it('a plan’s page of two statuses sorted by 完成时限, latest first, is read from tasks_by_plan_deadline', async () => {
    const plan = await pagePlan({ planId: t.planId, statuses: ['未启动', '序时推进'], sort: { field: 'deadline', order: 'desc' }, offset: 50, limit: 50 });
    expect(plan).toContain('tasks_by_plan_deadline');
    expect(plan).not.toMatch(/\bSort\b/u);
  });
});
