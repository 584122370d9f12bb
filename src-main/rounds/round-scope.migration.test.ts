import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openAppDatabase } from '../db/connection';
import { bundledMigrations } from '../db/migrator';
import { seedShippedPlan } from '../plan/plan.seed';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { seedDefaultUnits } from '../units/units.service';
import { listRounds, roundDetail } from './rounds.service';

/** 0016 on a database written by version 15: every round asked lead units only, and says so; its rows are the lead's. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-0016-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('keeps open and frozen rounds as they were, lead-only, their rows the lead’s, a report counted where it was', async () => {
  const before = await openAppDatabase(dir, bundledMigrations().filter((m) => m.version < 16));
  await seedDefaultUnits(before.db);
  const planId = (await seedShippedPlan(before.db))!;
  const [first, second] = (await before.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).orderBy('id').limit(2).execute()).map((t) => t.id);
  const unitId = (await before.db.selectFrom('units').select('id').where('name', '=', '省商务厅').executeTakeFirstOrThrow()).id;
  await sql`UPDATE tasks SET lead_unit_id = ${unitId} WHERE id IN (${first}, ${second})`.execute(before.db);
  await sql`INSERT INTO rounds (id, plan_id, name, period_start, period_end, due_date, state, opened_by) VALUES
    (1, ${planId}, '第一季度调度', '2026-01-01', '2026-03-31', '2026-03-31', 'closed', 'x'),
    (2, ${planId}, '第二季度调度', '2026-04-01', '2026-06-30', '2026-06-30', 'open', 'x')`.execute(before.db);
  await sql`INSERT INTO round_units (round_id, unit_id) VALUES (1, ${unitId}), (2, ${unitId})`.execute(before.db);
  await sql`INSERT INTO progress_reports (id, task_id, unit_id, reporter, status, percent, source, round_id, created_at, report_date)
    VALUES (1, ${first}, ${unitId}, 'x', '滞后', 20, 'manual', 2, '2026-04-02T02:00:00.000Z', '2026-04-02')`.execute(before.db);
  await sql`INSERT INTO round_tasks (round_id, task_id, unit_id, report_id, reported_at, report_date) VALUES
    (1, ${first}, ${unitId}, NULL, NULL, NULL),
    (2, ${first}, ${unitId}, 1, '2026-04-02T02:00:00.000Z', '2026-04-02'), (2, ${second}, ${unitId}, NULL, NULL, NULL)`.execute(before.db);
  await sql`INSERT INTO round_snapshots (round_id, task_id, unit_id, task_code, task_text, unit_name, reported, reported_late, status, percent, schedule_progress, light)
    VALUES (1, ${first}, ${unitId}, '3.1.1.1', 't', '省商务厅', 0, 0, '未启动', 0, 10, 'green')`.execute(before.db);
  await before.close();

  const after = await openAppDatabase(dir);
  expect((await listRounds(after.db, { planId }, '2026-04-10')).map((r) => [r.name, r.reportScope, r.expected, r.reported])).toEqual([
    ['第二季度调度', 'lead', 2, 1],
    ['第一季度调度', 'lead', 1, 0],
  ]);
  const open = await roundDetail(after.db, 2, '2026-04-10', DEFAULT_WARNING_THRESHOLDS);
  expect(open.tasks.map((r) => [r.taskId, r.role, r.reported])).toEqual([
    [first, 'lead', true],
    [second, 'lead', false],
  ]);
  expect((await roundDetail(after.db, 1, '2026-04-10', DEFAULT_WARNING_THRESHOLDS)).tasks.map((r) => [r.code, r.role])).toEqual([['3.1.1.1', 'lead']]);
  // The key now takes the unit: a cooperating unit's row for the same task fits beside the lead's.
  const other = (await after.db.selectFrom('units').select('id').where('name', '=', '大同市').executeTakeFirstOrThrow()).id;
  await after.db.insertInto('round_tasks').values({ round_id: 2, task_id: first!, unit_id: other, role: 'cooperating' }).execute();
  expect(await after.db.selectFrom('round_tasks').select('unit_id').where('round_id', '=', 2).where('task_id', '=', first!).execute()).toHaveLength(2);
  await after.close();
});
