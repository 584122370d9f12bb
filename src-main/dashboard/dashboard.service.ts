import { sql, type Kysely } from 'kysely';
import { AppError } from '../api/errors';
import {
  PROJECT_STAGES,
  type CompletionGroup,
  type Dashboard,
  type DashboardRound,
  type DashboardRoundUnit,
  type DashboardUnit,
  type ProjectStage,
} from '../api/supervision-b.types';
import type { TaskRow, WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { listIndicatorStatus } from '../indicators/indicator.service';
import { listTasks } from '../tasks/task-query';

/**
 * 跟踪分析: everything the dashboard shows, in one call and a fixed number of set-wise queries (tasks with their
 * lights from listTasks, then one grouped query each for chapters, rounds, notices, problems and projects).
 */
export async function getDashboard(db: Kysely<Database>, planId: number, today: string, thresholds: WarningThresholds): Promise<Dashboard> {
  const plan = await db.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', `找不到编号为 ${planId} 的规划，请刷新后重试。`);

  const [tasks, chapters, units, rounds, indicators, notices, problems, projects] = await Promise.all([
    listTasks(db, { planId }, today, thresholds),
    db.selectFrom('chapters').select(['id', 'seq', 'heading', 'title', 'region']).where('plan_id', '=', planId).where('has_tasks', '=', 1).orderBy('seq').execute(),
    db.selectFrom('units').select(['id', 'name', 'seq']).orderBy('seq').execute(),
    roundTrend(db, planId, today),
    listIndicatorStatus(db, planId, thresholds),
    noticeCounts(db, planId, today),
    db
      .selectFrom('problems')
      .select([
        sql<number>`coalesce(sum(state != 'solved'), 0)`.as('open'),
        sql<number>`coalesce(sum(state != 'solved' AND is_major = 1), 0)`.as('openMajor'),
      ])
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('projects')
      .select(['stage', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('planned_investment').as('planned'), (eb) => eb.fn.sum<number>('completed_investment').as('completed')])
      .where('plan_id', '=', planId)
      .groupBy('stage')
      .execute(),
  ]);
  const rows = tasks.rows;

  // listTasks names the chapter as "第三章 标题"; the chapter id is needed so a click can filter by it.
  const byChapter = chapters.map((chapter) => {
    const label = `${chapter.heading} ${chapter.title}`;
    return { chapterId: chapter.id, label, region: chapter.region, ...group(rows.filter((row) => row.chapterTitle === label)) };
  });
  const regions = [...new Set(chapters.map((c) => c.region).filter((r): r is string => r !== null))];
  const byRegion = regions.map((region) => ({ region, ...group(rows.filter((row) => row.region === region)) }));

  const perUnit = new Map<number, DashboardUnit>();
  const unitEntry = (id: number): DashboardUnit => {
    let entry = perUnit.get(id);
    if (!entry) {
      entry = { unitId: id, unitName: units.find((u) => u.id === id)?.name ?? String(id), lead: 0, cooperating: 0, leadDone: 0, leadRed: 0, leadYellow: 0 };
      perUnit.set(id, entry);
    }
    return entry;
  };
  for (const row of rows) {
    if (row.leadUnit) {
      const entry = unitEntry(row.leadUnit.id);
      entry.lead += 1;
      if (row.status === '已完成') entry.leadDone += 1;
      if (row.light === 'red') entry.leadRed += 1;
      if (row.light === 'yellow') entry.leadYellow += 1;
    }
    for (const cooperator of row.cooperators) unitEntry(cooperator.id).cooperating += 1;
  }
  const unitOrder = new Map(units.map((u) => [u.id, u.seq]));
  const byUnit = [...perUnit.values()].sort((a, b) => (unitOrder.get(a.unitId) ?? 0) - (unitOrder.get(b.unitId) ?? 0));

  const byStage = Object.fromEntries(PROJECT_STAGES.map((stage) => [stage, 0])) as Record<ProjectStage, number>;
  for (const row of projects) byStage[row.stage as ProjectStage] = Number(row.n);

  return {
    planId,
    today,
    totals: { tasks: tasks.total, byStatus: tasks.byStatus, byLight: tasks.byLight, unassigned: rows.filter((row) => row.leadUnit === null).length },
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
    notices,
    problems: { open: Number(problems.open), openMajor: Number(problems.openMajor) },
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

function group(rows: TaskRow[]): CompletionGroup {
  const counts = { green: 0, yellow: 0, red: 0, grey: 0 };
  let done = 0;
  let percentSum = 0;
  for (const row of rows) {
    counts[row.light] += 1;
    if (row.status === '已完成') done += 1;
    percentSum += row.percent;
  }
  const total = rows.length;
  return {
    total,
    done,
    ...counts,
    completionRate: total ? round1((done / total) * 100) : 0,
    averagePercent: total ? round1(percentSum / total) : 0,
  };
}

/**
 * Per round: tasks owed, reported, reported late, and units with something missing. Closed rounds are read from
 * their frozen rows, open ones from the live round rows; two grouped queries in all.
 */
async function roundTrend(db: Kysely<Database>, planId: number, today: string): Promise<{ trend: DashboardRound[]; latest: Dashboard['latestRound'] }> {
  const rounds = await db.selectFrom('rounds').select(['id', 'name', 'state', 'due_date']).where('plan_id', '=', planId).orderBy('due_date').orderBy('id').execute();
  if (rounds.length === 0) return { trend: [], latest: null };
  const [frozen, live] = await Promise.all([
    db
      .selectFrom('round_snapshots')
      .innerJoin('rounds', 'rounds.id', 'round_snapshots.round_id')
      .select([
        'round_snapshots.round_id',
        'round_snapshots.unit_id',
        // The unit's name as frozen with the round.
        sql<string>`max(round_snapshots.unit_name)`.as('unit_name'),
        (eb) => eb.fn.countAll<number>().as('expected'),
        sql<number>`sum(round_snapshots.reported)`.as('reported'),
        sql<number>`sum(round_snapshots.reported_late)`.as('late'),
      ])
      .where('rounds.plan_id', '=', planId)
      .where('rounds.state', '=', 'closed')
      .groupBy(['round_snapshots.round_id', 'round_snapshots.unit_id'])
      .execute(),
    db
      .selectFrom('round_tasks')
      .innerJoin('rounds', 'rounds.id', 'round_tasks.round_id')
      .leftJoin('progress_reports', 'progress_reports.id', 'round_tasks.report_id')
      .innerJoin('units', 'units.id', 'round_tasks.unit_id')
      .select([
        'round_tasks.round_id',
        'round_tasks.unit_id',
        sql<string>`max(units.name)`.as('unit_name'),
        (eb) => eb.fn.countAll<number>().as('expected'),
        sql<number>`count(progress_reports.id)`.as('reported'),
        sql<number>`coalesce(sum(substr(progress_reports.created_at, 1, 10) > rounds.due_date), 0)`.as('late'),
      ])
      .where('rounds.plan_id', '=', planId)
      .where('rounds.state', '!=', 'closed')
      .groupBy(['round_tasks.round_id', 'round_tasks.unit_id'])
      .execute(),
  ]);
  const perUnit = [...frozen, ...live];
  const trend: DashboardRound[] = rounds.map((round) => {
    const units = perUnit.filter((row) => row.round_id === round.id);
    const expected = units.reduce((s, u) => s + Number(u.expected), 0);
    const reported = units.reduce((s, u) => s + Number(u.reported), 0);
    return {
      roundId: round.id,
      name: round.name,
      state: round.state === 'closed' ? 'closed' : 'open',
      dueDate: round.due_date,
      expected,
      reported,
      late: units.reduce((s, u) => s + Number(u.late), 0),
      reportedShare: expected ? round1((reported / expected) * 100) : 0,
      unitsMissing: units.filter((u) => Number(u.reported) < Number(u.expected)).length,
    };
  });
  const latest = trend.filter((r) => r.state === 'open').at(-1) ?? trend.at(-1)!;
  const latestUnits = perUnit
    .filter((row) => row.round_id === latest.roundId)
    .map((row): DashboardRoundUnit => {
      const expected = Number(row.expected);
      const reported = Number(row.reported);
      // Same words as the round's own page: missing after the due date, or in a closed round, is 逾期.
      const status = reported >= expected ? '已报' : latest.state === 'closed' || today > latest.dueDate ? '逾期' : '未报';
      return { unitId: row.unit_id, unitName: row.unit_name, expected, reported, status };
    });
  return { trend, latest: { ...latest, units: latestUnits } };
}

/**
 * Open 督办 notices, and those overdue: past the reply date with no 反馈 on or before it (the same rule the
 * assessment deducts for). One grouped query.
 */
async function noticeCounts(db: Kysely<Database>, planId: number, today: string): Promise<Dashboard['notices']> {
  const rows = await db
    .selectFrom('supervision_notices as n')
    .select([
      'n.level',
      (eb) => eb.fn.countAll<number>().as('open'),
      sql<number>`coalesce(sum(${today} > n.reply_due AND NOT EXISTS (
        SELECT 1 FROM notice_steps s WHERE s.notice_id = n.id AND s.action = '反馈' AND substr(s.created_at, 1, 10) <= n.reply_due)), 0)`.as('overdue'),
    ])
    .where('n.plan_id', '=', planId)
    .where('n.state', '!=', 'closed')
    .groupBy('n.level')
    .execute();
  const byLevel = { 蓝: 0, 黄: 0, 红: 0 };
  for (const row of rows) byLevel[row.level as keyof typeof byLevel] = Number(row.open);
  return {
    open: rows.reduce((s, r) => s + Number(r.open), 0),
    overdue: rows.reduce((s, r) => s + Number(r.overdue), 0),
    byLevel,
  };
}
