import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRound } from '../rounds/rounds.service';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { SLICE_ROWS } from '../db/slices';
import { testEngine } from '../db/test-helper';
import { recordReports, submitReport, type ReportEntry, type ReportSource } from './progress.service';

/**
 * `recordReports` writes a batch with set queries and multi-row INSERTs; it must leave exactly what `submitReport`
 * called once per entry, in order, leaves — the same rows with the same ids — and refuse with the same error.
 */

interface World {
  t: SeededDatabase;
  tasks: Record<'a' | 'b' | 'c' | 'd' | 'e', number>;
  rounds: { all: number; commerceOnly: number };
  entries: ReportEntry[];
}

/** Two identical databases: one gets the reports one by one, the other as one batch. */
let one: World;
let batch: World;

async function world(): Promise<World> {
  const t = await createSeededDatabase();
  const codes = { a: '4.1.1.1', b: '4.1.1.2', c: '4.1.2.1', d: '3.1.1.1', e: '6.3.1.1' } as const;
  const tasks = Object.fromEntries(await Promise.all(Object.entries(codes).map(async ([key, code]) => [key, await t.taskId(code)]))) as World['tasks'];
  const commerce = await t.unitId('省商务厅');
  const energy = await t.unitId('省能源局');
  const taiyuan = await t.unitId('太原市');
  await assignTasks(t.db, t.office, { taskIds: [tasks.a, tasks.b, tasks.c], leadUnitId: commerce, cooperatorUnitIds: [taiyuan], deadline: '2027-12-31' });
  await assignTasks(t.db, t.office, { taskIds: [tasks.d], leadUnitId: energy, deadline: '2027-12-31' });
  await assignTasks(t.db, t.office, { taskIds: [tasks.e], leadUnitId: await t.unitId('大同市'), deadline: '2027-12-31' });
  const round = (name: string, unitIds: number[]) =>
    openRound(t.db, t.office, { planId: t.planId, name, periodStart: '2026-10-01', periodEnd: '2026-12-31', dueDate: '2026-12-10', unitIds });
  // Two open rounds ask for a, b and c: a report without a round goes to the newer one.
  const all = (await round('第四季度调度', [commerce, energy])).id;
  const commerceOnly = (await round('第四季度专项调度', [commerce])).id;
  const lead = await t.actorFor('省商务厅');
  const cooperator = await t.actorFor('太原市');
  const entry = (actor: ReportEntry['actor'], taskId: number, overrides: Partial<ReportEntry['input']> = {}): ReportEntry => ({
    actor,
    input: { taskId, status: '序时推进', percent: 40, progress: '按计划推进。', problems: '', nextSteps: '继续推进。', coordination: '', ...overrides },
  });
  const entries = [
    entry(cooperator, tasks.a, { percent: 35, problems: '  用地指标紧张。\u3000' }),
    entry(lead, tasks.a, { percent: 45, coordination: '请省自然资源厅协调用地。' }),
    entry(lead, tasks.b, { status: '滞后', percent: 10 }),
    entry(t.office, tasks.d, { percent: 55, problems: '资金到位滞后。', coordination: '请省财政厅加快拨付。' }),
    entry(lead, tasks.c, { status: '已完成', percent: 100, progress: '已完成签约。' }),
    // The lead corrects b: the task and the round take this one.
    entry(lead, tasks.b, { status: '超序时进度', percent: 70 }),
    // No round asks e: the report stands on its own.
    entry(await t.actorFor('大同市'), tasks.e, { percent: 20 }),
  ];
  return { t, tasks, rounds: { all, commerceOnly }, entries };
}

beforeEach(async () => {
  [one, batch] = await Promise.all([world(), world()]);
});
afterEach(async () => {
  await Promise.all([one.t.dispose(), batch.t.dispose()]);
});

async function oneByOne(w: World, entries: ReportEntry[], origin: ReportSource): Promise<number[]> {
  const ids: number[] = [];
  for (const { actor, input } of entries) ids.push((await submitReport(w.t.db, w.t.files, actor, { ...input, attachments: [] }, origin)).reportId);
  return ids;
}

async function asBatch(w: World, entries: ReportEntry[], origin: ReportSource): Promise<number[]> {
  return (await w.t.db.transaction().execute((trx) => recordReports(trx, entries, origin))).reportIds;
}

/** Everything a report writes, without the times of day (one batch shares one; single reports each get their own). */
async function content(w: World) {
  const { db } = w.t;
  const reports = await db.selectFrom('progress_reports').selectAll().orderBy('id').execute();
  const tasks = await db.selectFrom('tasks').select(['id', 'status', 'percent', 'last_report_at', 'version']).orderBy('id').execute();
  const lastReportAt = new Map<number, string>();
  for (const report of reports) lastReportAt.set(report.task_id, report.created_at);
  const reportTime = new Map(reports.map((report) => [report.id, report.created_at]));
  return {
    reports: reports.map(({ created_at: _createdAt, ...row }) => row),
    // A task's last_report_at is its last report's time.
    tasks: tasks.map(({ last_report_at, ...row }) => ({ ...row, lastReportIsLatest: last_report_at === (lastReportAt.get(row.id) ?? null) })),
    // A round's row carries its counted report's time.
    roundTasks: (await db.selectFrom('round_tasks').selectAll().orderBy('round_id').orderBy('task_id').execute()).map(({ reported_at, ...row }) => ({
      ...row,
      reportedAtIsReports: reported_at === (row.report_id === null ? null : reportTime.get(row.report_id)),
    })),
    problems: (await db.selectFrom('problems').selectAll().orderBy('id').execute()).map(({ created_at: _createdAt, ...row }) => row),
    events: (await db.selectFrom('task_events').selectAll().orderBy('id').execute()).map(({ created_at: _createdAt, ...row }) => row),
  };
}

describe('recordReports: a batch of progress reports', () => {
  it('writes exactly what the reports submitted one by one write, linked to the newest open round that asks', async () => {
    const origin: ReportSource = { source: 'manual' };
    const ids = await oneByOne(one, one.entries, origin);
    expect(await asBatch(batch, batch.entries, origin)).toEqual(ids);
    const written = await content(batch);
    expect(written).toEqual(await content(one));

    // What that content is: b's last report counts for the task and for the round; a's lead report for a.
    const { tasks, rounds } = batch;
    expect(written.reports.map((r) => [r.task_id, r.round_id])).toEqual([
      [tasks.a, rounds.commerceOnly],
      [tasks.a, rounds.commerceOnly],
      [tasks.b, rounds.commerceOnly],
      [tasks.d, rounds.all],
      [tasks.c, rounds.commerceOnly],
      [tasks.b, rounds.commerceOnly],
      [tasks.e, null],
    ]);
    expect(written.tasks.find((task) => task.id === tasks.b)).toMatchObject({ status: '超序时进度', percent: 70, lastReportIsLatest: true });
    expect(written.roundTasks.find((row) => row.round_id === rounds.commerceOnly && row.task_id === tasks.b)?.report_id).toBe(ids[5]);
    expect(written.roundTasks.find((row) => row.round_id === rounds.all && row.task_id === tasks.b)?.report_id).toBeNull();
    expect(written.problems.map((p) => [p.report_id, p.kind, p.text])).toEqual([
      [ids[0], '存在问题', '用地指标紧张。'],
      [ids[1], '需协调事项', '请省自然资源厅协调用地。'],
      [ids[3], '存在问题', '资金到位滞后。'],
      [ids[3], '需协调事项', '请省财政厅加快拨付。'],
    ]);
    expect(written.events.filter((e) => e.kind === 'reported').at(-2)?.summary).toBe('填报进展：超序时进度，完成 70%（第四季度专项调度）');
  });

  it('writes the same for a given round and an imported file', async () => {
    const origin: ReportSource = { source: 'import', sourceRef: '省商务厅填报表.xlsx', roundId: one.rounds.all };
    const entries = (w: World) => w.entries.filter((entry) => entry.input.taskId !== w.tasks.e);
    await oneByOne(one, entries(one), origin);
    await asBatch(batch, entries(batch), origin);
    expect(await content(batch)).toEqual(await content(one));
    expect((await content(batch)).events.at(-1)?.summary).toBe('填报进展：超序时进度，完成 70%（第四季度调度）（导入自 省商务厅填报表.xlsx）');
  });

  const refusals: [string, (w: World) => Promise<{ entries: ReportEntry[]; origin: ReportSource }>, RegExp][] = [
    [
      'a unit that neither leads nor cooperates',
      async (w) => ({ entries: [...w.entries.slice(0, 3), { ...w.entries[3]!, actor: await w.t.actorFor('运城市') }, ...w.entries.slice(4)], origin: { source: 'manual' } }),
      /不是该任务的牵头或配合单位/,
    ],
    [
      'a retired task',
      async (w) => {
        await w.t.db.updateTable('tasks').set({ retired_at: '2026-11-01T00:00:00Z' }).where('id', '=', w.tasks.c).execute();
        return { entries: w.entries, origin: { source: 'manual' } };
      },
      /已撤销/,
    ],
    ['a task that does not exist', async (w) => ({ entries: [...w.entries, { ...w.entries[0]!, input: { ...w.entries[0]!.input, taskId: 999_999 } }], origin: { source: 'manual' } }), /找不到编号为 999999 的任务/],
    ['a task the given round does not ask', async (w) => ({ entries: w.entries, origin: { source: 'manual', roundId: w.rounds.commerceOnly } }), /不在所指定的调度范围内/],
    [
      'a closed round',
      async (w) => {
        await w.t.db.updateTable('rounds').set({ state: 'closed' }).where('id', '=', w.rounds.commerceOnly).execute();
        return { entries: w.entries, origin: { source: 'manual', roundId: w.rounds.commerceOnly } };
      },
      /已结束，不能再为其填报/,
    ],
    [
      'a report that breaks a rule after a task that does not exist',
      async (w) => ({
        entries: [{ ...w.entries[0]!, input: { ...w.entries[0]!.input, percent: 120 } }, { ...w.entries[1]!, input: { ...w.entries[1]!.input, taskId: 999_999 } }],
        origin: { source: 'manual' },
      }),
      /0 到 100 之间的整数/,
    ],
  ];
  for (const [name, setup, message] of refusals) {
    it(`refuses ${name} with the error the first failing report raises alone, and writes nothing`, async () => {
      const single = await setup(one);
      const error = await oneByOne(one, single.entries, single.origin).then(
        () => null,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);

      const before = await content(batch);
      const many = await setup(batch);
      await expect(asBatch(batch, many.entries, many.origin)).rejects.toThrow((error as Error).message);
      const after = await content(batch);
      // Only the setup's own change (a retired task, a closed round) differs; no report, problem or event.
      expect([after.reports, after.problems, after.events, after.roundTasks]).toEqual([before.reports, before.problems, before.events, before.roundTasks]);
    });
  }

  it('writes a batch larger than one statement can hold, each task ending at its last report', async () => {
    const { t, tasks } = batch;
    const lead = await t.actorFor('省商务厅');
    const count = 5_000;
    const entries: ReportEntry[] = Array.from({ length: count }, (_, i) => ({
      actor: lead,
      input: { taskId: [tasks.a, tasks.b, tasks.c][i % 3]!, status: '序时推进', percent: i % 100, progress: `第 ${i} 次`, problems: i % 1000 === 0 ? '问题' : '', nextSteps: '', coordination: '' },
    }));
    const ids = await asBatch(batch, entries, { source: 'manual' });
    expect(ids).toHaveLength(count);
    const written = await content(batch);
    expect(written.reports.map((r) => r.progress)).toEqual(entries.map((e) => e.input.progress));
    expect(written.events.filter((e) => e.kind === 'reported')).toHaveLength(count);
    expect(written.problems.map((p) => p.report_id)).toEqual([ids[0], ids[1000], ids[2000], ids[3000], ids[4000]]);
    expect(written.tasks.filter((task) => [tasks.a, tasks.b, tasks.c].includes(task.id)).map((task) => task.percent)).toEqual([98, 99, 97]);
    expect(written.roundTasks.filter((row) => row.round_id === batch.rounds.commerceOnly && row.report_id !== null).map((row) => row.report_id)).toEqual([ids[4998], ids[4999], ids[4997]]);
  });

  it('writes a full chunk of reports and their history as bound rows, the rest as before, the same rows either way', async () => {
    const lead = await batch.t.actorFor('省商务厅');
    const entries: ReportEntry[] = Array.from({ length: SLICE_ROWS + 1 }, (_, i) => ({
      actor: lead,
      input: {
        taskId: [batch.tasks.a, batch.tasks.b, batch.tasks.c][i % 3]!,
        status: i % 7 === 0 ? '滞后' : '序时推进',
        percent: i % 100,
        progress: `第 ${i} 次："引号"、'单引号'、\\反斜杠、𠮷`,
        problems: i % 50 === 0 ? `问题 ${i}` : '',
        nextSteps: '',
        coordination: i % 80 === 0 ? '请协调。' : '',
      },
    }));
    const origin: ReportSource = { source: 'import', sourceRef: '填报模板.xlsx', roundId: batch.rounds.commerceOnly };
    const bound: string[] = [];
    const counted = batch.t.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'InsertQueryNode' && JSON.stringify(args.node.values ?? null).includes('"VALUES ')) bound.push(JSON.stringify(args.node.into));
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    await counted.transaction().execute((trx) => recordReports(trx, entries, origin));
    await oneByOne(one, entries, { ...origin, roundId: one.rounds.commerceOnly });
    // On SQLite the first SLICE_ROWS reports and their history entries as bound values, one statement each; the last
    // one as JSON. PostgreSQL reads them all from JSON into the tables' row types.
    const sqlite = testEngine() === 'sqlite';
    expect(bound.map((into) => (into.includes('progress_reports') ? 'reports' : into.includes('task_events') ? 'events' : into))).toEqual(sqlite ? ['reports', 'events'] : []);
    expect(await content(batch)).toEqual(await content(one));
    if (sqlite) {
      // Stored with the types of the rows read from JSON (a bound number could have been stored as a real).
      const types = await sql<{ t: string }>`SELECT DISTINCT typeof(task_id) || typeof(unit_id) || typeof(percent) || typeof(round_id) || typeof(progress) AS t FROM progress_reports`.execute(batch.t.db);
      expect(types.rows.map((row) => row.t)).toEqual(['integerintegerintegerintegertext']);
    }
  });

  it('sets a full slice of tasks from bound rows, as each report on its own sets them', async () => {
    const ids = async (w: World) =>
      (await w.t.db.selectFrom('tasks').select('id').where('plan_id', '=', w.t.planId).where('retired_at', 'is', null).orderBy('id').limit(SLICE_ROWS + 1).execute()).map((row) => row.id);
    const taskIds = await ids(batch);
    expect(taskIds).toEqual(await ids(one));
    expect(taskIds).toHaveLength(SLICE_ROWS + 1);
    const entries: ReportEntry[] = taskIds.map((taskId, i) => ({
      actor: batch.t.office,
      input: { taskId, status: (['序时推进', '滞后', '超序时进度', '已完成'] as const)[i % 4]!, percent: i % 4 === 3 ? 100 : i % 90, progress: `第 ${i} 项`, problems: '', nextSteps: '', coordination: '' },
    }));
    const boundUpdates: string[] = [];
    const counted = batch.t.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'UpdateQueryNode' && JSON.stringify(args.node.with ?? null).includes('"VALUES ')) boundUpdates.push(JSON.stringify(args.node.table));
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    await counted.transaction().execute((trx) => recordReports(trx, entries, { source: 'manual' }));
    await oneByOne(one, entries, { source: 'manual' });
    // SQLite: the first SLICE_ROWS tasks from bound rows in one UPDATE, the last from JSON; PostgreSQL: all from JSON.
    expect(boundUpdates).toHaveLength(testEngine() === 'sqlite' ? 1 : 0);
    const tasks = async (w: World) =>
      w.t.db.selectFrom('tasks').select(['id', 'status', 'percent', 'light_base', 'light_yellow_from', 'light_red_from', 'version']).where('id', 'in', taskIds).orderBy('id').execute();
    expect(await tasks(batch)).toEqual(await tasks(one));
    expect((await content(batch)).tasks).toEqual((await content(one)).tasks);
  });

  it('writes each task of a large batch once, with its last report, however many chunks report on it', async () => {
    const { t, tasks } = batch;
    const lead = await t.actorFor('省商务厅');
    const entries: ReportEntry[] = Array.from({ length: 2_000 }, (_, i) => ({
      actor: lead,
      input: { taskId: [tasks.a, tasks.b, tasks.c][i % 3]!, status: i === 1997 ? '滞后' : '序时推进', percent: i % 100, progress: `第 ${i} 次`, problems: '', nextSteps: '', coordination: '' },
    }));
    let taskWrites = 0;
    const counted = t.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'UpdateQueryNode' && JSON.stringify(args.node.table).includes('"tasks"')) taskWrites++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    await counted.transaction().execute((trx) => recordReports(trx, entries, { source: 'manual' }));
    // Three tasks: one UPDATE of their rows for the whole batch (it was one per chunk of the batch, eight here).
    expect(taskWrites).toBe(1);
    const written = (await content(batch)).tasks.filter((task) => [tasks.a, tasks.b, tasks.c].includes(task.id));
    expect(written.map((task) => [task.status, task.percent])).toEqual([
      ['序时推进', 98],
      ['序时推进', 99],
      ['滞后', 97],
    ]);
  });
});
