import { sql, type Kysely } from 'kysely';
import { AppError } from '../api/errors';
import { PROJECT_STAGES, type ProjectStage } from '../api/projects.types';
import { type CompletionGroup, type Dashboard, type DashboardRound, type DashboardRoundUnit, type DashboardUnit } from '../api/dashboard.types';
import { TASK_STATUSES, WARNING_LIGHTS, type TaskStatus, type WarningLight, type WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { listIndicatorStatus } from '../indicators/indicator.service';
import { planTallies, type PlanTallies, type TaskTally } from './plan-tallies';
import { roundUnitStatus } from '../rules/round-status';

/**
 * 跟踪分析: everything the dashboard shows, in one call and a fixed number of set-wise queries: the plan's tasks
 * tallied in SQL by chapter and by lead unit and status (a few hundred groups, not 10,000 rows; lights from the stored
 * light dates), then one grouped query each for cooperating units, chapters, rounds, notices, problems and projects.
 */
export async function getDashboard(db: Kysely<Database>, planId: number, today: string, thresholds: WarningThresholds): Promise<Dashboard> {
  const plan = await db.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', `找不到编号为 ${planId} 的规划，请刷新后重试。`);

  const units = await db.selectFrom('units').select(['id', 'name', 'seq']).orderBy('seq').execute();
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  const counts = await planTallies(db, planId, today, thresholds);
  const [planChapters, rounds, indicators, projects] = await Promise.all([
    // Every chapter, for its region; those with tasks are listed.
    db.selectFrom('chapters').select(['id', 'seq', 'heading', 'title', 'region', 'has_tasks']).where('plan_id', '=', planId).orderBy('seq').execute(),
    roundTrend(db, planId, today, unitNames, counts.openRounds),
    listIndicatorStatus(db, planId, thresholds),
    db
      .selectFrom('projects')
      .select(['stage', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('planned_investment').as('planned'), (eb) => eb.fn.sum<number>('completed_investment').as('completed')])
      .where('plan_id', '=', planId)
      .groupBy('stage')
      .execute(),
  ]);
  const chapters = planChapters.filter((c) => c.has_tasks === 1);
  const regionOf = new Map(planChapters.map((c) => [c.id, c.region]));
  const ofChapter = bucket(counts.byChapter, (g) => g.chapterId);
  const ofRegion = bucket(counts.byChapter, (g) => regionOf.get(g.chapterId) ?? null);
  const byChapter = chapters.map((chapter) => ({
    chapterId: chapter.id,
    label: `${chapter.heading} ${chapter.title}`,
    region: chapter.region,
    ...completion(ofChapter.get(chapter.id) ?? []),
  }));
  const regions = [...new Set(chapters.map((c) => c.region).filter((r): r is string => r !== null))];
  const byRegion = regions.map((region) => ({ region, ...completion(ofRegion.get(region) ?? []) }));

  const perUnit = new Map<number, DashboardUnit>();
  const unitEntry = (id: number): DashboardUnit => {
    let entry = perUnit.get(id);
    if (!entry) {
      entry = { unitId: id, unitName: unitNames.get(id) ?? String(id), lead: 0, cooperating: 0, leadDone: 0, leadRed: 0, leadYellow: 0 };
      perUnit.set(id, entry);
    }
    return entry;
  };
  for (const g of counts.byLead) {
    if (g.leadUnitId === null) continue;
    Object.assign(unitEntry(g.leadUnitId), { lead: g.count, leadDone: g.done, leadRed: g.red, leadYellow: g.yellow });
  }
  for (const row of counts.cooperating) unitEntry(row.unitId).cooperating = row.count;
  const unitOrder = new Map(units.map((u) => [u.id, u.seq]));
  const byUnit = [...perUnit.values()].sort((a, b) => (unitOrder.get(a.unitId) ?? 0) - (unitOrder.get(b.unitId) ?? 0));

  const byStage = Object.fromEntries(PROJECT_STAGES.map((stage) => [stage, 0])) as Record<ProjectStage, number>;
  for (const row of projects) byStage[row.stage as ProjectStage] = Number(row.n);

  return {
    planId,
    today,
    totals: {
      tasks: sumOf(counts.byStatus),
      byStatus: Object.fromEntries(TASK_STATUSES.map((status) => [status, sumOf(counts.byStatus.filter((g) => g.status === status))])) as Record<TaskStatus, number>,
      byLight: Object.fromEntries(WARNING_LIGHTS.map((light) => [light, counts.byStatus.reduce((sum, g) => sum + g[light], 0)])) as Record<WarningLight, number>,
      unassigned: sumOf(counts.byLead.filter((g) => g.leadUnitId === null)),
    },
    byChapter,
    byRegion,
    byUnit,
    rounds: rounds.trend,
    latestRound: rounds.latest && {
      ...rounds.latest,
      units: [...rounds.latest.units].sort((a, b) => (unitOrder.get(a.unitId) ?? 0) - (unitOrder.get(b.unitId) ?? 0)),
    },
    indicators: indicators.map((i) => ({
      id: i.id,
      name: i.name,
      unit: i.unit,
      achievement: i.achievement,
      expectedAchievement: i.expectedAchievement,
      light: i.light,
      latest: i.latest,
      targetValue: i.targetValue,
    })),
    notices: noticeCounts(counts.notices),
    problems: counts.problems,
    projects: {
      total: projects.reduce((s, p) => s + Number(p.n), 0),
      byStage,
      plannedInvestment: round2(projects.reduce((s, p) => s + Number(p.planned ?? 0), 0)),
      completedInvestment: round2(projects.reduce((s, p) => s + Number(p.completed ?? 0), 0)),
    },
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Items by key, in one pass. */
function bucket<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

const sumOf = (groups: TaskTally[]) => groups.reduce((sum, g) => sum + g.count, 0);

function completion(groups: TaskTally[]): CompletionGroup {
  const counts = { green: 0, yellow: 0, red: 0, grey: 0 };
  let done = 0;
  let percentSum = 0;
  for (const g of groups) {
    // 未分配 tasks carry no light; the dashboard counts them as unassigned instead.
    counts.green += g.green;
    counts.yellow += g.yellow;
    counts.red += g.red;
    counts.grey += g.grey;
    done += g.done;
    percentSum += g.percentSum;
  }
  const total = sumOf(groups);
  return {
    total,
    done,
    ...counts,
    completionRate: total ? round1((done / total) * 100) : 0,
    averagePercent: total ? round1(percentSum / total) : 0,
  };
}

/**
 * Per round: tasks owed, reported, reported late, and units with something missing. Closed rounds are summed in SQL
 * from the totals frozen when they closed (one row per round); open ones from their tallies per unit
 * (plan-tallies.ts); the latest round's units are listed.
 */
async function roundTrend(
  db: Kysely<Database>,
  planId: number,
  today: string,
  unitNames: Map<number, string>,
  openRounds: PlanTallies['openRounds'],
): Promise<{ trend: DashboardRound[]; latest: Dashboard['latestRound'] }> {
  const rounds = await db.selectFrom('rounds').select(['id', 'name', 'state', 'due_date']).where('plan_id', '=', planId).orderBy('due_date').orderBy('id').execute();
  if (rounds.length === 0) return { trend: [], latest: null };
  const closedIds = rounds.filter((r) => r.state === 'closed').map((r) => r.id);
  const frozen =
    closedIds.length === 0
      ? []
      : await db
          .selectFrom('round_unit_totals')
          .select([
            'round_id',
            sql<number>`sum(expected)`.as('expected'),
            sql<number>`sum(reported)`.as('reported'),
            sql<number>`sum(late)`.as('late'),
            sql<number>`sum(CASE WHEN reported < expected THEN 1 ELSE 0 END)`.as('missing'),
          ])
          .where('round_id', 'in', closedIds)
          .groupBy('round_id')
          .execute();
  const frozenOf = new Map(frozen.map((row) => [row.round_id, row]));
  const openOf = bucket(openRounds, (row) => row.roundId);
  const sum = (rows: PlanTallies['openRounds'], key: 'expected' | 'reported' | 'late') => rows.reduce((s, row) => s + row[key], 0);
  const trend: DashboardRound[] = rounds.map((round) => {
    const closed = frozenOf.get(round.id);
    const units = openOf.get(round.id) ?? [];
    const expected = closed ? Number(closed.expected) : sum(units, 'expected');
    const reported = closed ? Number(closed.reported) : sum(units, 'reported');
    return {
      roundId: round.id,
      name: round.name,
      state: round.state === 'closed' ? 'closed' : 'open',
      dueDate: round.due_date,
      expected,
      reported,
      late: closed ? Number(closed.late) : sum(units, 'late'),
      reportedShare: expected ? round1((reported / expected) * 100) : 0,
      unitsMissing: closed ? Number(closed.missing) : units.filter((u) => u.reported < u.expected).length,
    };
  });
  const latest = trend.filter((r) => r.state === 'open').at(-1) ?? trend.at(-1)!;
  const latestRows =
    latest.state === 'closed'
      ? // The unit's name as frozen with the round.
        await db.selectFrom('round_unit_totals').select(['round_id', 'unit_id', 'unit_name', 'expected', 'reported', 'late']).where('round_id', '=', latest.roundId).execute()
      : (openOf.get(latest.roundId) ?? []).map((row) => ({ ...row, unit_id: row.unitId, unit_name: unitNames.get(row.unitId) ?? String(row.unitId) }));
  const latestUnits = latestRows.map((row): DashboardRoundUnit => {
    const expected = Number(row.expected);
    const reported = Number(row.reported);
    // The round's own page's rule (round-status.ts).
    const status = roundUnitStatus(reported, expected, latest, today);
    return { unitId: row.unit_id, unitName: row.unit_name, expected, reported, status };
  });
  return { trend, latest: { ...latest, units: latestUnits } };
}

/** Open 督办 notices by level, and those of them overdue by the one rule (the notice list's 逾期). */
function noticeCounts(tallies: PlanTallies['notices']): Dashboard['notices'] {
  const byLevel = { 蓝: 0, 黄: 0, 红: 0 };
  for (const row of tallies) byLevel[row.level as keyof typeof byLevel] = row.open;
  return {
    open: tallies.reduce((s, r) => s + r.open, 0),
    overdue: tallies.reduce((s, r) => s + r.overdue, 0),
    byLevel,
  };
}
