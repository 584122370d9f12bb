import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openAppDatabase } from '../db/connection';
import { bundledMigrations } from '../db/migrator';
import { seedShippedPlan } from '../plan/plan.seed';
import { seedDefaultUnits } from '../units/units.service';
import { listInstructions } from './instructions.service';

/** 0019 keeps every 批示 recorded before it (on a task), now naming its plan and what it is about. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-instructions-0019-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a 批示 written by the previous version stays, on its task, in its plan, with its notice and state', async () => {
  const before = await openAppDatabase(dir, bundledMigrations().filter((m) => m.version < 19));
  await seedDefaultUnits(before.db);
  const planId = (await seedShippedPlan(before.db))!;
  const task = await before.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).where('code', '=', '6.3.1.1').executeTakeFirstOrThrow();
  await sql`INSERT INTO leader_instructions (id, task_id, leader, given_on, text, recorded_by, recorded_at, state, closed_note, closed_at)
    VALUES (7, ${task.id}, '张副省长', '2026-12-01', '请抓紧推进。', '办公室', '2026-12-02T02:00:00.000Z', 'closed', '已报告', '2026-12-05T02:00:00.000Z')`.execute(before.db);
  await before.close();

  const after = await openAppDatabase(dir);
  const row = await after.db.selectFrom('leader_instructions').selectAll().where('id', '=', 7).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ plan_id: planId, target_kind: 'task', task_id: task.id, problem_id: null, project_id: null, report_id: null, state: 'closed', closed_note: '已报告' });
  const [listed] = await listInstructions(after.db, null, { planId });
  expect(listed).toMatchObject({ id: 7, targetKind: 'task', taskCode: '6.3.1.1', stage: '已办结', attachments: [] });
  // New rows keep counting from the old ones.
  const { id } = await after.db
    .insertInto('leader_instructions')
    .values({ plan_id: planId, task_id: task.id, leader: '李', given_on: '2026-12-06', text: 't', recorded_by: 'x', recorded_at: '2026-12-06T02:00:00.000Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  expect(id).toBe(8);
  // A 批示 must name the record its kind says it is about.
  await expect(
    after.db
      .insertInto('leader_instructions')
      .values({ plan_id: planId, target_kind: 'problem', task_id: task.id, leader: '李', given_on: '2026-12-06', text: 't', recorded_by: 'x', recorded_at: '2026-12-06T02:00:00.000Z' })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/u);
  await after.close();
});
