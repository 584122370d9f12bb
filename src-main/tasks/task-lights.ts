import { sql, type Kysely } from 'kysely';
import type { TaskStatus, WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { idList, jsonRows } from '../db/sql-forms';
import { slicesOf, yieldToEventLoop } from '../db/slices';
import { lightDates, thresholdsKey } from '../rules/task-light-dates';
import { taskSpan } from '../rules/plan-period';

/**
 * Keeps each task's stored light dates (migration 0018, rules/task-light-dates.ts) up to date. Every path that writes
 * a task's dates, status, percent or lead unit calls `refreshTaskLights` for the tasks it wrote, in its own
 * transaction; a change of the thresholds calls `refreshAllTaskLights`. The dates are worked out here, in TypeScript,
 * by the rule's owner — never by a database function — so any database stores the same dates.
 */

/**
 * Tasks per slice, the event loop free between slices (db/slices.ts): about 20 ms of work each on the reference data
 * (24,840 tasks in 0.25 s of CPU, bench/).
 */
const LIGHT_SLICE = 2000;

/** The thresholds the stored dates hold for, or null when they have not been worked out (a database just migrated). */
export async function storedLightBasis(db: Kysely<Database>): Promise<string | null> {
  const row = await db.selectFrom('task_light_basis').select('thresholds').where('id', '=', 1).executeTakeFirst();
  return row?.thresholds ?? null;
}

/** Whether lists may count lights from the stored dates for these thresholds (else they work the rule out per task). */
export async function storedLightsHold(db: Kysely<Database>, thresholds: WarningThresholds): Promise<boolean> {
  return (await storedLightBasis(db)) === thresholdsKey(thresholds);
}

/** Works out the stored dates of the given tasks again, with the thresholds the others were worked out with. */
export async function refreshTaskLights(db: Kysely<Database>, taskIds: readonly number[]): Promise<void> {
  if (taskIds.length === 0) return;
  const basis = await storedLightBasis(db);
  // Not worked out yet: the next opening works out every task's (ensureTaskLights).
  if (basis === null) return;
  const thresholds = thresholdsOfKey(basis);
  for (const [i, slice] of slicesOf(taskIds, LIGHT_SLICE).entries()) {
    if (i > 0) await yieldToEventLoop();
    await writeLights(db, await timingsOf(db, slice), thresholds);
  }
}

/**
 * The stored light columns the given tasks will have once they take the given status and percent (a batch of progress
 * reports), worked out before the write so that the writer sets status, percent and light in one UPDATE; null while
 * the dates are not worked out at all (the next opening works out every task's, ensureTaskLights).
 */
export async function lightsAfter(
  db: Kysely<Database>,
  changes: ReadonlyMap<number, { status: TaskStatus; percent: number }>,
): Promise<Map<number, { light_base: string; light_yellow_from: string | null; light_red_from: string | null }> | null> {
  const basis = await storedLightBasis(db);
  if (basis === null) return null;
  const thresholds = thresholdsOfKey(basis);
  const lights = new Map<number, { light_base: string; light_yellow_from: string | null; light_red_from: string | null }>();
  for (const timing of await timingsOf(db, [...changes.keys()])) {
    const dates = memoLightDates({ ...timing, ...changes.get(timing.id)! }, thresholds, basis);
    lights.set(timing.id, { light_base: dates.base, light_yellow_from: dates.yellowFrom, light_red_from: dates.redFrom });
  }
  return lights;
}

/** Works out every task's stored dates for these thresholds, and records them as the basis. */
export async function refreshAllTaskLights(db: Kysely<Database>, thresholds: WarningThresholds): Promise<void> {
  let after = 0;
  for (;;) {
    // A slice's timings read by id order straight away (no separate read of its ids first).
    const timings = toTimings(await timingQuery(db).where('tasks.id', '>', after).orderBy('tasks.id').limit(LIGHT_SLICE).execute());
    if (timings.length === 0) break;
    await writeLights(db, timings, thresholds);
    after = timings.at(-1)!.id;
    await yieldToEventLoop();
  }
  await db.updateTable('task_light_basis').set({ thresholds: thresholdsKey(thresholds) }).where('id', '=', 1).execute();
}

/**
 * At opening: the stored dates hold for the thresholds in 设置, or are worked out again (once after the migration, or
 * after a restored backup whose dates were worked out for other thresholds). One small read when they hold.
 */
export async function ensureTaskLights(db: Kysely<Database>, thresholds: WarningThresholds): Promise<boolean> {
  if (await storedLightsHold(db, thresholds)) return false;
  await db.transaction().execute((trx) => refreshAllTaskLights(trx, thresholds));
  return true;
}

interface Timing {
  id: number;
  start: string;
  deadline: string;
  status: string;
  percent: number;
  assigned: boolean;
}

/** What the light is decided on: the tasks' dates (the plan's period when unset), status, percent, lead unit. */
function timingQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tasks')
    .innerJoin('plans as p', 'p.id', 'tasks.plan_id')
    .select(['tasks.id', 'tasks.start_date', 'tasks.deadline', 'tasks.status', 'tasks.percent', 'tasks.lead_unit_id', 'p.period_start', 'p.period_end']);
}

/** The given tasks' timings. */
async function timingsOf(db: Kysely<Database>, ids: readonly number[]): Promise<Timing[]> {
  return toTimings(await timingQuery(db).where('tasks.id', 'in', idList(ids)).execute());
}

function toTimings(rows: Awaited<ReturnType<ReturnType<typeof timingQuery>['execute']>>): Timing[] {
  return rows.map((row) => ({
    id: row.id,
    ...taskSpan({ startDate: row.start_date, deadline: row.deadline }, { periodStart: row.period_start, periodEnd: row.period_end }),
    status: row.status,
    percent: row.percent,
    assigned: row.lead_unit_id !== null,
  }));
}

async function writeLights(db: Kysely<Database>, timings: readonly Timing[], thresholds: WarningThresholds): Promise<void> {
  if (timings.length === 0) return;
  const basis = thresholdsKey(thresholds);
  const rows = timings.map((t) => {
    const dates = memoLightDates(t, thresholds, basis);
    return { id: t.id, light_base: dates.base, light_yellow_from: dates.yellowFrom, light_red_from: dates.redFrom };
  });
  // All rows as one bound JSON parameter (db/sql-forms.ts): one statement whatever the number of tasks.
  await db
    // The CTE's column list names the rows' columns on every engine (jsonRows' SQLite form leaves them unnamed).
    .with('fresh(id, light_base, light_yellow_from, light_red_from)', (qc) =>
      qc.selectFrom(sql<(typeof rows)[number]>`(${jsonRows(rows, ['id', 'light_base', 'light_yellow_from', 'light_red_from'], 'tasks')})`.as('r')).selectAll(),
    )
    .updateTable('tasks')
    .from('fresh')
    .set((eb) => ({ light_base: eb.ref('fresh.light_base'), light_yellow_from: eb.ref('fresh.light_yellow_from'), light_red_from: eb.ref('fresh.light_red_from') }))
    .whereRef('tasks.id', '=', 'fresh.id')
    .execute();
}

/**
 * The dates depend on the inputs alone, and tasks share them (a plan's period, a measure's deadline, a percent 0–100):
 * a batch of reports asks the same few thousand inputs again and again, and each answer takes a few dozen calls of
 * the rule (before the conditions were tried first, working them out was ~6 % of recording a million reports, bench/).
 */
const MEMO_LIMIT = 20_000;
let memo = new Map<string, ReturnType<typeof lightDates>>();

/** `basis`: thresholdsKey(thresholds), worked out once per batch rather than per task. */
function memoLightDates(t: Timing, thresholds: WarningThresholds, basis: string): ReturnType<typeof lightDates> {
  const key = `${basis}|${t.start}|${t.deadline}|${t.status}|${t.percent}|${t.assigned ? 1 : 0}`;
  let dates = memo.get(key);
  if (!dates) {
    dates = lightDates({ startDate: t.start, deadline: t.deadline, status: t.status as TaskStatus, percent: t.percent, assigned: t.assigned }, thresholds);
    // Bounded: started afresh when full rather than kept in order (the inputs of one batch fill it again at once).
    if (memo.size >= MEMO_LIMIT) memo = new Map();
    memo.set(key, dates);
  }
  return dates;
}

function thresholdsOfKey(key: string): WarningThresholds {
  const [yellowLag, redLag, dueSoonDays, notStartedMonths] = JSON.parse(key) as [number, number, number, number];
  return { yellowLag, redLag, dueSoonDays, notStartedMonths };
}
