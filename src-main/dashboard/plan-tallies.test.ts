import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TASK_STATUSES } from '../api/tasks.types';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { choices } from '../testing/choices';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { refreshTaskLights } from '../tasks/task-lights';
import { cooperatorStatusCounts } from '../tasks/task-cooperator-tallies';
import { storedLightConditions, storedLightTurnsBetween } from '../rules/task-light-dates';
import { sql } from 'kysely';
import { countStoredLightsFromRows, planTallies, type PlanTallies } from './plan-tallies';

/**
 * The tallies the triggers keep (migration 0022) against a fresh count of the rows, after each kind of write the app
 * makes to tasks, cooperating units, round rows, problems and 督办 notices — on both engines. A write the triggers
 * cannot follow must forget the plan's tallies, so that the next read rebuilds them.
 */

let t: SeededDatabase;
const TODAY = '2024-11-15';
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(async () => t.dispose());

/** Order-free form of the tallies, for comparing. */
function canonical(tallies: PlanTallies) {
  const sorted = <T>(rows: T[], key: (row: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    byChapter: sorted(tallies.byChapter, (r) => String(r.chapterId)),
    byLead: sorted(tallies.byLead, (r) => String(r.leadUnitId)),
    byStatus: sorted(tallies.byStatus, (r) => r.status),
    cooperating: sorted(tallies.cooperating, (r) => String(r.unitId)),
    openRounds: sorted(tallies.openRounds, (r) => `${r.roundId}/${r.unitId}`),
    problems: tallies.problems,
    notices: sorted(tallies.notices, (r) => r.level),
  };
}

/** The ISO day before `day`. */
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const keptDay = async () => (await t.db.selectFrom('plan_tally_days').select('as_of').where('plan_id', '=', t.planId).executeTakeFirst())?.as_of ?? null;

async function expectKeptEqualsFresh(after: string, today = TODAY) {
  // Still holding: the read below uses what the triggers kept, without rebuilding.
  expect(await keptDay(), after).toBe(today);
  const kept = canonical(await planTallies(t.db, t.planId, today, DEFAULT_WARNING_THRESHOLDS));
  expect(kept, after).toEqual(canonical(await countStoredLightsFromRows(t.db, t.planId, today)));
}

describe('plan tallies', () => {
  it('stay equal to a fresh count through every kind of write the triggers follow', async () => {
    const r = choices(21);
    // A few tasks and units, so that the writes meet: a retired task's cooperating units, a late report's round row.
    const taskIds = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).orderBy('id').limit(10).execute()).map((row) => row.id);
    const unitIds = (await t.db.selectFrom('units').select('id').orderBy('seq').limit(5).execute()).map((row) => row.id);
    const measure = await t.db.selectFrom('tasks').select('measure_id').where('id', '=', taskIds[0]!).executeTakeFirstOrThrow();
    const openRound = (
      await t.db
        .insertInto('rounds')
        .values({ plan_id: t.planId, name: '第一轮', period_start: '2024-10-01', period_end: '2024-10-31', due_date: '2024-11-10', state: 'open', opened_by: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const noticeIds: number[] = [];
    let seq = 0;
    let nextCode = 900;
    let raised = 0;

    const writes: Record<string, () => Promise<unknown>> = {
      async 'assign or unassign the lead unit'() {
        const id = r.pick(taskIds);
        await t.db.updateTable('tasks').set({ lead_unit_id: r.chance(0.15) ? null : r.pick(unitIds) }).where('id', '=', id).execute();
        await refreshTaskLights(t.db, [id]);
      },
      async 'report a status and percent'() {
        const id = r.pick(taskIds);
        await t.db.updateTable('tasks').set({ status: r.pick(TASK_STATUSES), percent: r.int(101) }).where('id', '=', id).execute();
        await refreshTaskLights(t.db, [id]);
      },
      async 'move a deadline'() {
        const id = r.pick(taskIds);
        await t.db.updateTable('tasks').set({ deadline: `2024-${String(1 + r.int(12)).padStart(2, '0')}-15` }).where('id', '=', id).execute();
        await refreshTaskLights(t.db, [id]);
      },
      async 'add a cooperating unit'() {
        await t.db.insertInto('task_cooperators').values({ task_id: r.pick(taskIds), unit_id: r.pick(unitIds) }).onConflict((oc) => oc.doNothing()).execute();
      },
      async 'remove a cooperating unit'() {
        const row = await t.db.selectFrom('task_cooperators').select(['task_id', 'unit_id']).orderBy('task_id').offset(r.int(5)).limit(1).executeTakeFirst();
        if (row) await t.db.deleteFrom('task_cooperators').where('task_id', '=', row.task_id).where('unit_id', '=', row.unit_id).execute();
      },
      async 'retire or revive a task'() {
        const id = r.pick(taskIds);
        const task = await t.db.selectFrom('tasks').select('retired_at').where('id', '=', id).executeTakeFirstOrThrow();
        await t.db.updateTable('tasks').set({ retired_at: task.retired_at ? null : '2024-11-01T00:00:00.000Z' }).where('id', '=', id).execute();
      },
      async 'add a task'() {
        nextCode += 1;
        const { id } = await t.db
          .insertInto('tasks')
          .values({ plan_id: t.planId, measure_id: measure.measure_id, seq: nextCode, code: `9.9.9.${nextCode}`, text: '新增任务', lead_unit_id: r.pick(unitIds), status: '序时推进', percent: r.int(101) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await refreshTaskLights(t.db, [id]);
        taskIds.push(id);
      },
      async 'report on many tasks in one statement, as a batch does'() {
        const ids = taskIds.filter(() => r.chance(0.5));
        if (ids.length === 0) return;
        await t.db.updateTable('tasks').set({ percent: r.int(101), status: r.pick(TASK_STATUSES) }).where('id', 'in', ids).execute();
        await refreshTaskLights(t.db, ids);
      },
      async 'owe many tasks in the open round in one statement'() {
        const rows = taskIds.filter(() => r.chance(0.4)).map((task_id) => ({ round_id: openRound, task_id, unit_id: r.pick(unitIds), report_id: null }));
        if (rows.length > 0) await t.db.insertInto('round_tasks').values(rows).onConflict((oc) => oc.doNothing()).execute();
      },
      async 'owe a task in the open round'() {
        await t.db.insertInto('round_tasks').values({ round_id: openRound, task_id: r.pick(taskIds), unit_id: r.pick(unitIds), report_id: null }).onConflict((oc) => oc.doNothing()).execute();
      },
      async 'report in the round, in time or late'() {
        const row = await t.db.selectFrom('round_tasks').select(['task_id', 'unit_id']).where('round_id', '=', openRound).orderBy('task_id').offset(r.int(4)).limit(1).executeTakeFirst();
        if (!row) return;
        const { id: reportId } = await t.db
          .insertInto('progress_reports')
          .values({ task_id: row.task_id, unit_id: row.unit_id, reporter: 'x', status: '序时推进', percent: 50, source: 'manual', report_date: r.pick(['2024-11-05', '2024-11-12']), round_id: openRound })
          .returning('id')
          .executeTakeFirstOrThrow();
        const date = r.pick(['2024-11-05', '2024-11-12']);
        await t.db.updateTable('round_tasks').set({ report_id: reportId, reported_at: `${date}T02:00:00.000Z`, report_date: date }).where('round_id', '=', openRound).where('task_id', '=', row.task_id).where('unit_id', '=', row.unit_id).execute();
      },
      async 'raise a problem'() {
        // Each state, 重大 or not, in turn.
        raised += 1;
        const state = ['open', 'in_progress', 'solved'][raised % 3]!;
        await t.db
          .insertInto('problems')
          .values({ plan_id: t.planId, task_id: r.pick(taskIds), kind: '存在问题', text: '用地指标不足', owner_unit_id: r.pick(unitIds), state, is_major: Math.floor(raised / 3) % 2 })
          .execute();
      },
      async 'move a problem on, or mark it 重大'() {
        const row = await t.db.selectFrom('problems').select(['id', 'is_major']).orderBy('id').offset(r.int(3)).limit(1).executeTakeFirst();
        if (!row) return;
        await t.db
          .updateTable('problems')
          .set(r.chance(0.5) ? { state: r.pick(['open', 'in_progress', 'solved']) } : { is_major: row.is_major ? 0 : 1 })
          .where('id', '=', row.id)
          .execute();
      },
      async 'issue a notice'() {
        seq += 1;
        const { id } = await t.db
          .insertInto('supervision_notices')
          .values({
            plan_id: t.planId,
            year: 2024,
            seq,
            number: `督办〔2024〕${seq}号`,
            unit_id: r.pick(unitIds),
            level: r.pick(['蓝', '黄', '红']),
            reason: 'r',
            requirement: 'q',
            reply_due: r.pick(['2024-11-01', '2024-11-20']),
            state: r.pick(['issued', 'signed', 'closed']),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        noticeIds.push(id);
      },
      async 'reply to a notice, in time or late'() {
        if (noticeIds.length === 0) return;
        // 02:00 UTC is 10:00 the same day in Beijing; 18:00 UTC the next day there (rules/report-date.ts).
        const at = r.pick(['2024-10-30T02:00:00.000Z', '2024-11-01T18:00:00.000Z', '2024-11-25T02:00:00.000Z']);
        await t.db.insertInto('notice_steps').values({ notice_id: r.pick(noticeIds), action: '反馈', actor: 'x', created_at: at }).execute();
      },
      async 'close, reopen or re-level a notice'() {
        if (noticeIds.length === 0) return;
        const change = r.pick([{ state: 'closed' }, { state: 'replied' }, { level: r.pick(['蓝', '黄', '红']) }, { reply_due: r.pick(['2024-11-01', '2024-11-20']) }]);
        await t.db.updateTable('supervision_notices').set(change).where('id', '=', r.pick(noticeIds)).execute();
      },
    };

    // Some of everything first, then the first read counts the tallies and keeps them.
    for (const write of Object.values(writes)) await write();
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    const names = Object.keys(writes);
    for (let step = 0; step < 160; step++) {
      const name = r.pick(names);
      await writes[name]!();
      await expectKeptEqualsFresh(`after step ${step}: ${name}`);
    }
    // The figures moved: the sequence did reach lights, rounds, problems and notices.
    const kept = await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    expect(kept.byStatus.reduce((s, g) => s + g.red + g.yellow, 0)).toBeGreaterThan(0);
    expect(kept.openRounds.reduce((s, g) => s + g.late, 0)).toBeGreaterThan(0);
    expect(kept.problems.openMajor).toBeGreaterThan(0);
    expect(kept.notices.reduce((s, g) => s + g.overdue, 0)).toBeGreaterThan(0);
    expect(kept.cooperating.length).toBeGreaterThan(0);
  });

  it('count 逾期 and 迟报 on the boundaries of their rules, in the unit calendar', async () => {
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    const unitId = await t.unitId('省商务厅');
    const overdue = async () => (await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS)).notices.reduce((s, g) => s + g.overdue, 0);
    const late = async () => (await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS)).openRounds.reduce((s, g) => s + g.late, 0);
    const { id: noticeId } = await t.db
      .insertInto('supervision_notices')
      .values({ plan_id: t.planId, year: 2024, seq: 1, number: '督办〔2024〕1号', unit_id: unitId, level: '黄', reason: 'r', requirement: 'q', reply_due: '2024-11-20', state: 'issued' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reply = (at: string) => t.db.insertInto('notice_steps').values({ notice_id: noticeId, action: '反馈', actor: 'x', created_at: at }).execute();
    // 20 November in Beijing, the reply date itself: in time.
    await reply('2024-11-19T18:00:00.000Z');
    expect(await overdue()).toBe(0);
    await expectKeptEqualsFresh('a reply on the reply date');
    // 21 November in Beijing (still the 20th in UTC): late, and stays late.
    await reply('2024-11-20T17:00:00.000Z');
    expect(await overdue()).toBe(1);
    await expectKeptEqualsFresh('a late reply');

    const { id: roundId } = await t.db
      .insertInto('rounds')
      .values({ plan_id: t.planId, name: '第一轮', period_start: '2024-10-01', period_end: '2024-10-31', due_date: '2024-11-10', state: 'open', opened_by: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [a, b] = [await t.taskId('4.1.1.1'), await t.taskId('4.1.1.2')];
    await t.db.insertInto('round_tasks').values([{ round_id: roundId, task_id: a, unit_id: unitId, report_id: null }, { round_id: roundId, task_id: b, unit_id: unitId, report_id: null }]).execute();
    const reportOn = async (taskId: number, date: string) => {
      const { id } = await t.db
        .insertInto('progress_reports')
        .values({ task_id: taskId, unit_id: unitId, reporter: 'x', status: '序时推进', percent: 50, source: 'manual', report_date: date, round_id: roundId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.updateTable('round_tasks').set({ report_id: id, reported_at: `${date}T02:00:00.000Z`, report_date: date }).where('round_id', '=', roundId).where('task_id', '=', taskId).execute();
    };
    await reportOn(a, '2024-11-10');
    expect(await late()).toBe(0);
    await reportOn(b, '2024-11-11');
    expect(await late()).toBe(1);
    await expectKeptEqualsFresh('reports on and after the due date');
  });

  it('are counted again for a new day, when the lights have moved on', async () => {
    const taskId = await t.taskId('4.1.1.1');
    await t.db.updateTable('tasks').set({ lead_unit_id: await t.unitId('省商务厅'), start_date: '2024-01-01', deadline: '2024-12-31', status: '序时推进', percent: 0 }).where('id', '=', taskId).execute();
    await refreshTaskLights(t.db, [taskId]);
    const red = async (day: string) => (await planTallies(t.db, t.planId, day, DEFAULT_WARNING_THRESHOLDS)).byStatus.reduce((s, g) => s + g.red, 0);
    expect(await red('2024-01-10')).toBe(0);
    expect(await keptDay()).toBe('2024-01-10');
    // Far behind its schedule by then: red, though nothing was written in between.
    expect(await red('2024-11-15')).toBe(1);
    await expectKeptEqualsFresh('a new day', '2024-11-15');
  });

  it('move on to another day, forward or back, by the tasks whose light turns in between', async () => {
    const r = choices(7);
    const units = (await t.db.selectFrom('units').select('id').where('kind', '!=', 'office').orderBy('seq').limit(8).execute()).map((row) => row.id);
    const tasks = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).orderBy('id').execute()).map((row) => row.id);
    // Every task given a lead (some none), a span, a status and a percent, so that their yellow and red days spread
    // over 2024 and 2025; some with cooperating units; a notice whose reply falls due in between.
    for (const id of tasks) {
      const start = `2024-0${1 + r.int(6)}-01`;
      const deadline = `${r.pick(['2024', '2025'])}-${String(7 + r.int(6)).padStart(2, '0')}-15`;
      const status = r.pick(TASK_STATUSES);
      const percent = status === '已完成' ? 100 : status === '未启动' ? 0 : r.int(100);
      await t.db.updateTable('tasks').set({ lead_unit_id: r.chance(0.1) ? null : r.pick(units), start_date: start, deadline, status, percent }).where('id', '=', id).execute();
      if (r.chance(0.3)) await t.db.insertInto('task_cooperators').values({ task_id: id, unit_id: r.pick(units) }).onConflict((oc) => oc.doNothing()).execute();
    }
    await refreshTaskLights(t.db, tasks);
    await t.db
      .insertInto('supervision_notices')
      .values({ plan_id: t.planId, year: 2024, seq: 1, number: '督办〔2024〕1号', unit_id: units[0]!, level: '黄', reason: 'r', requirement: 'q', reply_due: '2024-09-20', state: 'issued' })
      .execute();

    const cooperating = async (day: string) => {
      const key = (row: { unit_id: number; status: string }) => `${row.unit_id}/${row.status}`;
      const kept = await t.db.selectFrom('plan_cooperator_status_tallies').select(['unit_id', 'status', 'n', 'grey', 'unlit', 'yellow_or_red', 'red']).where('plan_id', '=', t.planId).where('n', '>', 0).execute();
      const fresh = await cooperatorStatusCounts(t.db, t.planId, day).execute();
      const tidy = (rows: { unit_id: number; status: string; n: number; grey: number; unlit: number; yellow_or_red: number; red: number }[]) =>
        rows.map((row) => ({ key: key(row), n: Number(row.n), grey: Number(row.grey), unlit: Number(row.unlit), lit: Number(row.yellow_or_red), red: Number(row.red) })).sort((a, b) => (a.key < b.key ? -1 : 1));
      return { kept: tidy(kept), fresh: tidy(fresh) };
    };
    /** The tasks whose stored light differs between two days, by the conditions on each day and by the window. */
    const turningIds = async (day: string, other: string) => {
      const lit = (when: string) => storedLightConditions(when);
      const differ = await t.db
        .selectFrom('tasks')
        .select('id')
        .where('plan_id', '=', t.planId)
        .where(sql<boolean>`(CASE WHEN ${lit(day).yellowOrRed} THEN 1 ELSE 0 END) <> (CASE WHEN ${lit(other).yellowOrRed} THEN 1 ELSE 0 END) OR (CASE WHEN ${lit(day).red} THEN 1 ELSE 0 END) <> (CASE WHEN ${lit(other).red} THEN 1 ELSE 0 END)`)
        .orderBy('id')
        .execute();
      const window = await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).where(storedLightTurnsBetween(day, other)).orderBy('id').execute();
      return { differ: differ.map((row) => row.id), window: window.map((row) => row.id) };
    };

    await planTallies(t.db, t.planId, '2024-07-01', DEFAULT_WARNING_THRESHOLDS);
    let previous = '2024-07-01';
    let turned = 0;
    // The next morning, a week, months, back a day, back months, a day a light turns and the day before it.
    const { yf } = (await t.db.selectFrom('tasks').select(sql<string>`min(light_yellow_from)`.as('yf')).where('plan_id', '=', t.planId).where('light_yellow_from', '>', '2024-10-01').executeTakeFirstOrThrow());
    for (const day of ['2024-07-02', '2024-07-09', '2024-10-30', '2024-10-29', '2024-08-15', yf, dayBefore(yf), '2025-12-31', '2024-03-01']) {
      const { differ, window } = await turningIds(previous, day);
      expect(window, `${previous} → ${day}`).toEqual(differ);
      turned += differ.length;
      // The first read of the day moves the kept tallies on from the previous one.
      await planTallies(t.db, t.planId, day, DEFAULT_WARNING_THRESHOLDS);
      await expectKeptEqualsFresh(`${previous} → ${day}`, day);
      const { kept, fresh } = await cooperating(day);
      expect(kept, `配合任务 ${previous} → ${day}`).toEqual(fresh);
      previous = day;
    }
    // Not vacuous: lights did turn between the days, both ways.
    expect(turned).toBeGreaterThan(100);
  });

  it('are forgotten, and counted afresh on the next read, after a write the triggers cannot follow', async () => {
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    const round = await t.db
      .insertInto('rounds')
      .values({ plan_id: t.planId, name: '第一轮', period_start: '2024-10-01', period_end: '2024-10-31', due_date: '2024-11-10', state: 'open', opened_by: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const moves: [string, () => Promise<unknown>][] = [
      ['a measure moved to another section', async () => {
        const m = await t.db.selectFrom('measures').select(['id', 'section_id']).where('plan_id', '=', t.planId).orderBy('id').limit(1).executeTakeFirstOrThrow();
        const other = await t.db.selectFrom('sections').select('id').where('plan_id', '=', t.planId).where('id', '!=', m.section_id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
        await t.db.updateTable('measures').set({ section_id: other.id, seq: 999 }).where('id', '=', m.id).execute();
      }],
      ['a round due date moved', () => t.db.updateTable('rounds').set({ due_date: '2024-11-20' }).where('id', '=', round.id).execute()],
      ['a round closed', () => t.db.updateTable('rounds').set({ state: 'closed' }).where('id', '=', round.id).execute()],
    ];
    for (const [what, move] of moves) {
      await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
      expect(await keptDay(), what).toBe(TODAY);
      await move();
      expect(await keptDay(), what).toBeNull();
      await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
      await expectKeptEqualsFresh(what);
    }
  });
});

describe('plans’ live task counts (migration 0027)', () => {
  it('stay equal to the tasks counted through adds, retirements and revivals one by one or many at once, deletions, and a second plan', async () => {
    const counted = async () =>
      Object.fromEntries(
        (
          await t.db
            .selectFrom('plans')
            .select((eb) => ['plans.id', eb.selectFrom('tasks').whereRef('tasks.plan_id', '=', 'plans.id').where('tasks.retired_at', 'is', null).select(eb.fn.countAll<number>().as('n')).as('n')])
            .execute()
        ).map((row) => [row.id, Number(row.n)]),
      );
    const kept = async () => Object.fromEntries((await t.db.selectFrom('plan_task_counts').select(['plan_id', 'live']).execute()).map((row) => [row.plan_id, Number(row.live)]));
    const expectKept = async (after: string) => expect(await kept(), after).toEqual(await counted());

    const { id: other } = await t.db
      .insertInto('plans')
      .values({ code: 'other', title: '另一规划', period_start: 2024, period_end: 2025, source_name: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expectKept('a plan added');
    const chapter = await t.db.insertInto('chapters').values({ plan_id: other, seq: 1, code: '1', heading: '第一章', title: 't', has_tasks: 1 }).returning('id').executeTakeFirstOrThrow();
    const section = await t.db.insertInto('sections').values({ plan_id: other, chapter_id: chapter.id, seq: 1, code: '1.1', heading: '第一节', title: 't' }).returning('id').executeTakeFirstOrThrow();
    const measure = await t.db.insertInto('measures').values({ plan_id: other, section_id: section.id, seq: 1, code: '1.1.1', title: 't', body: 'b' }).returning('id').executeTakeFirstOrThrow();
    const added = (
      await t.db
        .insertInto('tasks')
        .values([1, 2, 3, 4].map((seq) => ({ plan_id: other, measure_id: measure.id, seq, code: `1.1.1.${seq}`, text: '任务', status: '未启动', percent: 0, ...(seq === 4 ? { retired_at: '2024-11-01T00:00:00.000Z' } : {}) })))
        .returning('id')
        .execute()
    ).map((row) => row.id);
    await expectKept('four tasks added in one statement, one of them retired');
    const own = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).orderBy('id').limit(6).execute()).map((row) => row.id);
    await t.db.updateTable('tasks').set({ retired_at: '2024-11-02T00:00:00.000Z' }).where('id', '=', own[0]!).execute();
    await expectKept('one task retired');
    await t.db.updateTable('tasks').set({ retired_at: '2024-11-03T00:00:00.000Z' }).where('id', 'in', own).execute();
    await expectKept('six retired in one statement, one of them already');
    await t.db.updateTable('tasks').set({ retired_at: null }).where('id', 'in', [...own.slice(2), added[3]!]).execute();
    await expectKept('revived in one statement, across two plans');
    await t.db.updateTable('tasks').set({ percent: 40 }).where('id', 'in', own).execute();
    await expectKept('a report on live and retired tasks');
    await t.db.deleteFrom('tasks').where('id', 'in', [added[0]!, own[0]!]).execute();
    await expectKept('a live and a retired task deleted');
    expect((await kept())[other]).toBe(3);
    await t.db.deleteFrom('plans').where('id', '=', other).execute();
    await expectKept('a plan deleted with its tasks');
  });
});

describe('plan tallies not held', () => {
  it('are left as they are by task writes until the next read counts them afresh', async () => {
    const taskIds = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', t.planId).orderBy('id').limit(8).execute()).map((row) => row.id);
    await t.db.updateTable('tasks').set({ lead_unit_id: await t.unitId('省商务厅') }).where('id', 'in', taskIds).execute();
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    // Forgotten, as after a write the triggers cannot follow: whatever is in the tally rows now is not read again.
    await t.db.deleteFrom('plan_tally_days').where('plan_id', '=', t.planId).execute();
    const rows = () => t.db.selectFrom('plan_lead_tallies').selectAll().where('plan_id', '=', t.planId).orderBy(['lead_unit_id', 'status']).execute();
    const before = await rows();
    await t.db.updateTable('tasks').set({ status: '滞后', percent: 10 }).where('id', 'in', taskIds.slice(0, 4)).execute();
    await t.db.updateTable('tasks').set({ retired_at: '2024-11-01T00:00:00.000Z' }).where('id', '=', taskIds[5]!).execute();
    await refreshTaskLights(t.db, taskIds);
    expect(await rows()).toEqual(before);
    await planTallies(t.db, t.planId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    await expectKeptEqualsFresh('counted afresh after writes made while not held');
  });
});
