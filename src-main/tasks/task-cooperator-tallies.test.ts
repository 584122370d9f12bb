import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskStatus } from '../api/tasks.types';
import { rebuildPlanTallies } from '../dashboard/plan-tallies';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { choices } from '../testing/choices';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { assignTasks } from './task-assign.service';
import { cooperatorStatusCounts } from './task-cooperator-tallies';
import { refreshTaskLights } from './task-lights';
import { listTasks } from './task-query';

/**
 * 我的任务's 配合任务 tab reads what migration 0028 keeps: the cooperating tasks' counts by plan, unit and status (with
 * their lights on the plan's tally day), and each cooperating row's copy of its task's place in the plan's order. These
 * hold them, after every kind of write that moves them, equal to a fresh count and to the tasks' own columns — and the
 * tab's page and counts equal to what the unit's whole cooperating list (read from the tasks, in order) holds. On both
 * engines.
 */

let t: SeededDatabase;
const TODAY = '2024-11-15';
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(async () => t.dispose());

const key = (row: { unit_id: number; status: string }) => `${Number(row.unit_id)}/${row.status}`;
const numbers = (row: { n: number; grey: number; unlit: number; yellow_or_red: number; red: number }) =>
  [row.n, row.grey, row.unlit, row.yellow_or_red, row.red].map(Number);

async function expectKeptEqualsFresh(after: string, unitIds: number[]) {
  // Still holding: what the triggers kept, not a rebuild.
  expect((await t.db.selectFrom('plan_tally_days').select('as_of').where('plan_id', '=', t.planId).executeTakeFirst())?.as_of, after).toBe(TODAY);
  const kept = await t.db.selectFrom('plan_cooperator_status_tallies').selectAll().where('plan_id', '=', t.planId).execute();
  const fresh = await cooperatorStatusCounts(t.db, t.planId, TODAY).execute();
  const keptByKey = Object.fromEntries(kept.filter((row) => Number(row.n) !== 0).map((row) => [key(row), numbers(row)]));
  expect(keptByKey, after).toEqual(Object.fromEntries(fresh.map((row) => [key(row), numbers(row)])));
  // Each cooperating row's copy of its task's place and retirement.
  const copies = await t.db
    .selectFrom('task_cooperators as tc')
    .innerJoin('tasks', 'tasks.id', 'tc.task_id')
    .select(['tc.task_id', 'tc.unit_id'])
    .where((eb) =>
      eb.or([
        eb('tc.chapter_seq', '!=', eb.ref('tasks.chapter_seq')),
        eb('tc.section_seq', '!=', eb.ref('tasks.section_seq')),
        eb('tc.measure_seq', '!=', eb.ref('tasks.measure_seq')),
        eb('tc.task_seq', '!=', eb.ref('tasks.seq')),
        eb.and([eb('tc.task_retired_at', 'is', null), eb('tasks.retired_at', 'is not', null)]),
        eb.and([eb('tc.task_retired_at', 'is not', null), eb('tasks.retired_at', 'is', null)]),
      ]),
    )
    .execute();
  expect(copies, after).toEqual([]);
  // What the tab shows: its first pages and counts, against the unit's whole list read from the tasks in order.
  for (const unitId of unitIds) {
    const whole = await listTasks(t.db, { unitId, unitRole: 'cooperating' }, TODAY, DEFAULT_WARNING_THRESHOLDS);
    for (const order of ['asc', 'desc'] as const) {
      const ordered = order === 'asc' ? whole.rows : [...whole.rows].reverse();
      const page = await listTasks(t.db, { unitId, unitRole: 'cooperating', sort: { field: 'code', order }, offset: 3, limit: 7 }, TODAY, DEFAULT_WARNING_THRESHOLDS);
      expect(page.rows.map((r) => r.id), `${after}: unit ${unitId} ${order}`).toEqual(ordered.slice(3, 10).map((r) => r.id));
      expect([page.total, page.byStatus, page.byLight], `${after}: unit ${unitId}`).toEqual([whole.total, whole.byStatus, whole.byLight]);
    }
  }
}

describe('我的任务’s cooperating tasks as kept (migration 0028)', () => {
  it('stay equal to a fresh count, the tasks’ places and the whole list through every kind of write', async () => {
    const r = choices(28);
    const taskIds = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).orderBy('id').limit(40).execute()).map((row) => row.id);
    const unitIds = (await t.db.selectFrom('units').select('id').where('kind', '!=', 'office').orderBy('seq').limit(4).execute()).map((row) => row.id);
    const measureIds = (await t.db.selectFrom('measures').select('id').where('plan_id', '=', t.planId).execute()).map((row) => row.id);
    const chapterIds = (await t.db.selectFrom('chapters').select('id').where('plan_id', '=', t.planId).execute()).map((row) => row.id);
    // A start: half the tasks assigned, each with a cooperating unit or two, reported on with every status.
    const statuses: TaskStatus[] = ['序时推进', '滞后', '未启动', '已完成', '暂缓', '超序时进度'];
    for (const [i, taskId] of taskIds.entries()) {
      if (i % 2 !== 0) continue;
      const deadline = ['2025-06-30', '2024-12-15', '2024-10-31'][i % 3]!;
      await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: unitIds[i % 4]!, cooperatorUnitIds: [unitIds[(i + 1) % 4]!, unitIds[(i + 2) % 4]!], deadline, startDate: '2024-01-01' });
      const status = statuses[(i / 2) % statuses.length]!;
      await t.db.updateTable('tasks').set({ status, percent: status === '已完成' ? 100 : (i * 7) % 60 }).where('id', '=', taskId).execute();
    }
    await refreshTaskLights(t.db, taskIds);
    await rebuildPlanTallies(t.db, t.planId, TODAY);
    await expectKeptEqualsFresh('start', unitIds);
    let free = 1000;
    const writes: Record<string, () => Promise<void>> = {
      'cooperating units assigned': async () => {
        const live = (await t.db.selectFrom('tasks').select('id').where('id', 'in', taskIds).where('retired_at', 'is', null).orderBy('id').execute()).map((row) => row.id);
        await assignTasks(t.db, t.office, { taskIds: [...new Set([r.pick(live), r.pick(live)])], leadUnitId: r.pick(unitIds), cooperatorUnitIds: [r.pick(unitIds)] });
      },
      'a cooperating unit added': async () => {
        const taskId = r.pick(taskIds);
        await t.db.insertInto('task_cooperators').values({ task_id: taskId, unit_id: r.pick(unitIds) }).onConflict((oc) => oc.doNothing()).execute();
      },
      'a cooperating unit taken off': async () => {
        const row = await t.db.selectFrom('task_cooperators').select(['task_id', 'unit_id']).orderBy('task_id').offset(r.int(20)).limit(1).executeTakeFirst();
        if (row) await t.db.deleteFrom('task_cooperators').where('task_id', '=', row.task_id).where('unit_id', '=', row.unit_id).execute();
      },
      'status and percent reported': async () => {
        const ids = [r.pick(taskIds), r.pick(taskIds), r.pick(taskIds)];
        const status = r.pick(statuses);
        await t.db.updateTable('tasks').set({ status, percent: status === '已完成' ? 100 : r.int(100) }).where('id', 'in', ids).execute();
        await refreshTaskLights(t.db, ids);
      },
      'deadline moved': async () => {
        const id = r.pick(taskIds);
        await t.db.updateTable('tasks').set({ deadline: r.pick(['2024-10-31', '2024-12-31', '2025-12-31']) }).where('id', '=', id).execute();
        await refreshTaskLights(t.db, [id]);
      },
      'percent reported, the status kept': async () => {
        // Its light dates move, across the tally day (yellow, red, back) or not: the counts change only when they cross.
        const cooperating = (await t.db.selectFrom('task_cooperators').select('task_id').distinct().orderBy('task_id').execute()).map((row) => row.task_id);
        const id = r.pick(cooperating);
        await t.db.updateTable('tasks').set({ percent: r.pick([0, 5, 20, 35, 50, 70, 95]) }).where('id', '=', id).where('status', '!=', '已完成').execute();
        await refreshTaskLights(t.db, [id]);
      },
      'task retired or revived': async () => {
        const id = r.pick(taskIds);
        const row = await t.db.selectFrom('tasks').select('retired_at').where('id', '=', id).executeTakeFirstOrThrow();
        await t.db.updateTable('tasks').set({ retired_at: row.retired_at === null ? '2024-11-01T00:00:00.000Z' : null }).where('id', '=', id).execute();
      },
      'task moved to another measure': async () => {
        // One with cooperating units, whose rows' copies must follow.
        const cooperating = (await t.db.selectFrom('task_cooperators').select('task_id').distinct().orderBy('task_id').execute()).map((row) => row.task_id);
        await t.db.updateTable('tasks').set({ measure_id: r.pick(measureIds), seq: free++ }).where('id', '=', r.pick(cooperating)).execute();
      },
      'chapter re-numbered': async () => {
        await t.db.updateTable('chapters').set({ seq: free++ }).where('id', '=', r.pick(chapterIds)).execute();
      },
    };
    const kinds = Object.keys(writes);
    for (let step = 0; step < 120; step++) {
      const kind = step < kinds.length ? kinds[step]! : r.pick(kinds);
      await writes[kind]!();
      await expectKeptEqualsFresh(`${step}: ${kind}`, unitIds);
    }
    // Not vacuous: the kept counts hold several statuses and lights.
    const kept = await t.db.selectFrom('plan_cooperator_status_tallies').selectAll().where('plan_id', '=', t.planId).where('n', '>', 0).execute();
    expect(new Set(kept.map((row) => row.status)).size).toBeGreaterThan(2);
    expect(kept.some((row) => Number(row.red) > 0) && kept.some((row) => Number(row.grey) > 0)).toBe(true);
  });
});
