import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedShippedPlan } from '../plan/plan.seed';
import { seedDefaultUnits } from '../units/units.service';
import { openAppDatabase } from './connection';
import { bundledMigrations } from './migrator';

/** Migrations that fill new columns from existing data do so for a database written by the previous version. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-backfill-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('0008 gives every counted round row its report time, and leaves rows without a report empty', async () => {
  const before = await openAppDatabase(dir, bundledMigrations().filter((m) => m.version < 8));
  await seedDefaultUnits(before.db);
  const planId = (await seedShippedPlan(before.db))!;
  const [first, second] = (await before.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).orderBy('id').limit(2).execute()).map((t) => t.id);
  const unitId = (await before.db.selectFrom('units').select('id').where('name', '=', '省商务厅').executeTakeFirstOrThrow()).id;
  // As version 7 wrote them: a round, a report it counts, and a task still owed.
  await sql`INSERT INTO rounds (id, plan_id, name, period_start, period_end, due_date, opened_by) VALUES (1, ${planId}, '第一季度调度', '2026-01-01', '2026-03-31', '2026-04-10', 'x')`.execute(before.db);
  await sql`INSERT INTO progress_reports (id, task_id, unit_id, reporter, status, percent, source, round_id, created_at)
    VALUES (1, ${first}, ${unitId}, 'x', '序时推进', 20, 'manual', 1, '2026-04-12T02:00:00.000Z')`.execute(before.db);
  await sql`INSERT INTO round_tasks (round_id, task_id, unit_id, report_id) VALUES (1, ${first}, ${unitId}, 1), (1, ${second}, ${unitId}, NULL)`.execute(before.db);
  await before.close();

  const after = await openAppDatabase(dir);
  expect(after.schemaVersion).toBeGreaterThanOrEqual(8);
  const rows = await after.db.selectFrom('round_tasks').select(['task_id', 'reported_at']).orderBy('task_id').execute();
  expect(rows).toEqual([
    { task_id: first, reported_at: '2026-04-12T02:00:00.000Z' },
    { task_id: second, reported_at: null },
  ]);
  await after.close();
});
