import type pg from 'pg';
import { createPostgresPool } from '../src-main/db/postgres-dialect';
import { DEFAULT_WARNING_THRESHOLDS } from '../src-main/rules/task-warning';
import { MY_TASKS_FIRST_PAGE, RUNS, SEARCH_FIRST_PAGE, taskPageFilter } from './app-steps';
import { benchPostgresUrl, readManifest } from './bench-db';
import { floorSteps, PLACE_ORDER, TASK_COLUMNS, TASK_FROM } from './floor-steps';
import { timeRuns, type StepOutcome } from './measure';

/**
 * The bare floor of each step on PostgreSQL (`--engine postgres`): the SQLite floors' hand-written SQL in PostgreSQL's
 * spelling, sent as named prepared statements (planned once, as better-sqlite3 prepares) one after another on one
 * connection, without a query builder, row mapping or lights in JavaScript. Each returns what it found, compared with
 * the app's answer as on SQLite (report.ts). The exports' and the import's floors read and write files only: the
 * SQLite run's (floor-steps.ts), on the files the app's steps wrote from PostgreSQL.
 */

const COOPERATORS = `SELECT tc.task_id, u.id, u.name, u.retired_at FROM task_cooperators tc JOIN units u ON u.id = tc.unit_id
  WHERE tc.task_id = ANY($1::bigint[]) ORDER BY u.seq`;

/** The lights by the rule written in SQL (task-warning.ts): date differences in days, Math.round as floor(x + 0.5). */
const LIGHTS = `
  base AS (
    SELECT t.status, t.percent,
      coalesce(t.start_date, p.period_start || '-01-01')::date AS sd, coalesce(t.deadline, p.period_end || '-12-31')::date AS dl
    FROM tasks t JOIN plans p ON p.id = t.plan_id
    WHERE t.plan_id = $1 AND t.retired_at IS NULL),
  sched AS (
    SELECT *, CASE WHEN dl <= sd THEN (CASE WHEN $2::date >= dl THEN 100 ELSE 0 END)
        ELSE floor(least(1.0, greatest(0.0, ($2::date - sd)::float8 / (dl - sd))) * 100 + 0.5)::int END AS sp,
      dl - $2::date AS days_left
    FROM base),
  lit AS (
    SELECT *, CASE WHEN status = '已完成' THEN 'green' WHEN status = '暂缓' THEN 'grey'
        WHEN days_left < 0 OR greatest(0, sp - percent) > $3 OR (status = '未启动' AND $2::date >= (sd + make_interval(months => $6::int))::date) THEN 'red'
        WHEN greatest(0, sp - percent) >= $4 OR days_left <= $5 THEN 'yellow' ELSE 'green' END AS light
    FROM sched)`;

/** One connection of the app's pool set-up (its type parsers: counts as numbers), for the whole step. */
async function connect(): Promise<{ client: pg.PoolClient; close(): Promise<void> }> {
  const url = benchPostgresUrl();
  if (!url) throw new Error('PostgreSQL 的基准测试步骤需要 BENCH_POSTGRES_DATABASE_URL（由 --engine postgres 设置）');
  const pool = createPostgresPool(url, { max: 1 });
  const client = await pool.connect();
  return {
    client,
    close: async () => {
      client.release();
      await pool.end();
    },
  };
}

/** A named (prepared once per connection) statement's rows. */
const rowsOf = async <T>(client: pg.PoolClient, name: string, text: string, values: unknown[]): Promise<T[]> =>
  (await client.query<T & pg.QueryResultRow>({ name, text, values })).rows;

const sum = (rows: { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);

export const postgresFloorSteps: Record<string, (dataDir: string) => Promise<StepOutcome>> = {
  async dashboard(dataDir) {
    const m = readManifest(dataDir);
    const t = DEFAULT_WARNING_THRESHOLDS;
    const { client, close } = await connect();
    const tallies = `count(*) AS n, count(*) FILTER (WHERE t.status = '已完成') AS done, count(*) FILTER (WHERE t.light_red_from <= $2) AS red,
      count(*) FILTER (WHERE t.light_yellow_from <= $2) AS yellow_or_red, count(*) FILTER (WHERE t.light_base = 'grey') AS grey,
      count(*) FILTER (WHERE t.light_base = 'none') AS unlit, sum(t.percent) AS pct`;
    const q = {
      byChapter: `SELECT s.chapter_id, ${tallies} FROM tasks t JOIN measures m ON m.id = t.measure_id JOIN sections s ON s.id = m.section_id
        WHERE t.plan_id = $1 AND t.retired_at IS NULL GROUP BY s.chapter_id`,
      byLead: `SELECT t.lead_unit_id, t.status, ${tallies} FROM tasks t WHERE t.plan_id = $1 AND t.retired_at IS NULL GROUP BY t.lead_unit_id, t.status`,
      byCooperator: `SELECT tc.unit_id, count(*) AS n FROM task_cooperators tc JOIN tasks t ON t.id = tc.task_id
        WHERE t.plan_id = $1 AND t.retired_at IS NULL GROUP BY tc.unit_id`,
      chapters: 'SELECT id, seq, heading, title, region FROM chapters WHERE plan_id = $1 AND has_tasks = 1 ORDER BY seq',
      units: 'SELECT id, name, seq FROM units ORDER BY seq',
      rounds: 'SELECT id, name, state, due_date FROM rounds WHERE plan_id = $1 ORDER BY due_date, id',
      frozen: `SELECT t.round_id, t.unit_id, t.expected, t.reported, t.late
        FROM round_unit_totals t JOIN rounds r ON r.id = t.round_id WHERE r.plan_id = $1 AND r.state = 'closed'`,
      live: `SELECT rt.round_id, rt.unit_id, count(*) AS expected, count(rt.report_id) AS reported,
          count(*) FILTER (WHERE substr(rt.reported_at, 1, 10) > r.due_date) AS late
        FROM round_tasks rt JOIN rounds r ON r.id = rt.round_id
        WHERE r.plan_id = $1 AND r.state != 'closed' GROUP BY rt.round_id, rt.unit_id`,
      notices: `SELECT n.level, count(*) AS open, count(*) FILTER (WHERE $1 > n.reply_due AND NOT EXISTS (SELECT 1 FROM notice_steps s
          WHERE s.notice_id = n.id AND s.action = '反馈' AND substr(s.created_at, 1, 10) <= n.reply_due)) AS overdue
        FROM supervision_notices n WHERE n.plan_id = $2 AND n.state != 'closed' GROUP BY n.level`,
      problems: `SELECT count(*) AS open, coalesce(sum(is_major), 0) AS major FROM problems WHERE plan_id = $1 AND state IN ('open', 'in_progress')`,
      projects: `SELECT stage, count(*) AS n, sum(planned_investment) AS planned, sum(completed_investment) AS completed
        FROM projects WHERE plan_id = $1 GROUP BY stage`,
      indicators: `SELECT i.*, v.year, v.value FROM indicators i LEFT JOIN indicator_values v ON v.indicator_id = i.id
        WHERE i.plan_id = $1 ORDER BY i.seq, v.year`,
    };
    const plan = m.largePlanId;
    const { runsMs, last } = await timeRuns(RUNS.query, async () => {
      await rowsOf(client, 'dash-chapter', q.byChapter, [plan, m.today]);
      const leads = await rowsOf<{ n: number }>(client, 'dash-lead', q.byLead, [plan, m.today]);
      await rowsOf(client, 'dash-coop', q.byCooperator, [plan]);
      await rowsOf(client, 'dash-chapters', q.chapters, [plan]);
      await rowsOf(client, 'dash-units', q.units, []);
      const roundRows = await rowsOf(client, 'dash-rounds', q.rounds, [plan]);
      const perUnit = [...(await rowsOf<{ reported: number }>(client, 'dash-frozen', q.frozen, [plan])), ...(await rowsOf<{ reported: number }>(client, 'dash-live', q.live, [plan]))];
      await rowsOf(client, 'dash-notices', q.notices, [m.today, plan]);
      await rowsOf(client, 'dash-problems', q.problems, [plan]);
      await rowsOf(client, 'dash-projects', q.projects, [plan]);
      await rowsOf(client, 'dash-indicators', q.indicators, [plan]);
      return { tasks: sum(leads), rounds: roundRows.length, reported: perUnit.reduce((s, u) => s + Number(u.reported), 0) };
    });
    // Untimed: the lights by the rule in SQL, independently of the stored light dates; these counts are compared.
    const byStatus: Record<string, number> = {};
    const byLight: Record<string, number> = {};
    const lit = await rowsOf<{ status: string; light: string; n: number }>(client, 'dash-rule', `WITH ${LIGHTS} SELECT status, light, count(*) AS n FROM lit GROUP BY status, light`, [
      plan,
      m.today,
      t.redLag,
      t.yellowLag,
      t.dueSoonDays,
      t.notStartedMonths,
    ]);
    for (const g of lit) {
      byStatus[g.status] = (byStatus[g.status] ?? 0) + g.n;
      byLight[g.light] = (byLight[g.light] ?? 0) + g.n;
    }
    await close();
    return { runsMs, detail: { ...last, byStatus, byLight } };
  },

  async 'my-tasks'(dataDir) {
    const m = readManifest(dataDir);
    const { client, close } = await connect();
    const leadPage = `SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE t.retired_at IS NULL AND t.lead_unit_id = $1 ORDER BY ${PLACE_ORDER} LIMIT $2 OFFSET $3`;
    const leadCounts = 'SELECT t.status, count(*) AS n FROM tasks t WHERE t.retired_at IS NULL AND t.lead_unit_id = $1 GROUP BY t.status';
    const coopCounts = `SELECT t.status, count(*) AS n FROM tasks t
      WHERE t.retired_at IS NULL AND t.id IN (SELECT task_id FROM task_cooperators WHERE unit_id = $1) GROUP BY t.status`;
    const { runsMs, last } = await timeRuns(RUNS.query, async () => {
      const page = await rowsOf<{ id: number }>(client, 'my-page', leadPage, [m.largestUnitId, MY_TASKS_FIRST_PAGE.limit, MY_TASKS_FIRST_PAGE.offset]);
      await rowsOf(client, 'cooperators', COOPERATORS, [page.map((r) => r.id)]);
      const lead = sum(await rowsOf<{ n: number }>(client, 'my-lead', leadCounts, [m.largestUnitId]));
      const cooperating = sum(await rowsOf<{ n: number }>(client, 'my-coop', coopCounts, [m.largestUnitId]));
      return { lead, cooperating, ids: page.map((r) => r.id) };
    });
    await close();
    return { runsMs, detail: last };
  },

  async search(dataDir) {
    const m = readManifest(dataDir);
    const { client, close } = await connect();
    // The app's form on PostgreSQL (db/sql-forms.ts): ILIKE over the task's text and its measure's title (pg_trgm's
    // indexes); the first page of the matches and their count, as 任务分解's search box asks.
    const matching = `FROM tasks t JOIN measures m ON m.id = t.measure_id
      WHERE t.retired_at IS NULL AND t.plan_id = $1 AND (t.text ILIKE $2 ESCAPE '\\' OR m.title ILIKE $2 ESCAPE '\\')`;
    const page = `SELECT ${TASK_COLUMNS} ${TASK_FROM}
      WHERE t.retired_at IS NULL AND t.plan_id = $1 AND (t.text ILIKE $2 ESCAPE '\\' OR m.title ILIKE $2 ESCAPE '\\') ORDER BY ${PLACE_ORDER} LIMIT $3 OFFSET $4`;
    const pattern = `%${m.searchPhrase.replace(/[\\%_]/gu, (ch) => `\\${ch}`)}%`;
    const { runsMs, last } = await timeRuns(RUNS.query, async () => {
      const rows = await rowsOf<{ id: number }>(client, 'search', page, [m.largePlanId, pattern, SEARCH_FIRST_PAGE.limit, SEARCH_FIRST_PAGE.offset]);
      await rowsOf(client, 'cooperators', COOPERATORS, [rows.map((r) => r.id)]);
      const total = sum(await rowsOf<{ n: number }>(client, 'search-count', `SELECT count(*) AS n ${matching}`, [m.largePlanId, pattern]));
      return { total, ids: rows.map((r) => r.id) };
    });
    await close();
    return { runsMs, detail: last };
  },

  async 'task-page'(dataDir) {
    const m = readManifest(dataDir);
    const filter = taskPageFilter(m.largePlanId);
    const { client, close } = await connect();
    const where = 'WHERE t.retired_at IS NULL AND t.plan_id = $1 AND t.status = ANY($2::text[])';
    // Latest deadline first; ties in the plan's order, as the app's stable sort leaves them: the effective deadline
    // (coalesce(t.deadline, p.period_end || '-12-31')) and the plan's order as kept on the task (migration 0026).
    const page = `SELECT ${TASK_COLUMNS} ${TASK_FROM} ${where}
      ORDER BY t.effective_deadline DESC, ${PLACE_ORDER} LIMIT $3 OFFSET $4`;
    const counts = `SELECT t.status, count(*) AS n FROM tasks t ${where} GROUP BY t.status`;
    const { runsMs, last } = await timeRuns(RUNS.query, async () => {
      const rows = await rowsOf<{ id: number }>(client, 'page', page, [m.largePlanId, filter.statuses, filter.limit, filter.offset]);
      await rowsOf(client, 'cooperators', COOPERATORS, [rows.map((r) => r.id)]);
      const total = sum(await rowsOf<{ n: number }>(client, 'page-counts', counts, [m.largePlanId, filter.statuses]));
      return { total, rows: rows.length, ids: rows.map((r) => r.id) };
    });
    await close();
    return { runsMs, detail: last };
  },

  'export-summary': floorSteps['export-summary']!,
  'export-template': floorSteps['export-template']!,
  import: floorSteps.import!,
};
