import type { Kysely } from 'kysely';
import { isUnitRole, type Role } from '../api/access';
import { AppError } from '../api/errors';
import type { RoundReminder, RoundReminderSummary } from '../api/reminders.types';
import type { Database } from '../db/database.types';
import { requireOffice, type Actor } from '../tasks/task-rules';

/**
 * 催办: one action urges every unit still 未报 in an open round (or one of them). Each unit urged gets its own row,
 * with how many reports it still owed, so the round shows how often a unit was urged and the unit's 待办 shows it.
 */

type Db = Kysely<Database>;

export interface SendReminderInput {
  roundId: number;
  unitId?: number | undefined;
  message: string;
}

export async function sendRoundReminders(db: Db, actor: Actor, input: SendReminderInput, now: Date): Promise<{ units: string[] }> {
  requireOffice(actor, '催办');
  return db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom('rounds').select(['id', 'name', 'state']).where('id', '=', input.roundId).executeTakeFirst();
    if (!round) throw new AppError('NOT_FOUND', '找不到该调度，可能已被删除。');
    if (round.state === 'closed') throw new AppError('CONFLICT', `调度“${round.name}”已结束，不能再催办。`);
    let owing = trx
      .selectFrom('round_tasks as rt')
      .innerJoin('units as u', 'u.id', 'rt.unit_id')
      .select((eb) => ['rt.unit_id', 'u.name', 'u.seq', eb.fn.countAll<number>().as('missing')])
      .where('rt.round_id', '=', input.roundId)
      .where('rt.report_id', 'is', null)
      .groupBy(['rt.unit_id', 'u.name', 'u.seq'])
      .orderBy('u.seq');
    if (input.unitId !== undefined) owing = owing.where('rt.unit_id', '=', input.unitId);
    const units = await owing.execute();
    if (units.length === 0) {
      throw new AppError(
        'CONFLICT',
        input.unitId === undefined ? `调度“${round.name}”中各单位均已报送，无需催办。` : `该单位在调度“${round.name}”中已全部报送或不在本次调度中，无需催办。`,
      );
    }
    await trx
      .insertInto('round_reminders')
      .values(
        units.map((unit) => ({
          round_id: input.roundId,
          unit_id: unit.unit_id,
          missing: Number(unit.missing),
          message: input.message,
          sent_by: actor.label,
          sent_at: now.toISOString(),
        })),
      )
      .execute();
    return { units: units.map((unit) => unit.name) };
  });
}

function reminderQuery(db: Db) {
  return db
    .selectFrom('round_reminders as r')
    .innerJoin('rounds', 'rounds.id', 'r.round_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.round_id', 'rounds.name as round_name', 'r.unit_id', 'u.name as unit_name', 'r.missing', 'r.message', 'r.sent_by', 'r.sent_at'])
    .orderBy('r.id', 'desc');
}

type ReminderRecord = Awaited<ReturnType<ReturnType<typeof reminderQuery>['execute']>>[number];
const toReminder = (row: ReminderRecord): RoundReminder => ({
  id: row.id,
  roundId: row.round_id,
  roundName: row.round_name,
  unitId: row.unit_id,
  unitName: row.unit_name,
  missing: row.missing,
  message: row.message,
  sentBy: row.sent_by,
  sentAt: row.sent_at,
});

/** A round's 催办; a unit sees only those sent to it. */
export async function roundReminders(db: Db, viewer: { role: Role; unitId: number } | null, roundId: number): Promise<RoundReminderSummary> {
  let query = reminderQuery(db).where('r.round_id', '=', roundId);
  if (viewer !== null && isUnitRole(viewer.role)) query = query.where('r.unit_id', '=', viewer.unitId);
  const reminders = (await query.execute()).map(toReminder);
  const countByUnit: Record<number, number> = {};
  for (const reminder of reminders) countByUnit[reminder.unitId] = (countByUnit[reminder.unitId] ?? 0) + 1;
  return { roundId, reminders, countByUnit };
}

/** The 催办 a unit received in rounds still open, for its 待办: the latest per round. */
export async function openRemindersFor(db: Db, unitId: number): Promise<RoundReminder[]> {
  const rows = (await reminderQuery(db).where('r.unit_id', '=', unitId).where('rounds.state', '=', 'open').execute()).map(toReminder);
  const seen = new Set<number>();
  return rows.filter((row) => (seen.has(row.roundId) ? false : (seen.add(row.roundId), true)));
}
