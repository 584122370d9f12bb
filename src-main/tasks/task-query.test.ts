import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_STATUSES, WARNING_LIGHTS, type TaskRow, type TaskStatus } from '../api/tasks.types';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { assignTasks } from './task-assign.service';
import { listTasks, TASK_SORT_FIELDS, type TaskFilter, type TaskSortField } from './task-query';
import { refreshTaskLights } from './task-lights';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { parsePlan } from '../plan/plan.parser';
import { savePlan } from '../plan/plan.store';
import shippedPlanText from '../../resources/plans/shanxi-regional-integration-2021.txt?raw';

/**
 * The list is counted, filtered, sorted and paged inside SQLite (lights through the SQL functions that call
 * task-warning.ts). These tests hold it to what a user sees: every page in the order the whole list has, the
 * order a plain sort of the rows would give, and counts and light filters that agree with each row's own light.
 */

const TODAY = '2024-06-30';
let t: SeededDatabase;
let unitSeq: Map<number, number>;

beforeAll(async () => {
  t = await createSeededDatabase();
  const units = await t.db.selectFrom('units').select(['id', 'seq']).where('kind', '!=', 'office').orderBy('seq').execute();
  unitSeq = new Map(units.map((u) => [u.id, u.seq]));
  // A spread of leads, deadlines, statuses and percents over the plan's 270 tasks (a fixed pattern, so it repeats).
  const tasks = await t.db.selectFrom('tasks').select(['id']).where('plan_id', '=', t.planId).orderBy('id').execute();
  const deadlines = ['2024-07-15', '2024-12-31', '2025-06-30', null, '2024-05-31', '2025-12-31'];
  const statuses: TaskStatus[] = ['序时推进', '滞后', '未启动', '已完成', '暂缓', '超序时进度', '序时推进'];
  for (const [index, task] of tasks.entries()) {
    const lead = index % 5 === 0 ? null : units[(index * 7) % units.length]!.id;
    const deadline = deadlines[index % deadlines.length]!;
    if (lead !== null) await assignTasks(t.db, t.office, { taskIds: [task.id], leadUnitId: lead, cooperatorUnitIds: [], ...(deadline ? { deadline } : {}) });
    else if (deadline) await t.db.updateTable('tasks').set({ deadline }).where('id', '=', task.id).execute();
    const status = statuses[index % statuses.length]!;
    const percent = status === '已完成' ? 100 : status === '未启动' ? 0 : (index * 13) % 100;
    const lastReportAt = index % 3 === 0 ? null : `2024-0${1 + (index % 6)}-1${index % 10}T08:00:00.000Z`;
    await t.db.updateTable('tasks').set({ status, percent, last_report_at: lastReportAt }).where('id', '=', task.id).execute();
  }
  // Written straight to the table, as a report would leave them: with their light dates, as a report's write does.
  await refreshTaskLights(t.db, tasks.map((task) => task.id));
});
afterAll(() => t.dispose());

const list = (filter: TaskFilter) => listTasks(t.db, filter, TODAY, DEFAULT_WARNING_THRESHOLDS);

/** The reference: a stable sort of the whole list (in plan order) by the column's value, as a user reads it. */
function referenceOrder(rows: TaskRow[], field: TaskSortField, order: 'asc' | 'desc'): string[] {
  if (field === 'code') return (order === 'asc' ? rows : [...rows].reverse()).map((r) => r.code);
  const value = (row: TaskRow): number | string => {
    switch (field) {
      case 'leadUnit':
        return row.leadUnit ? unitSeq.get(row.leadUnit.id)! : -1;
      case 'status':
        return TASK_STATUSES.indexOf(row.status);
      case 'lastReportAt':
        return row.lastReportAt ?? '';
      default:
        return row[field];
    }
  };
  const direction = order === 'asc' ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return x === y ? 0 : (x < y ? -1 : 1) * direction;
    })
    .map((r) => r.code);
}

describe('task list: sorting and paging in SQL', () => {
  it.each(TASK_SORT_FIELDS.flatMap((field) => (['asc', 'desc'] as const).map((order) => [field, order] as const)))(
    'sorted by %s %s: pages of 40 join up to the order a plain sort of all rows gives',
    async (field, order) => {
      const whole = await list({ planId: t.planId });
      const expected = referenceOrder(whole.rows, field, order);
      const paged: string[] = [];
      for (let offset = 0; offset < whole.total; offset += 40) {
        const page = await list({ planId: t.planId, sort: { field, order }, offset, limit: 40 });
        expect(page.total).toBe(270);
        paged.push(...page.rows.map((r) => r.code));
      }
      expect(paged).toEqual(expected);
    },
  );

  it('a page past the end is empty and still reports the total and counts', async () => {
    const whole = await list({ planId: t.planId });
    const first = await list({ planId: t.planId, offset: 0, limit: 10 });
    // Counted in SQL for a page, from the rows for the whole list: the same figures.
    expect([first.total, first.byLight, first.byStatus]).toEqual([whole.total, whole.byLight, whole.byStatus]);
    const page = await list({ planId: t.planId, offset: 1000, limit: 50 });
    expect(page.rows).toEqual([]);
    expect(page.total).toBe(270);
    expect(Object.values(page.byStatus).reduce((a, b) => a + b, 0)).toBe(270);
  });
});

describe('task list over several plans', () => {
  it('a unit with the same places in two plans (我的任务): pages join up without a task twice or missing, ties by task', async () => {
    const second = await savePlan(t.db, parsePlan(shippedPlanText), { code: 'SECOND', sourceName: 'test' });
    const leading = new Set((await t.db.selectFrom('tasks').select('lead_unit_id').where('lead_unit_id', 'is not', null).execute()).map((r) => r.lead_unit_id));
    const unitId = [...unitSeq.keys()].find((id) => !leading.has(id))!;
    // The same 30 places (chapter, section, measure, task) in both plans, for one unit.
    for (const planId of [t.planId, second]) {
      const ids = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).orderBy('id').limit(30).execute()).map((r) => r.id);
      await assignTasks(t.db, t.office, { taskIds: ids, leadUnitId: unitId, cooperatorUnitIds: [] });
    }
    const whole = await list({ unitId, unitRole: 'lead' });
    const paged: number[] = [];
    for (let offset = 0; offset < whole.total; offset += 7) paged.push(...(await list({ unitId, unitRole: 'lead', offset, limit: 7 })).rows.map((r) => r.id));
    expect(paged).toEqual(whole.rows.map((r) => r.id));
    expect(new Set(paged).size).toBe(whole.total);
    // Each place twice in a row, the first plan's task first.
    const codes = whole.rows.map((r) => r.code);
    for (let i = 0; i + 1 < codes.length; i += 2) expect([codes[i], whole.rows[i]!.id < whole.rows[i + 1]!.id]).toEqual([codes[i + 1], true]);
  });
});

describe('task list: lights and counts agree with each row', () => {
  it('counts by light and status match the rows, and each light filter returns exactly the rows of that light', async () => {
    const whole = await list({ planId: t.planId });
    for (const light of WARNING_LIGHTS) {
      const own = whole.rows.filter((r) => r.light === light).map((r) => r.code);
      expect(whole.byLight[light]).toBe(own.length);
      // The whole list filters in JavaScript, a page in SQL (through the warning functions): both must agree.
      const filtered = await list({ planId: t.planId, lights: [light] });
      expect(filtered.rows.map((r) => r.code)).toEqual(own);
      const paged = await list({ planId: t.planId, lights: [light], offset: 0, limit: 1000 });
      expect(paged.rows.map((r) => r.code)).toEqual(own);
      expect(paged.byLight).toEqual(whole.byLight);
      expect(paged.byStatus).toEqual(filtered.byStatus);
      expect(filtered.total).toBe(own.length);
      // Lights are counted before the light filter, statuses after it.
      expect(filtered.byLight).toEqual(whole.byLight);
      for (const status of TASK_STATUSES) expect(filtered.byStatus[status]).toBe(filtered.rows.filter((r) => r.status === status).length);
    }
    // The spread above reaches every light, so none of the checks above is vacuous.
    for (const light of WARNING_LIGHTS) expect(whole.byLight[light]).toBeGreaterThan(0);
  });

  it('filters a deadline range on the effective deadline (the plan end when none is set)', async () => {
    const whole = await list({ planId: t.planId });
    const inRange = await list({ planId: t.planId, deadlineFrom: '2025-01-01', deadlineTo: '2025-12-31' });
    expect(inRange.rows.map((r) => r.code)).toEqual(whole.rows.filter((r) => r.deadline >= '2025-01-01' && r.deadline <= '2025-12-31').map((r) => r.code));
    expect(inRange.rows.some((r) => !r.deadlineSet)).toBe(true);
  });

  it('filters lights together with a sort and a page', async () => {
    const whole = await list({ planId: t.planId });
    const expected = referenceOrder(
      whole.rows.filter((r) => r.light === 'red' || r.light === 'yellow'),
      'lag',
      'desc',
    ).slice(10, 30);
    const page = await list({ planId: t.planId, lights: ['red', 'yellow'], sort: { field: 'lag', order: 'desc' }, offset: 10, limit: 20 });
    expect(page.rows.map((r) => r.code)).toEqual(expected);
  });
});

describe('我的任务: counts agree with each row', () => {
  it('a unit’s lead, cooperating and either tasks: a page counts by status and light what its whole list holds', async () => {
    // The unit leading the most tasks, and cooperating on every third task it does not lead (written straight to the
    // table: the counts are what is tested here, not how a cooperator is added).
    const leads = await t.db.selectFrom('tasks').select(['lead_unit_id', (eb) => eb.fn.countAll<number>().as('n')]).where('lead_unit_id', 'is not', null).groupBy('lead_unit_id').orderBy('n', 'desc').execute();
    const unitId = leads[0]!.lead_unit_id!;
    const others = await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).where((eb) => eb.or([eb('lead_unit_id', 'is', null), eb('lead_unit_id', '!=', unitId)])).orderBy('id').execute();
    await t.db.insertInto('task_cooperators').values(others.filter((_, i) => i % 3 === 0).map((task) => ({ task_id: task.id, unit_id: unitId }))).execute();
    for (const unitRole of ['lead', 'cooperating', 'any'] as const) {
      // The whole list works each row's light out in JavaScript by the rule; a page counts in SQL from the stored dates.
      const whole = await list({ unitId, unitRole });
      const page = await list({ unitId, unitRole, offset: 0, limit: 1 });
      expect(page.total, unitRole).toBe(whole.rows.length);
      expect(page.byLight, unitRole).toEqual(whole.byLight);
      expect(page.byStatus, unitRole).toEqual(whole.byStatus);
      for (const light of WARNING_LIGHTS) {
        const own = whole.rows.filter((r) => r.light === light);
        const filtered = await list({ unitId, unitRole, lights: [light], offset: 0, limit: 1 });
        expect(filtered.total, `${unitRole} ${light}`).toBe(own.length);
        for (const status of TASK_STATUSES) expect(filtered.byStatus[status], `${unitRole} ${light} ${status}`).toBe(own.filter((r) => r.status === status).length);
      }
      // Not vacuous: the unit's tasks show green, yellow, red and grey.
      for (const light of ['green', 'yellow', 'red', 'grey'] as const) expect(whole.byLight[light], `${unitRole} ${light}`).toBeGreaterThan(0);
    }
  });
});

describe('a search with the counts and pages', () => {
  /** A phrase of four characters found in some of the plan's tasks and not in most (the trigram index's path). */
  async function somePhrase(): Promise<string> {
    const whole = await list({ planId: t.planId });
    for (const row of whole.rows) {
      const phrase = [...row.text].slice(2, 6).join('');
      const hits = whole.rows.filter((r) => r.text.includes(phrase)).length;
      if (hits >= 3 && hits < whole.rows.length / 4) return phrase;
    }
    throw new Error('no phrase found');
  }

  it('a plan’s page and a unit’s 配合任务 page count and show only the tasks the phrase finds', async () => {
    const search = await somePhrase();
    const whole = await list({ planId: t.planId, search });
    const page = await list({ planId: t.planId, search, offset: 0, limit: 2 });
    // Counted from the matches, not from the plan's kept tallies (which hold every task of the plan).
    expect(page.total).toBe(whole.rows.length);
    expect(page.byLight).toEqual(whole.byLight);
    expect(page.byStatus).toEqual(whole.byStatus);
    expect(page.rows.map((r) => r.code)).toEqual(whole.rows.slice(0, 2).map((r) => r.code));

    const unitId = (await t.db.selectFrom('units').select('id').where('kind', '!=', 'office').orderBy('seq').executeTakeFirstOrThrow()).id;
    const found = new Set(whole.rows.map((r) => r.id));
    const every = await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).orderBy('id').execute();
    // The unit cooperates on every other task: some the phrase finds, more it does not.
    await t.db.insertInto('task_cooperators').values(every.filter((_, i) => i % 2 === 1).map((task) => ({ task_id: task.id, unit_id: unitId }))).onConflict((oc) => oc.doNothing()).execute();
    const cooperating = await t.db.selectFrom('task_cooperators').select('task_id').where('unit_id', '=', unitId).execute();
    const expected = whole.rows.filter((r) => cooperating.some((c) => c.task_id === r.id)).map((r) => r.code);
    expect(expected.length).toBeGreaterThan(0);
    expect(cooperating.length).toBeGreaterThan(expected.length);
    const tab = await list({ unitId, unitRole: 'cooperating', search, offset: 0, limit: 50 });
    expect(tab.rows.map((r) => r.code)).toEqual(expected);
    expect(tab.total).toBe(expected.length);
    expect(tab.rows.every((r) => found.has(r.id))).toBe(true);
  });
});
