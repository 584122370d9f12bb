import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openAppDatabase } from '../db/connection';
import { bundledMigrations } from '../db/migrator';
import { seedShippedPlan } from '../plan/plan.seed';
import { loadProgressLines } from '../reports/report-data';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { seedDefaultUnits } from '../units/units.service';
import { roundDetail } from './rounds.service';

/** 0009 on a database written by version 8: report dates from Beijing time, and old frozen rows' unknown figures. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-0009-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('gives every report its Beijing date, and leaves a round frozen before as unknown (—), never a false 0', async () => {
  const before = await openAppDatabase(dir, bundledMigrations().filter((m) => m.version < 9));
  await seedDefaultUnits(before.db);
  const planId = (await seedShippedPlan(before.db))!;
  const [first, second] = (await before.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).orderBy('id').limit(2).execute()).map((t) => t.id);
  const unitId = (await before.db.selectFrom('units').select('id').where('name', '=', '省商务厅').executeTakeFirstOrThrow()).id;
  await sql`UPDATE tasks SET lead_unit_id = ${unitId} WHERE id IN (${first}, ${second})`.execute(before.db);
  // As version 8 wrote them: a closed round whose snapshot says 序时进度 0, one report made at 07:30 Beijing on 1 April.
  await sql`INSERT INTO rounds (id, plan_id, name, period_start, period_end, due_date, state, opened_by) VALUES (1, ${planId}, '第一季度调度', '2026-01-01', '2026-03-31', '2026-03-31', 'closed', 'x')`.execute(before.db);
  await sql`INSERT INTO progress_reports (id, task_id, unit_id, reporter, status, percent, source, round_id, created_at)
    VALUES (1, ${first}, ${unitId}, 'x', '滞后', 20, 'manual', 1, '2026-03-31T23:30:00.000Z')`.execute(before.db);
  await sql`INSERT INTO round_tasks (round_id, task_id, unit_id, report_id, reported_at) VALUES (1, ${first}, ${unitId}, 1, '2026-03-31T23:30:00.000Z'), (1, ${second}, ${unitId}, NULL, NULL)`.execute(before.db);
  await sql`INSERT INTO round_snapshots (round_id, task_id, unit_id, task_code, task_text, unit_name, reported, reported_late, report_id, reported_at, status, percent, schedule_progress, light)
    VALUES (1, ${first}, ${unitId}, '3.1.1.1', 't', '省商务厅', 1, 0, 1, '2026-03-31T23:30:00.000Z', '滞后', 20, 0, 'red'),
           (1, ${second}, ${unitId}, '3.1.1.2', 't', '省商务厅', 0, 0, NULL, NULL, '未启动', 0, 0, 'red')`.execute(before.db);
  await before.close();

  const after = await openAppDatabase(dir);
  expect(await after.db.selectFrom('progress_reports').select('report_date').executeTakeFirstOrThrow()).toEqual({ report_date: '2026-04-01' });
  expect(await after.db.selectFrom('round_tasks').select(['task_id', 'report_date']).orderBy('task_id').execute()).toEqual([
    { task_id: first, report_date: '2026-04-01' },
    { task_id: second, report_date: null },
  ]);
  const lines = await loadProgressLines(after.db, { planId, roundId: 1 }, '2026-06-01', DEFAULT_WARNING_THRESHOLDS);
  expect(lines.map((l) => [l.code, l.scheduleProgress, l.lag, l.reasons, l.reportDate])).toEqual([
    ['3.1.1.1', null, null, null, '2026-04-01'],
    ['3.1.1.2', null, null, null, null],
  ]);
  // What was frozen stays frozen, the 迟报 flag included.
  expect((await roundDetail(after.db, 1, '2026-06-01', DEFAULT_WARNING_THRESHOLDS)).tasks.map((r) => [r.code, r.reportedLate, r.reportDate])).toEqual([
    ['3.1.1.1', false, '2026-04-01'],
    ['3.1.1.2', false, null],
  ]);
  await after.close();
});
