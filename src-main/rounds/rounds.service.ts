import { sql, type Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { RoundDetail, RoundReportScope, RoundSummary, RoundTaskRow, RoundUnitRow } from '../api/rounds.types';
import type { WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { jsonRows } from '../db/sql-forms';
import { requireActiveUnits, requireOffice, type Actor } from '../tasks/task-rules';
import { chinaDateOf } from '../rules/report-date';
import { liveRowSlices, readRoundRows, snapshotOf } from './round-rows';
import { isRoundPastDue, roundUnitStatus } from '../rules/round-status';

/**
 * 调度: a reporting round asks every unit in scope to report on each open task it leads — or, when the office so
 * chooses for the round, each open task it leads or cooperates on — by a due date. What each unit owes is fixed when
 * the round opens; closing the round freezes what it shows.
 */

export interface OpenRoundInput {
  planId: number;
  name: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  unitIds: number[];
  /** Lead units only unless the office asks the cooperating units too. */
  reportScope?: RoundReportScope | undefined;
}

export async function openRound(db: Kysely<Database>, actor: Actor, input: OpenRoundInput): Promise<{ id: number; expected: number }> {
  requireOffice(actor, '开启调度');
  if (input.periodEnd < input.periodStart) throw new AppError('INVALID_INPUT', `调度期结束日期（${input.periodEnd}）早于开始日期（${input.periodStart}）。`);
  if (input.dueDate < input.periodStart) throw new AppError('INVALID_INPUT', `报送截止日期（${input.dueDate}）早于调度期开始（${input.periodStart}）。`);
  if (input.unitIds.length === 0) throw new AppError('INVALID_INPUT', '请至少选择一个参加调度的单位。');

  return db.transaction().execute(async (trx) => {
    const plan = await trx.selectFrom('plans').select('id').where('id', '=', input.planId).executeTakeFirst();
    if (!plan) throw new AppError('NOT_FOUND', '找不到所选的规划。');
    const clash = await trx.selectFrom('rounds').select('id').where('plan_id', '=', input.planId).where('name', '=', input.name).executeTakeFirst();
    if (clash) throw new AppError('CONFLICT', `已有名为“${input.name}”的调度，请换一个名称。`);
    const unitNames = await requireActiveUnits(trx, input.unitIds);

    const scope = input.reportScope ?? 'lead';
    const owed = await owedRows(trx, input.planId, input.unitIds, scope);
    if (owed.length === 0) {
      const what = scope === 'lead' ? '牵头' : '牵头或配合';
      throw new AppError('INVALID_INPUT', `所选单位（${[...unitNames.values()].join('、')}）在本规划中没有${what}的未完成任务，无需调度。`);
    }

    const { id } = await trx
      .insertInto('rounds')
      .values({
        plan_id: input.planId,
        name: input.name,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        due_date: input.dueDate,
        opened_by: actor.label,
        report_scope: scope,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('round_units').values(input.unitIds.map((unitId) => ({ round_id: id, unit_id: unitId }))).execute();
    // As one JSON parameter per thousand rows (db/sql-forms.ts): the same prepared statement for every slice and every
    // round, where a VALUES list made a statement of thousands of parameters per length, each compiled and cached.
    const columns = ['round_id', 'task_id', 'unit_id', 'role'] as const;
    for (let i = 0; i < owed.length; i += 1000) {
      const rows = owed.slice(i, i + 1000).map((row) => ({ round_id: id, ...row }));
      await trx.insertInto('round_tasks').columns(columns).expression(jsonRows(rows, columns)).execute();
    }
    return { id, expected: owed.length };
  });
}

/**
 * The rows a new round owes, one per open task and asked unit: each task's lead unit among the round's units, and
 * with `leadAndCooperating` each of its cooperating units among them too.
 */
async function owedRows(db: Kysely<Database>, planId: number, unitIds: number[], scope: RoundReportScope): Promise<{ task_id: number; unit_id: number; role: 'lead' | 'cooperating' }[]> {
  const open = db.selectFrom('tasks').where('tasks.plan_id', '=', planId).where('tasks.retired_at', 'is', null).where('tasks.status', '<>', '已完成');
  const leads = await open.select(['tasks.id as task_id', 'tasks.lead_unit_id']).where('tasks.lead_unit_id', 'in', unitIds).orderBy('tasks.id').execute();
  const rows = leads.map((task) => ({ task_id: task.task_id, unit_id: task.lead_unit_id!, role: 'lead' as const }));
  if (scope === 'lead') return rows;
  const cooperating = await open
    .innerJoin('task_cooperators', 'task_cooperators.task_id', 'tasks.id')
    .select(['tasks.id as task_id', 'task_cooperators.unit_id'])
    .where('task_cooperators.unit_id', 'in', unitIds)
    // A unit both leading and listed as cooperating on one task owes it once, as its lead.
    .where((eb) => eb.or([eb('tasks.lead_unit_id', 'is', null), eb('tasks.lead_unit_id', '<>', eb.ref('task_cooperators.unit_id'))]))
    .orderBy('tasks.id')
    .orderBy('task_cooperators.unit_id')
    .execute();
  return [...rows, ...cooperating.map((row) => ({ ...row, role: 'cooperating' as const }))];
}

export async function listRounds(
  db: Kysely<Database>,
  filter: { planId?: number | undefined; id?: number | undefined },
  today: string,
): Promise<RoundSummary[]> {
  let query = db.selectFrom('rounds').selectAll().orderBy('id', 'desc');
  if (filter.planId !== undefined) query = query.where('plan_id', '=', filter.planId);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  const rounds = await query.execute();
  if (rounds.length === 0) return [];
  // Counted in SQL, grouped by round: a province's rounds hold hundreds of thousands of rows (bench/), too many to
  // fetch and filter round by round.
  const ids = rounds.map((r) => r.id);
  const counts = await db
    .selectFrom('round_tasks')
    .select((eb) => [
      'round_id',
      eb.fn.countAll<number>().as('expected'),
      eb.fn.count<number>('report_id').as('reported'),
      sql<number>`count(DISTINCT CASE WHEN report_id IS NULL THEN unit_id END)`.as('missing_units'),
    ])
    .where('round_id', 'in', ids)
    .groupBy('round_id')
    .execute();
  const unitCounts = await db
    .selectFrom('round_units')
    .select((eb) => ['round_id', eb.fn.countAll<number>().as('n')])
    .where('round_id', 'in', ids)
    .groupBy('round_id')
    .execute();
  const countsOf = new Map(counts.map((row) => [row.round_id, row]));
  const unitsOf = new Map(unitCounts.map((row) => [row.round_id, Number(row.n)]));
  return rounds.map((round) => {
    const count = countsOf.get(round.id);
    return {
      id: round.id,
      planId: round.plan_id,
      name: round.name,
      periodStart: round.period_start,
      periodEnd: round.period_end,
      dueDate: round.due_date,
      state: round.state as RoundSummary['state'],
      reportScope: round.report_scope as RoundReportScope,
      unitCount: unitsOf.get(round.id) ?? 0,
      expected: Number(count?.expected ?? 0),
      reported: Number(count?.reported ?? 0),
      overdueUnits: isRoundPastDue({ state: round.state, dueDate: round.due_date }, today) ? Number(count?.missing_units ?? 0) : 0,
      openedAt: round.opened_at,
      closedAt: round.closed_at,
    };
  });
}

/**
 * `unitId`: the round as that unit sees it — its rows and its line of the units' table only, read for it alone (a
 * unit's 调度 on the shared server reads a few rows, not the whole province's). The round's summary counts stay the
 * whole round's; row scope (accounts/row-scope.ts) makes them the unit's own.
 */
export async function roundDetail(db: Kysely<Database>, roundId: number, today: string, thresholds: WarningThresholds, unitId?: number): Promise<RoundDetail> {
  const [summary] = await listRounds(db, { id: roundId }, today);
  if (!summary) throw new AppError('NOT_FOUND', '找不到该调度，可能已被删除。');
  const rows = await readRoundRows(db, summary, today, thresholds, unitId);
  const tasks = rows.map(
    (row): RoundTaskRow => ({
      taskId: row.taskId,
      code: row.code,
      text: row.text,
      unitId: row.unitId,
      unitName: row.unitName,
      role: row.role,
      reported: row.reported,
      reportedLate: row.reportedLate,
      reportedAt: row.reportedAt,
      reportDate: row.reportDate,
      status: row.status,
      percent: row.percent,
      light: row.light,
      progress: row.progress,
    }),
  );
  const inScope = await db
    .selectFrom('round_units')
    .innerJoin('units', 'units.id', 'round_units.unit_id')
    .select(['units.id', 'units.name'])
    .where('round_units.round_id', '=', roundId)
    .$if(unitId !== undefined, (query) => query.where('round_units.unit_id', '=', unitId!))
    .orderBy('units.seq')
    .execute();
  const units: RoundUnitRow[] = inScope.map((unit) => {
    const owed = tasks.filter((task) => task.unitId === unit.id);
    const reported = owed.filter((task) => task.reported).length;
    const late = owed.filter((task) => task.reportedLate).length;
    return { unitId: unit.id, unitName: unit.name, expected: owed.length, reported, late, status: roundUnitStatus(reported, owed.length, summary, today) };
  });
  const detail = { ...summary, frozen: summary.state === 'closed', units, tasks };
  if (unitId === undefined) return detail;
  // One unit's view of the round (a unit account's, see accounts/row-scope.ts): its counts are that unit's, from the
  // same rows and the same 逾期 rule as its line in the table.
  return {
    ...detail,
    unitCount: units.length,
    expected: units.reduce((sum, row) => sum + row.expected, 0),
    reported: units.reduce((sum, row) => sum + row.reported, 0),
    overdueUnits: units.filter((row) => row.status === '逾期').length,
  };
}

const SNAPSHOT_ROWS_PER_STATEMENT = 1_000;

/**
 * Closing freezes the round: its rows are copied, so later edits to tasks or reports never change it.
 * `now` is the app's clock (the handler passes it; `--today` moves it): the closing time decides the 通报's 成文 day and
 * which level each notice stood at. Without one, noon in Beijing on `today`, never the machine's real time.
 */
export async function closeRound(
  db: Kysely<Database>,
  actor: Actor,
  roundId: number,
  today: string,
  thresholds: WarningThresholds,
  now: Date = new Date(`${today}T04:00:00Z`),
): Promise<void> {
  requireOffice(actor, '结束调度');
  // Read and written in one transaction, so that no report slips in between what is frozen and the closing.
  await db.transaction().execute(async (trx) => {
    const [round] = await listRounds(trx, { id: roundId }, today);
    if (!round) throw new AppError('NOT_FOUND', '找不到该调度，可能已被删除。');
    if (round.state === 'closed') throw new AppError('CONFLICT', `调度“${round.name}”已于 ${round.closedAt ? chinaDateOf(round.closedAt) : ''} 结束。`);
    // Exactly what the open round shows at this moment, 序时进度, 落后 and reasons included: a slice of its tasks at a
    // time, each written before the next is read (a large plan's round has ten thousand rows with their texts; held
    // at once with the plan's whole task list, closing was the peak of the bench's memory, bench/).
    for await (const rows of liveRowSlices(trx, round, today, thresholds)) {
      const snapshots = rows.map((row) => snapshotOf(roundId, row));
      if (snapshots.length === 0) continue;
      // A thousand rows per statement, as one JSON parameter (db/sql-forms.ts: the same statement each time).
      const columns = Object.keys(snapshots[0]!) as (keyof (typeof snapshots)[number])[];
      for (let i = 0; i < snapshots.length; i += SNAPSHOT_ROWS_PER_STATEMENT) {
        await trx.insertInto('round_snapshots').columns(columns).expression(jsonRows(snapshots.slice(i, i + SNAPSHOT_ROWS_PER_STATEMENT), columns)).execute();
      }
    }
    // The per-unit totals the dashboard's trend shows, counted once now that they can no longer change.
    await trx
      .insertInto('round_unit_totals')
      .columns(['round_id', 'unit_id', 'unit_name', 'expected', 'reported', 'late'])
      .expression((eb) =>
        eb
          .selectFrom('round_snapshots')
          .select([
            'round_id',
            'unit_id',
            sql<string>`max(unit_name)`.as('unit_name'),
            (e) => e.fn.countAll<number>().as('expected'),
            sql<number>`sum(reported)`.as('reported'),
            sql<number>`sum(reported_late)`.as('late'),
          ])
          .where('round_id', '=', roundId)
          .groupBy(['round_id', 'unit_id']),
      )
      .execute();
    await trx.updateTable('rounds').set({ state: 'closed', closed_by: actor.label, closed_at: now.toISOString() }).where('id', '=', roundId).execute();
  });
}
