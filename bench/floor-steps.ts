import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { bundledMigrations } from '../src-main/db/migrator';
import { DEFAULT_WARNING_THRESHOLDS } from '../src-main/rules/task-warning';
import { fileRunOptions, importFile, MY_TASKS_FIRST_PAGE, outputDir, RUNS, SEARCH_FIRST_PAGE, taskPageFilter } from './app-steps';
import { databaseFile, readManifest } from './bench-db';
import { timeRuns, type StepOutcome } from './measure';
import { tablesInForeignKeyOrder } from './row-counts';

/**
 * The bare floor of each step on the same data, in the same run: hand-written SQL through prepared better-sqlite3
 * statements (no query builder, no row mapping, no warning lights in JavaScript), exceljs's streaming writer without
 * styles, its streaming reader. Each returns what it found so the orchestrator can check it matches the app.
 */

function applyAppPragmas(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

const openRaw = (dataDir: string) => {
  const sqlite = new BetterSqlite3(databaseFile(dataDir));
  applyAppPragmas(sqlite);
  return sqlite;
};

/** The columns listTasks selects, with the same joins and milestone counts. */
export const TASK_COLUMNS = `t.id, t.plan_id, t.code, t.text, t.start_date, t.deadline, t.status, t.percent, t.last_report_at, t.retired_at,
  t.lead_unit_id, lead.name AS lead_name, lead.retired_at AS lead_retired_at, c.title AS chapter_title, c.heading AS chapter_heading,
  c.region, s.title AS section_title, s.heading AS section_heading, m.title AS measure_title, p.period_start, p.period_end,
  (SELECT count(*) FROM milestones WHERE milestones.task_id = t.id) AS milestone_count,
  (SELECT count(*) FROM milestones WHERE milestones.task_id = t.id AND milestones.done_at IS NOT NULL) AS milestones_done`;
export const TASK_FROM = `FROM tasks t JOIN measures m ON m.id = t.measure_id JOIN sections s ON s.id = m.section_id
  JOIN chapters c ON c.id = s.chapter_id JOIN plans p ON p.id = t.plan_id LEFT JOIN units lead ON lead.id = t.lead_unit_id`;
/** The plan's order as kept on each task (migration 0026), which the task lists' indexes hold: the same order. */
export const PLACE_ORDER = 't.chapter_seq, t.section_seq, t.measure_seq, t.seq, t.id';
const COOPERATORS = `SELECT tc.task_id, u.id, u.name, u.retired_at FROM task_cooperators tc JOIN units u ON u.id = tc.unit_id
  WHERE tc.task_id IN (SELECT value FROM json_each(?)) ORDER BY u.seq`;

/**
 * A page's ids in order, the full columns then read for those rows only: sorting every match with its text, titles
 * and milestone counts (worked out for each match before the sort) costs more than the page, and the app does not.
 */
const pageIds = (where: string, order: string) => `SELECT t.id FROM tasks t JOIN measures m ON m.id = t.measure_id JOIN sections s ON s.id = m.section_id
  JOIN chapters c ON c.id = s.chapter_id JOIN plans p ON p.id = t.plan_id ${where} ORDER BY ${order} LIMIT ? OFFSET ?`;

/** 序时进度 and the light in SQL, as task-warning.ts computes them (dates at midnight: julianday differences are exact). */
const LIGHTS = `
  base AS (
    SELECT t.id, t.status, t.percent, t.lead_unit_id, s.chapter_id, c.region,
      coalesce(t.start_date, p.period_start || '-01-01') AS sd, coalesce(t.deadline, p.period_end || '-12-31') AS dl
    FROM tasks t JOIN measures m ON m.id = t.measure_id JOIN sections s ON s.id = m.section_id
      JOIN chapters c ON c.id = s.chapter_id JOIN plans p ON p.id = t.plan_id
    WHERE t.plan_id = :plan AND t.retired_at IS NULL),
  sched AS (
    SELECT *, CASE WHEN julianday(dl) <= julianday(sd) THEN (CASE WHEN julianday(:today) >= julianday(dl) THEN 100 ELSE 0 END)
        ELSE CAST(round(min(1.0, max(0.0, (julianday(:today) - julianday(sd)) / (julianday(dl) - julianday(sd)))) * 100) AS INTEGER) END AS sp,
      CAST(julianday(dl) - julianday(:today) AS INTEGER) AS days_left
    FROM base),
  lit AS (
    SELECT *, CASE WHEN status = '已完成' THEN 'green' WHEN status = '暂缓' THEN 'grey'
        WHEN days_left < 0 OR max(0, sp - percent) > :red OR (status = '未启动' AND :today >= date(sd, '+' || :months || ' months')) THEN 'red'
        WHEN max(0, sp - percent) >= :yellow OR days_left <= :soon THEN 'yellow' ELSE 'green' END AS light
    FROM sched)`;

export const floorSteps: Record<string, (dataDir: string) => Promise<StepOutcome>> = {
  async 'open-migrate'() {
    const migrations = bundledMigrations();
    const dirs: string[] = [];
    const { runsMs } = await timeRuns(5, () => {
      const dir = mkdtempSync(join(tmpdir(), 'plan-desk-bench-open-'));
      dirs.push(dir);
      const sqlite = new BetterSqlite3(join(dir, 'floor.sqlite3'));
      applyAppPragmas(sqlite);
      sqlite.transaction(() => {
        for (const migration of migrations) sqlite.exec(migration.sql);
      })();
      sqlite.close();
    });
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    return { runsMs, detail: {} };
  },

  async 'open-large'(dataDir) {
    const { runsMs } = await timeRuns(RUNS.query, () => {
      const sqlite = openRaw(dataDir);
      sqlite.prepare('SELECT count(*) FROM plans').get();
      sqlite.close();
    });
    return { runsMs, detail: {} };
  },

  /** The same rows as the generated database, inserted with prepared statements in one transaction. */
  async generate(dataDir) {
    const source = new BetterSqlite3(databaseFile(dataDir), { readonly: true });
    const dir = mkdtempSync(join(tmpdir(), 'plan-desk-bench-floor-'));
    const target = new BetterSqlite3(join(dir, 'floor.sqlite3'));
    applyAppPragmas(target);
    target.transaction(() => {
      for (const migration of bundledMigrations()) target.exec(migration.sql);
    })();
    const tables = tablesInForeignKeyOrder(source);
    const counts: Record<string, number> = {};
    const t0 = performance.now();
    target.transaction(() => {
      // Rows the migrations seed (the stored lights' basis row) are copied with the rest, not added to.
      for (const table of [...tables].reverse()) target.prepare(`DELETE FROM "${table}"`).run();
      for (const table of tables) {
        const columns = (source.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
        // OR REPLACE: a row a trigger has already written while earlier tables were copied (a plan's plan_task_counts
        // row, migration 0027) takes the generated database's values instead of failing on its key.
        const insert = target.prepare(`INSERT OR REPLACE INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        let n = 0;
        // A WITHOUT ROWID table has no rowid to order by; it is stored in its primary key's order already.
        const withoutRowid = source.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').pluck().get(table) === 1;
        for (const row of source.prepare(`SELECT * FROM "${table}"${withoutRowid ? '' : ' ORDER BY rowid'}`).raw().iterate() as IterableIterator<unknown[]>) {
          insert.run(row);
          n++;
        }
        counts[table] = n;
      }
    })();
    const ms = performance.now() - t0;
    source.close();
    target.close();
    rmSync(dir, { recursive: true, force: true });
    return { runsMs: [ms], detail: { rowCounts: counts, rows: Object.values(counts).reduce((a, b) => a + b, 0) } };
  },

  async dashboard(dataDir) {
    const m = readManifest(dataDir);
    const sqlite = openRaw(dataDir);
    const t = DEFAULT_WARNING_THRESHOLDS;
    const params = { plan: m.largePlanId, today: m.today, red: t.redLag, yellow: t.yellowLag, soon: t.dueSoonDays, months: t.notStartedMonths };
    // Lights from each task's stored light dates (migration 0018), as the app counts them: the bare form of its two
    // tallies, by chapter and by lead unit and status.
    const tallies = `count(*) AS n, sum(t.status = '已完成') AS done, sum(t.light_red_from <= :today) AS red,
      sum(t.light_yellow_from <= :today) AS yellow_or_red, sum(t.light_base = 'grey') AS grey, sum(t.light_base = 'none') AS none, sum(t.percent) AS pct`;
    const byChapter = sqlite.prepare(`SELECT s.chapter_id, ${tallies} FROM tasks t JOIN measures m ON m.id = t.measure_id JOIN sections s ON s.id = m.section_id
      WHERE t.plan_id = :plan AND t.retired_at IS NULL GROUP BY s.chapter_id`);
    const byLead = sqlite.prepare(`SELECT t.lead_unit_id, t.status, ${tallies} FROM tasks t WHERE t.plan_id = :plan AND t.retired_at IS NULL GROUP BY t.lead_unit_id, t.status`);
    // Untimed: the lights worked out from each task's dates by the rule written in SQL here, independently of the
    // app's stored dates — the counts compared with the app's (report.ts) are these.
    const byRule = sqlite.prepare(`WITH ${LIGHTS} SELECT status, light, count(*) AS n FROM lit GROUP BY status, light`);
    const byCooperator = sqlite.prepare(`SELECT tc.unit_id, count(*) AS n FROM task_cooperators tc JOIN tasks t ON t.id = tc.task_id
      WHERE t.plan_id = ? AND t.retired_at IS NULL GROUP BY tc.unit_id`);
    const chapters = sqlite.prepare('SELECT id, seq, heading, title, region FROM chapters WHERE plan_id = ? AND has_tasks = 1 ORDER BY seq');
    const units = sqlite.prepare('SELECT id, name, seq FROM units ORDER BY seq');
    const rounds = sqlite.prepare('SELECT id, name, state, due_date FROM rounds WHERE plan_id = ? ORDER BY due_date, id');
    // Closed rounds' totals as frozen when they closed (migration 0007), as the app reads them.
    const frozen = sqlite.prepare(`SELECT t.round_id, t.unit_id, t.expected, t.reported, t.late
      FROM round_unit_totals t JOIN rounds r ON r.id = t.round_id WHERE r.plan_id = ? AND r.state = 'closed'`);
    // The counted report's time as kept on the round's row (migration 0008), as the app reads it.
    const live = sqlite.prepare(`SELECT rt.round_id, rt.unit_id, count(*) AS expected, count(rt.report_id) AS reported,
        coalesce(sum(substr(rt.reported_at, 1, 10) > r.due_date), 0) AS late
      FROM round_tasks rt JOIN rounds r ON r.id = rt.round_id
      WHERE r.plan_id = ? AND r.state != 'closed' GROUP BY rt.round_id, rt.unit_id`);
    const notices = sqlite.prepare(`SELECT n.level, count(*) AS open, coalesce(sum(? > n.reply_due AND NOT EXISTS (SELECT 1 FROM notice_steps s
        WHERE s.notice_id = n.id AND s.action = '反馈' AND substr(s.created_at, 1, 10) <= n.reply_due)), 0) AS overdue
      FROM supervision_notices n WHERE n.plan_id = ? AND n.state != 'closed' GROUP BY n.level`);
    const problems = sqlite.prepare(`SELECT count(*) AS open, coalesce(sum(is_major), 0) AS major
      FROM problems WHERE plan_id = ? AND state IN ('open', 'in_progress')`);
    const projects = sqlite.prepare(`SELECT stage, count(*) AS n, sum(planned_investment) AS planned, sum(completed_investment) AS completed
      FROM projects WHERE plan_id = ? GROUP BY stage`);
    const indicators = sqlite.prepare(`SELECT i.*, v.year, v.value FROM indicators i LEFT JOIN indicator_values v ON v.indicator_id = i.id
      WHERE i.plan_id = ? ORDER BY i.seq, v.year`);
    const { runsMs, last } = await timeRuns(RUNS.query, () => {
      byChapter.all({ plan: params.plan, today: params.today });
      const leads = byLead.all({ plan: params.plan, today: params.today }) as { n: number }[];
      byCooperator.all(m.largePlanId);
      chapters.all(m.largePlanId);
      units.all();
      const roundRows = rounds.all(m.largePlanId) as { id: number }[];
      const perUnit = [...(frozen.all(m.largePlanId) as { reported: number }[]), ...(live.all(m.largePlanId) as { reported: number }[])];
      notices.all(m.today, m.largePlanId);
      problems.get(m.largePlanId);
      projects.all(m.largePlanId);
      indicators.all(m.largePlanId);
      return { tasks: leads.reduce((s, g) => s + g.n, 0), rounds: roundRows.length, reported: perUnit.reduce((s, u) => s + Number(u.reported), 0) };
    });
    const byStatus: Record<string, number> = {};
    const byLight: Record<string, number> = {};
    for (const g of byRule.all(params) as { status: string; light: string; n: number }[]) {
      byStatus[g.status] = (byStatus[g.status] ?? 0) + g.n;
      byLight[g.light] = (byLight[g.light] ?? 0) + g.n;
    }
    sqlite.close();
    return { runsMs, detail: { ...last, byStatus, byLight } };
  },

  async 'my-tasks'(dataDir) {
    const m = readManifest(dataDir);
    const sqlite = openRaw(dataDir);
    const leadPage = sqlite.prepare(`SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE t.id IN (${pageIds('WHERE t.retired_at IS NULL AND t.lead_unit_id = ?', PLACE_ORDER)})
      ORDER BY ${PLACE_ORDER}`);
    const leadCounts = sqlite.prepare(`SELECT t.status, count(*) AS n FROM tasks t WHERE t.retired_at IS NULL AND t.lead_unit_id = ? GROUP BY t.status`);
    const coopCounts = sqlite.prepare(`SELECT t.status, count(*) AS n FROM tasks t
      WHERE t.retired_at IS NULL AND t.id IN (SELECT task_id FROM task_cooperators WHERE unit_id = ?) GROUP BY t.status`);
    const cooperators = sqlite.prepare(COOPERATORS);
    const sum = (rows: unknown[]) => (rows as { n: number }[]).reduce((s, r) => s + r.n, 0);
    const { runsMs, last } = await timeRuns(RUNS.query, () => {
      const page = leadPage.all(m.largestUnitId, MY_TASKS_FIRST_PAGE.limit, MY_TASKS_FIRST_PAGE.offset) as { id: number }[];
      cooperators.all(JSON.stringify(page.map((r) => r.id)));
      return { lead: sum(leadCounts.all(m.largestUnitId)), cooperating: sum(coopCounts.all(m.largestUnitId)), ids: page.map((r) => r.id) };
    });
    sqlite.close();
    return { runsMs, detail: last };
  },

  async search(dataDir) {
    const m = readManifest(dataDir);
    const sqlite = openRaw(dataDir);
    // `+t.plan_id`: from the matches to their tasks by key, the plan only filtering them, as the app does (sql-forms.ts).
    const matching = 'WHERE t.retired_at IS NULL AND +t.plan_id = ? AND t.id IN (SELECT rowid FROM task_fts WHERE task_fts MATCH ?)';
    const page = sqlite.prepare(`SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE t.id IN (${pageIds(matching, PLACE_ORDER)}) ORDER BY ${PLACE_ORDER}`);
    const count = sqlite.prepare(`SELECT count(*) AS n FROM tasks t ${matching}`);
    const cooperators = sqlite.prepare(COOPERATORS);
    const phrase = `"${m.searchPhrase.replace(/"/gu, '""')}"`;
    const { runsMs, last } = await timeRuns(RUNS.query, () => {
      const rows = page.all(m.largePlanId, phrase, SEARCH_FIRST_PAGE.limit, SEARCH_FIRST_PAGE.offset) as { id: number }[];
      cooperators.all(JSON.stringify(rows.map((r) => r.id)));
      return { total: (count.get(m.largePlanId, phrase) as { n: number }).n, ids: rows.map((r) => r.id) };
    });
    sqlite.close();
    return { runsMs, detail: last };
  },


  async 'task-page'(dataDir) {
    const m = readManifest(dataDir);
    const filter = taskPageFilter(m.largePlanId);
    const sqlite = openRaw(dataDir);
    const where = `WHERE t.retired_at IS NULL AND t.plan_id = ? AND t.status IN (SELECT value FROM json_each(?))`;
    // Latest deadline first; ties in the plan's order, as the app's stable sort leaves them. The effective deadline
    // (coalesce(t.deadline, p.period_end || '-12-31')) and the plan's order as kept on the task (migration 0026).
    const order = `t.effective_deadline DESC, ${PLACE_ORDER}`;
    const page = sqlite.prepare(`SELECT ${TASK_COLUMNS} ${TASK_FROM} WHERE t.id IN (${pageIds(where, order)}) ORDER BY ${order}`);
    const counts = sqlite.prepare(`SELECT t.status, count(*) AS n FROM tasks t ${where} GROUP BY t.status`);
    const cooperators = sqlite.prepare(COOPERATORS);
    const statuses = JSON.stringify(filter.statuses);
    const { runsMs, last } = await timeRuns(RUNS.query, () => {
      const rows = page.all(m.largePlanId, statuses, filter.limit, filter.offset) as { id: number }[];
      cooperators.all(JSON.stringify(rows.map((r) => r.id)));
      const total = (counts.all(m.largePlanId, statuses) as { n: number }[]).reduce((s, r) => s + r.n, 0);
      return { total, rows: rows.length, ids: rows.map((r) => r.id) };
    });
    sqlite.close();
    return { runsMs, detail: last };
  },

  'export-summary': (dataDir) => streamingWrite(join(outputDir(dataDir), 'summary.xlsx'), dataDir),
  'export-template': (dataDir) => streamingWrite(join(outputDir(dataDir), 'template.xlsx'), dataDir),

  async import(dataDir) {
    const { runs } = JSON.parse(readFileSync(join(outputDir(dataDir), 'import-runs.json'), 'utf8')) as { runs: number[] };
    const file = importFile(dataDir, runs.at(-1)!);
    const { runsMs, last } = await timeRuns(RUNS.file, () => readStreaming(file), fileRunOptions(dataDir));
    return { runsMs, detail: { sheets: last.sheets } };
  },

  /** SQLite's backup API in one step: every page copied at once, holding the thread throughout. */
  async backup(dataDir) {
    const sqlite = openRaw(dataDir);
    const dir = mkdtempSync(join(tmpdir(), 'plan-desk-bench-backup-'));
    try {
      const { runsMs } = await timeRuns(
        2,
        async (run) => {
          await sqlite.backup(join(dir, `floor-${run}.sqlite3`), { progress: () => 0x7fffffff });
        },
        fileRunOptions(dataDir),
      );
      return { runsMs, detail: {} };
    } finally {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Every row of every sheet through exceljs's streaming reader: rows per sheet and each row's values. */
async function readStreaming(file: string): Promise<{ sheets: Record<string, number>; rows: Record<string, unknown[][]> }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  const sheets: Record<string, number> = {};
  const rows: Record<string, unknown[][]> = {};
  for await (const sheet of reader) {
    const name = (sheet as unknown as { name: string }).name;
    const list: unknown[][] = [];
    for await (const row of sheet) list.push((row.values as unknown[]).slice(1));
    sheets[name] = list.length;
    rows[name] = list;
  }
  return { sheets, rows };
}

/**
 * The same cells as the app's file (read back from it with the streaming reader, untimed), written by exceljs's
 * streaming writer without styles, merges, validation or page setup: the least any xlsx export of this content costs.
 */
async function streamingWrite(appFile: string, dataDir: string): Promise<StepOutcome> {
  const { sheets: appSheets, rows: byName } = await readStreaming(appFile);
  const sheets = Object.entries(byName).map(([name, rows]) => ({
    name,
    rows: rows.map((values) => values.map((v) => (v && typeof v === 'object' && 'richText' in v ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('') : v))),
  }));
  const { runsMs, last } = await timeRuns(
    RUNS.file,
    async () => {
      // Into memory, as the app's export returns bytes rather than writing a file.
      const sink = new PassThrough();
      let bytes = 0;
      sink.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
      const written: Record<string, number> = {};
      for (const { name, rows } of sheets) {
        const sheet = writer.addWorksheet(name);
        for (const values of rows) sheet.addRow(values).commit();
        sheet.commit();
        written[name] = rows.length;
      }
      await writer.commit();
      return { bytes, sheets: written };
    },
    fileRunOptions(dataDir),
  );
  return { runsMs, detail: { ...last, appSheets } };
}
