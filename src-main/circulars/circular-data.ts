import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import { NOTICE_STATE_LABELS } from '../api/notices.types';
import { PROBLEM_STATE_LABELS } from '../api/problems.types';
import type { Database } from '../db/database.types';
import { listProblems } from '../problems/problems.service';
import { chinaDateOf } from '../rules/report-date';
import { listNotices } from '../notices/notices.service';

/**
 * What a 调度情况通报 says, read from a closed round: its frozen snapshot (round-rows.ts froze every figure at closing),
 * so the circular drafted today and the one drafted next month say the same. Notices and major problems are the
 * plan's as they stand on the closing day.
 */

export interface CircularUnit {
  name: string;
  expected: number;
  reported: number;
  onTime: number;
  late: number;
  missing: number;
  /** 按时报送率, a whole percent. */
  onTimeRate: number;
  rank: number;
}

export interface CircularData {
  planTitle: string;
  office: string;
  roundName: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  /** The Beijing date the round was closed: the circular's date unless the office gives another. */
  closedOn: string;
  totals: { units: number; expected: number; reported: number; onTime: number; late: number; missing: number; onTimeRate: number };
  units: CircularUnit[];
  lights: { unit: string; red: string[]; yellow: string[] }[];
  notices: { number: string; unit: string; level: string; state: string; overdue: boolean }[];
  majorProblems: { unit: string; taskCode: string; text: string; state: string }[];
}

const rate = (part: number, whole: number) => (whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10);

export async function loadCircularData(db: Kysely<Database>, roundId: number): Promise<CircularData> {
  const round = await db
    .selectFrom('rounds')
    .innerJoin('plans', 'plans.id', 'rounds.plan_id')
    .select(['rounds.id', 'rounds.plan_id', 'rounds.name', 'rounds.period_start', 'rounds.period_end', 'rounds.due_date', 'rounds.state', 'rounds.closed_at', 'plans.title'])
    .where('rounds.id', '=', roundId)
    .executeTakeFirst();
  if (!round) throw new AppError('NOT_FOUND', '找不到该调度，可能已被删除。');
  if (round.state !== 'closed' || round.closed_at === null) {
    throw new AppError('CONFLICT', `调度“${round.name}”尚未结束：结束调度、冻结结果后才能起草调度情况通报。`);
  }
  const closedOn = chinaDateOf(round.closed_at);
  const office = (await db.selectFrom('units').select('name').where('kind', '=', 'office').orderBy('seq').executeTakeFirst())?.name ?? '领导小组办公室';

  const rows = await db
    .selectFrom('round_snapshots as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 's.unit_name', 'u.seq', 's.task_code', 's.task_text', 's.reported', 's.reported_late', 's.light'])
    .where('s.round_id', '=', roundId)
    .orderBy('u.seq')
    .orderBy('s.task_code')
    .execute();
  const byUnit = new Map<number, { name: string; seq: number; rows: typeof rows }>();
  for (const row of rows) {
    const entry = byUnit.get(row.unit_id) ?? { name: row.unit_name, seq: row.seq, rows: [] };
    entry.rows.push(row);
    byUnit.set(row.unit_id, entry);
  }
  const units: CircularUnit[] = [...byUnit.values()].map(({ name, rows: own }) => {
    const reported = own.filter((r) => r.reported === 1).length;
    const late = own.filter((r) => r.reported_late === 1).length;
    const onTime = reported - late;
    return { name, expected: own.length, reported, onTime, late, missing: own.length - reported, onTimeRate: rate(onTime, own.length), rank: 0 };
  });
  // Ranked by 按时报送率, then by fewer 未报; equal units share a rank (1, 1, 3) and keep the unit list's order.
  units.sort((a, b) => b.onTimeRate - a.onTimeRate || a.missing - b.missing);
  units.forEach((unit, index) => {
    const previous = units[index - 1];
    unit.rank = previous && previous.onTimeRate === unit.onTimeRate && previous.missing === unit.missing ? previous.rank : index + 1;
  });

  const lights = [...byUnit.values()]
    .map(({ name, rows: own }) => ({
      unit: name,
      red: own.filter((r) => r.light === 'red').map((r) => `${r.task_code} ${r.task_text}`),
      yellow: own.filter((r) => r.light === 'yellow').map((r) => `${r.task_code} ${r.task_text}`),
    }))
    .filter((entry) => entry.red.length + entry.yellow.length > 0);

  const notices = (await listNotices(db, { planId: round.plan_id }, closedOn))
    .filter((n) => chinaDateOf(n.issuedAt) <= closedOn && (n.closedAt === null || chinaDateOf(n.closedAt) >= round.period_start))
    // The level the escalation rule gives it on the closing day (listNotices asks rules/notice-escalation.ts), as the
    // 督办 list shows it, not the level it was issued at.
    .map((n) => ({ number: n.number, unit: n.unitName, level: n.escalatedLevel, state: NOTICE_STATE_LABELS[n.state], overdue: n.overdue }));
  const majorProblems = (await listProblems(db, { planId: round.plan_id, majorOpenOnly: true })).map((p) => ({
    unit: p.ownerUnitName,
    taskCode: p.taskCode,
    text: p.text,
    state: PROBLEM_STATE_LABELS[p.state],
  }));

  const expected = rows.length;
  const reported = rows.filter((r) => r.reported === 1).length;
  const late = rows.filter((r) => r.reported_late === 1).length;
  return {
    planTitle: round.title,
    office,
    roundName: round.name,
    periodStart: round.period_start,
    periodEnd: round.period_end,
    dueDate: round.due_date,
    closedOn,
    totals: { units: units.length, expected, reported, onTime: reported - late, late, missing: expected - reported, onTimeRate: rate(reported - late, expected) },
    units,
    lights,
    notices,
    majorProblems,
  };
}
