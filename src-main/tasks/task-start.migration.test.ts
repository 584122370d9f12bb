import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openAppDatabase } from '../db/connection';
import { bundledMigrations } from '../db/migrator';
import { seedShippedPlan } from '../plan/plan.seed';
import { seedDefaultUnits } from '../units/units.service';
import { getTaskDetail } from './task-query';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';

/** 0010 on a database written by version 9: assigned tasks start on the Beijing date they were first assigned. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-0010-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('starts each assigned task on its first assignment day, keeps an office-set start, leaves unassigned tasks alone', async () => {
  const before = await openAppDatabase(dir, bundledMigrations().filter((m) => m.version < 10));
  await seedDefaultUnits(before.db);
  const planId = (await seedShippedPlan(before.db))!;
  const [assigned, officeSet, afterDeadline, unassigned] = (
    await before.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).orderBy('id').limit(4).execute()
  ).map((t) => t.id);
  const unitId = (await before.db.selectFrom('units').select('id').where('name', '=', '省商务厅').executeTakeFirstOrThrow()).id;
  await sql`UPDATE tasks SET lead_unit_id = ${unitId} WHERE id IN (${assigned}, ${officeSet}, ${afterDeadline})`.execute(before.db);
  await sql`UPDATE tasks SET start_date = '2022-03-01' WHERE id = ${officeSet}`.execute(before.db);
  await sql`UPDATE tasks SET deadline = '2024-06-30' WHERE id = ${afterDeadline}`.execute(before.db);
  // 23:30 UTC on 9 May is 10 May in Beijing; the later re-assignment does not restart the clock.
  await sql`INSERT INTO task_events (task_id, kind, summary, actor, created_at) VALUES
    (${assigned}, 'assigned', '牵头单位：省商务厅', 'x', '2024-05-09T23:30:00.000Z'),
    (${assigned}, 'assigned', '牵头单位：太原市', 'x', '2024-09-01T02:00:00.000Z'),
    (${officeSet}, 'assigned', '牵头单位：省商务厅', 'x', '2024-05-09T02:00:00.000Z'),
    (${afterDeadline}, 'assigned', '牵头单位：省商务厅', 'x', '2024-08-01T02:00:00.000Z'),
    (${unassigned}, 'assigned', '完成时限：2025-12-31', 'x', '2024-05-09T02:00:00.000Z')`.execute(before.db);
  await before.close();

  const after = await openAppDatabase(dir);
  const startOf = async (id: number) => (await after.db.selectFrom('tasks').select('start_date').where('id', '=', id).executeTakeFirstOrThrow()).start_date;
  expect([await startOf(assigned!), await startOf(officeSet!), await startOf(afterDeadline!), await startOf(unassigned!)]).toEqual([
    '2024-05-10',
    '2022-03-01',
    '2024-06-30',
    null,
  ]);
  // A week after its assignment the task is on schedule, not 50-odd points behind the plan's 2021 start.
  const detail = await getTaskDetail(after.db, assigned!, '2024-05-17', DEFAULT_WARNING_THRESHOLDS);
  expect(detail.light).toBe('green');
  await after.close();
});
