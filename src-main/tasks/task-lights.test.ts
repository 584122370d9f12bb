import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TASK_LIGHTS, type TaskLight, type TaskStatus, type WarningThresholds } from '../api/tasks.types';
import { openAppContext } from '../core/app-context';
import { getDashboard } from '../dashboard/dashboard.service';
import { DATABASE_FILE_NAME } from '../db/connection';
import type { Database } from '../db/database.types';
import { applyTemplateImport, exportTemplate } from '../exchange/template.service';
import { editTemplate, seedUnitRound } from '../exchange/testing/template-fixtures';
import { decideExtension, requestExtension } from '../extensions/extensions.service';
import { submitReport } from '../progress/progress.service';
import { ALWAYS, lightDates, thresholdsKey } from '../rules/task-light-dates';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { setWarningThresholds } from '../settings/settings.service';
import { AS_OFFICE, useFreshDataFolders } from '../testing/data-folders';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { assignTasks } from './task-assign.service';
import { mergeTasks, splitTask, updateTask } from './task-edit.service';
import { storedLightsHold } from './task-lights';
import { listTasks } from './task-query';

/**
 * Each task's stored light dates (migration 0018) are what the lists and the dashboard count. They must say, on every
 * day, what the rule says of the task itself: after every kind of write, around the days the lights turn, after a
 * change of the thresholds and after a 延期. A write path that forgot to work them out again would leave a task
 * counted under a light its own row does not show.
 */

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(() => t.dispose());

/** Tasks whose stored dates differ from what the rule's owner works out now (their codes). */
async function staleTasks(db: Kysely<Database>, thresholds: WarningThresholds): Promise<string[]> {
  const rows = await db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select(['t.code', 't.start_date', 't.deadline', 't.status', 't.percent', 't.lead_unit_id', 't.light_base', 't.light_yellow_from', 't.light_red_from', 'p.period_start', 'p.period_end'])
    .orderBy('t.id')
    .execute();
  return rows
    .filter((row) => {
      const dates = lightDates(
        { startDate: row.start_date ?? `${row.period_start}-01-01`, deadline: row.deadline ?? `${row.period_end}-12-31`, status: row.status as TaskStatus, percent: row.percent, assigned: row.lead_unit_id !== null },
        thresholds,
      );
      return dates.base !== row.light_base || dates.yellowFrom !== row.light_yellow_from || dates.redFrom !== row.light_red_from;
    })
    .map((row) => row.code);
}

const zero = () => Object.fromEntries(TASK_LIGHTS.map((light) => [light, 0])) as Record<TaskLight, number>;

/**
 * On `today`: the lights as each task's own row shows them (the rule, per row), against what the counts read from the
 * stored dates — the task list's counts, and the dashboard's totals, chapters and units.
 */
async function countsAgree(today: string, thresholds: WarningThresholds): Promise<void> {
  const rows = (await listTasks(t.db, { planId: t.planId }, today, thresholds)).rows;
  const expected = zero();
  for (const row of rows) expected[row.light] += 1;
  const counted = await listTasks(t.db, { planId: t.planId, offset: 0, limit: 1 }, today, thresholds);
  expect(counted.byLight, `任务列表的预警统计（${today}）`).toEqual(expected);
  const dashboard = await getDashboard(t.db, t.planId, today, thresholds);
  const { none: _none, ...lit } = expected;
  expect(dashboard.totals.byLight, `跟踪分析的预警统计（${today}）`).toEqual(lit);
  const red = new Map<number, number>();
  for (const row of rows) if (row.leadUnit && row.light === 'red') red.set(row.leadUnit.id, (red.get(row.leadUnit.id) ?? 0) + 1);
  for (const unit of dashboard.byUnit) expect(unit.leadRed, `${unit.unitName} 牵头的红灯任务（${today}）`).toBe(red.get(unit.unitId) ?? 0);
  expect(dashboard.byChapter.reduce((sum, c) => sum + c.red, 0)).toBe(expected.red);
}

/** Every day a stored light turns, with the day before it: where a wrong date would show first. */
async function transitionDays(): Promise<string[]> {
  const rows = await t.db.selectFrom('tasks').select(['light_yellow_from', 'light_red_from']).where('plan_id', '=', t.planId).execute();
  const days = new Set<string>();
  const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  for (const row of rows) {
    for (const date of [row.light_yellow_from, row.light_red_from]) if (date && date !== ALWAYS) days.add(date).add(dayBefore(date));
  }
  return [...days].sort();
}

/** A plan with every kind of task: assigned in bulk with several deadlines and starts, reported on with every status. */
async function spreadOfTasks(): Promise<number[]> {
  const units = ['省商务厅', '大同市', '省交通运输厅', '太原市'];
  const ids = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).orderBy('id').limit(60).execute()).map((r) => r.id);
  const deadlines = ['2024-03-31', '2024-09-30', '2025-06-30', '2025-12-31'];
  for (let i = 0; i < 4; i++) {
    await assignTasks(t.db, t.office, { taskIds: ids.filter((_, n) => n % 5 === i), leadUnitId: await t.unitId(units[i]!), deadline: deadlines[i]!, startDate: `2023-0${1 + i * 2}-01` });
  }
  const statuses: TaskStatus[] = ['序时推进', '滞后', '未启动', '已完成', '暂缓', '超序时进度'];
  for (const [n, id] of ids.entries()) {
    if (n % 5 === 4 || n % 3 === 0) continue;
    const status = statuses[n % statuses.length]!;
    const actor = await t.actorFor(units[n % 5]!);
    const percent = status === '已完成' ? 100 : status === '未启动' ? 0 : (n * 17) % 100;
    await submitReport(t.db, t.files, actor, { taskId: id, status, percent, progress: '推进中', problems: '', nextSteps: '', coordination: '', attachments: [] });
  }
  return ids;
}

describe('stored light dates', () => {
  it('count the same lights as each task’s own row on every day a light turns, and the day before', async () => {
    await spreadOfTasks();
    expect(await staleTasks(t.db, DEFAULT_WARNING_THRESHOLDS)).toEqual([]);
    // The counts below come from the stored dates, not from the rule per row.
    expect(await storedLightsHold(t.db, DEFAULT_WARNING_THRESHOLDS)).toBe(true);
    const days = await transitionDays();
    expect(days.length).toBeGreaterThan(10);
    for (const day of days) await countsAgree(day, DEFAULT_WARNING_THRESHOLDS);
  });

  it('follow a change of the thresholds in 设置, and a list asked with other thresholds still counts by the rule', async () => {
    await spreadOfTasks();
    const strict: WarningThresholds = { yellowLag: 5, redLag: 15, dueSoonDays: 60, notStartedMonths: 1 };
    await setWarningThresholds(t.db, strict);
    expect(await staleTasks(t.db, strict)).toEqual([]);
    expect((await t.db.selectFrom('task_light_basis').select('thresholds').executeTakeFirstOrThrow()).thresholds).toBe(thresholdsKey(strict));
    for (const day of (await transitionDays()).filter((_, i) => i % 3 === 0)) await countsAgree(day, strict);
    // Dates worked out for `strict` do not hold for the defaults: those counts are the rule's, per task.
    expect(await storedLightsHold(t.db, DEFAULT_WARNING_THRESHOLDS)).toBe(false);
    await countsAgree('2024-10-01', DEFAULT_WARNING_THRESHOLDS);
  });

  it('move with an approved 延期: the task is not red after its old deadline, and counts agree either side', async () => {
    const taskId = await t.taskId('3.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('大同市'), startDate: '2024-01-01', deadline: '2024-12-31' });
    await submitReport(t.db, t.files, await t.actorFor('大同市'), { taskId, status: '序时推进', percent: 90, progress: '推进中', problems: '', nextSteps: '', coordination: '', attachments: [] });
    const before = await t.db.selectFrom('tasks').select(['light_red_from']).where('id', '=', taskId).executeTakeFirstOrThrow();
    expect(before.light_red_from).toBe('2025-01-01');
    const { id } = await requestExtension(t.db, await t.actorFor('大同市'), { taskId, requestedDate: '2025-06-30', reason: '征地手续未完成' }, new Date('2024-12-01T02:00:00Z'));
    await decideExtension(t.db, t.office, { id, approve: true, comment: '' }, new Date('2024-12-02T02:00:00Z'));
    expect(await staleTasks(t.db, DEFAULT_WARNING_THRESHOLDS)).toEqual([]);
    const after = await t.db.selectFrom('tasks').select(['light_red_from']).where('id', '=', taskId).executeTakeFirstOrThrow();
    expect(after.light_red_from! > '2025-01-01').toBe(true);
    const row = async (today: string) => (await listTasks(t.db, { planId: t.planId, lights: ['red'], offset: 0, limit: 500 }, today, DEFAULT_WARNING_THRESHOLDS)).rows.some((r) => r.id === taskId);
    expect(await row('2025-01-02')).toBe(false);
    expect(await row('2025-07-01')).toBe(true);
    for (const day of ['2024-12-31', '2025-01-01', '2025-01-02', after.light_red_from!]) await countsAgree(day, DEFAULT_WARNING_THRESHOLDS);
  });

  it('are worked out again by every task-writing service: assign, bulk assign, re-base, edit, split, merge, report', async () => {
    const [a, b, c, d] = await Promise.all(['3.1.1.1', '3.1.1.2', '3.1.1.3', '3.1.2.1'].map((code) => t.taskId(code)));
    const stale = () => staleTasks(t.db, DEFAULT_WARNING_THRESHOLDS);
    await assignTasks(t.db, t.office, { taskIds: [a!], leadUnitId: await t.unitId('大同市') }, '2024-05-01');
    expect(await stale()).toEqual([]);
    await assignTasks(t.db, t.office, { taskIds: [b!, c!, d!], leadUnitId: await t.unitId('太原市'), deadline: '2025-03-31' });
    expect(await stale()).toEqual([]);
    // Re-based: a new start for the 序时 clock.
    await assignTasks(t.db, t.office, { taskIds: [b!, c!], startDate: '2024-06-01' });
    expect(await stale()).toEqual([]);
    await updateTask(t.db, t.office, { id: d!, deadline: '2024-08-31' });
    expect(await stale()).toEqual([]);
    await submitReport(t.db, t.files, await t.actorFor('太原市'), { taskId: c!, status: '已完成', percent: 100, progress: '完成', problems: '', nextSteps: '', coordination: '', attachments: [] });
    expect(await stale()).toEqual([]);
    // New tasks made from others inherit their lead unit and dates, and light up at once.
    await splitTask(t.db, t.office, { id: b!, parts: ['前半部分', '后半部分'] });
    await mergeTasks(t.db, t.office, { ids: [a!, c!], text: '合并后的任务' });
    expect(await stale()).toEqual([]);
  });

  it('are worked out again by a template import', async () => {
    const f = await seedUnitRound(t);
    const exported = await exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId: f.roundId }, new Date('2025-04-01T02:00:00Z'));
    const filled = await editTemplate(Buffer.from(exported.contentBase64, 'base64'), {
      '4.1.1.1': { progress: '已完成。', percent: 100, status: '已完成' },
      '4.1.1.2': { progress: '滞后。', percent: 5, status: '滞后' },
    }, { filledOn: '2025-04-08' });
    await applyTemplateImport(t.db, t.office, { fileName: exported.fileName, contentBase64: filled.toString('base64'), overrideConflicts: [] }, '2025-04-10');
    expect(await staleTasks(t.db, DEFAULT_WARNING_THRESHOLDS)).toEqual([]);
    expect((await t.db.selectFrom('tasks').select('light_base').where('id', '=', f.taskIds.get('4.1.1.1')!).executeTakeFirstOrThrow()).light_base).toBe('green');
  });
});

// The data folder's SQLite file, opened by the app's start: what only the SQLite engine has (scripts/test-postgres.mjs).
describe.skipIf(process.env.PLAN_DESK_TEST_ENGINE === 'postgres')('at start', () => {
  const { freshDir, track } = useFreshDataFolders('light-dates');

  it('a database whose dates predate them, or were worked out for other thresholds (a restored backup), gets them worked out again', async () => {
    const dataDir = freshDir();
    const first = await openAppContext({ dataDir, mode: 'browser', version: 'test' });
    expect((await first.dispatch('plan.list', {}, AS_OFFICE)).ok).toBe(true);
    await first.close();
    // As a database migrated by 0018 leaves it: nothing worked out yet; and one task's dates wrong on top.
    const sqlite = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME));
    sqlite.prepare("UPDATE tasks SET lead_unit_id = (SELECT id FROM units WHERE name = '大同市'), start_date = '2024-01-01', deadline = '2024-06-30', status = '序时推进', percent = 100 WHERE code = '3.1.1.1'").run();
    sqlite.prepare('UPDATE task_light_basis SET thresholds = NULL').run();
    sqlite.close();

    const context = await openAppContext({ dataDir, mode: 'browser', version: 'test' });
    track(context);
    expect(context.recovery).toBeNull();
    const reopened = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    try {
      expect(await staleTasks(new Kysely<Database>({ dialect: new SqliteDialect({ database: reopened }) }), DEFAULT_WARNING_THRESHOLDS)).toEqual([]);
      expect(reopened.prepare('SELECT thresholds FROM task_light_basis').pluck().get()).toBe(thresholdsKey(DEFAULT_WARNING_THRESHOLDS));
      expect(reopened.prepare("SELECT light_red_from FROM tasks WHERE code = '3.1.1.1'").pluck().get()).toBe('2024-07-01');
    } finally {
      reopened.close();
    }
  });
});
