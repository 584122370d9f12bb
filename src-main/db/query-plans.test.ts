import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../accounts/session-policy';
import { resolveSession } from '../accounts/sessions';
import { getDashboard } from '../dashboard/dashboard.service';
import { listProblems } from '../problems/problems.service';
import { previewTemplateImport, exportTemplate } from '../exchange/template.service';
import { recordReports, submitReport } from '../progress/progress.service';
import { planTallies } from '../dashboard/plan-tallies';
import { loadProgressLines } from '../reports/report-data';
import { closeRound, openRound, roundDetail } from '../rounds/rounds.service';
import { issueNotice, listNotices } from '../notices/notices.service';
import { assignTasks } from '../tasks/task-assign.service';
import { listTasks } from '../tasks/task-query';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import type { Database } from './database.types';

/**
 * The hot queries use their indexes. Each case runs a real service against a seeded database through a Kysely that
 * records the SQL it sends, then asks SQLite for the plan of every statement (EXPLAIN QUERY PLAN, with the same
 * parameters). The app never runs ANALYZE, so SQLite plans with its built-in estimates and the plans here are the
 * plans on a province-sized database (bench/ measures that one).
 *
 * A statement fails when it reads a whole large table (`SCAN tasks`, `SCAN progress_reports`…) where an index
 * exists to go straight to the rows; small tables (units, plans, chapters, rounds) may be scanned.
 */

const LARGE_TABLES = [
  'tasks',
  'progress_reports',
  'round_tasks',
  'round_snapshots',
  'round_unit_totals',
  'task_cooperators',
  'task_events',
  'milestones',
  'problems',
  'supervision_notices',
  'notice_tasks',
  'notice_steps',
  'attachments',
];

const TODAY = '2026-06-30';
const thresholds = DEFAULT_WARNING_THRESHOLDS;

let t: SeededDatabase;
let recorder: Kysely<Database>;
let recorded: CompiledQuery[] = [];
let planId: number;
let leadUnitId: number;
let cooperatingUnitId: number;
let roundId: number;

beforeAll(async () => {
  t = await createSeededDatabase();
  planId = t.planId;
  // A second Kysely over the same connection that logs every statement it runs (never destroyed: that would close
  // the connection the test database owns).
  recorder = new Kysely<Database>({
    dialect: new SqliteDialect({ database: t.sqlite }),
    log: (event) => {
      if (event.level === 'query') recorded.push(event.query);
    },
  });
  leadUnitId = await t.unitId('省商务厅');
  cooperatingUnitId = await t.unitId('大同市');
  const taskIds = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).orderBy('id').limit(40).execute()).map((r) => r.id);
  await assignTasks(t.db, t.office, { taskIds, leadUnitId, cooperatorUnitIds: [cooperatingUnitId], deadline: '2027-12-31' });
  // A closed round too: the dashboard reads its frozen totals.
  const earlier = (await openRound(t.db, t.office, { planId, name: '上年第四季度调度', periodStart: '2025-10-01', periodEnd: '2025-12-31', dueDate: '2026-01-10', unitIds: [leadUnitId] })).id;
  await closeRound(t.db, t.office, earlier, TODAY, thresholds);
  roundId = (await openRound(t.db, t.office, { planId, name: '第一季度调度', periodStart: '2026-01-01', periodEnd: '2026-03-31', dueDate: '2026-04-10', unitIds: [leadUnitId] })).id;
  const actor = await t.actorFor('省商务厅');
  for (const taskId of taskIds.slice(0, 10)) {
    await submitReport(t.db, t.files, actor, {
      taskId,
      status: '滞后',
      percent: 10,
      progress: '推进中',
      problems: '用地指标紧张',
      nextSteps: '',
      coordination: '',
      attachments: [{ name: '佐证.txt', contentBase64: Buffer.from('x').toString('base64') }],
    });
  }
  await issueNotice(t.db, t.office, { taskIds: taskIds.slice(0, 2), unitId: leadUnitId, level: '黄', reason: '滞后', requirement: '整改', replyDue: TODAY }, TODAY);
});

afterAll(async () => t.dispose());

interface PlannedStatement {
  sql: string;
  plan: string[];
}

/** Runs `action` through the recording Kysely and returns each statement it sent with SQLite's plan for it. */
async function plansOf(action: (db: Kysely<Database>) => Promise<unknown>): Promise<PlannedStatement[]> {
  recorded = [];
  await action(recorder);
  return recorded.map((query) => ({
    sql: query.sql,
    plan: (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[]).map((row) => row.detail),
  }));
}

/** `"supervision_notices" as "n"` → n: supervision_notices, so that a scan under an alias is caught too. */
function tablesByName(sql: string): Map<string, string> {
  const names = new Map(LARGE_TABLES.map((table) => [table, table]));
  for (const match of sql.matchAll(/"(\w+)" as "(\w+)"/gu)) if (LARGE_TABLES.includes(match[1]!)) names.set(match[2]!, match[1]!);
  return names;
}

/**
 * Tables holding a foreign key to `table`. An INSERT into a parent table lists a scan of each child table in its
 * plan, but SQLite runs that scan only while a deferred foreign-key violation is outstanding (never here: no key is
 * deferred). Measured on the bench database: an INSERT … RETURNING into progress_reports takes ~18 µs with 35,000
 * round_tasks rows, as it would without the scan.
 */
function childTablesOf(table: string): string[] {
  return LARGE_TABLES.filter((child) =>
    (t.sqlite.prepare(`PRAGMA foreign_key_list("${child}")`).all() as { table: string }[]).some((fk) => fk.table === table),
  );
}

/** Plan lines that read a whole large table: `SCAN tasks`, `SCAN n` (an alias), `SCAN problems USING COVERING INDEX …`. */
function fullScans(statements: PlannedStatement[]): string[] {
  return statements.flatMap((s) => {
    const names = tablesByName(s.sql);
    const inserted = /^insert into "(\w+)"/u.exec(s.sql)?.[1];
    const guarded = inserted ? childTablesOf(inserted) : [];
    return s.plan
      .filter((line) => {
        const scanned = names.get(/^SCAN (\w+)/u.exec(line)?.[1] ?? '');
        return scanned !== undefined && !guarded.includes(scanned);
      })
      .map((line) => `${line}  ←  ${s.sql.slice(0, 160)}`);
  });
}

const allLines = (statements: PlannedStatement[]) => statements.flatMap((s) => s.plan).join('\n');

describe('query plans of the hot queries', () => {
  it('task list of a plan: tasks by plan index, milestones by task', async () => {
    const statements = await plansOf((db) => listTasks(db, { planId }, TODAY, thresholds));
    expect(fullScans(statements)).toEqual([]);
    expect(allLines(statements)).toMatch(/SEARCH tasks USING INDEX tasks_by_plan_(code|measure) \(plan_id=\?/u);
    expect(allLines(statements)).toMatch(/milestones USING COVERING INDEX milestones_by_task/u);
  });

  it('我的任务: lead tasks by the lead-unit index, cooperating tasks by the cooperator index', async () => {
    const lead = await plansOf((db) => listTasks(db, { unitId: leadUnitId, unitRole: 'lead' }, TODAY, thresholds));
    expect(fullScans(lead)).toEqual([]);
    // In the plan's order as the index holds it (migration 0026): nothing sorted.
    expect(allLines(lead)).toMatch(/SEARCH tasks USING INDEX tasks_by_lead_place \(lead_unit_id=\? AND retired_at=\?\)/u);
    const cooperating = await plansOf((db) => listTasks(db, { unitId: cooperatingUnitId, unitRole: 'cooperating' }, TODAY, thresholds));
    expect(fullScans(cooperating)).toEqual([]);
    expect(allLines(cooperating)).toMatch(/task_cooperators USING COVERING INDEX task_cooperators_by_unit \(unit_id=\?\)/u);
    const either = await plansOf((db) => listTasks(db, { unitId: leadUnitId, unitRole: 'any' }, TODAY, thresholds));
    expect(fullScans(either)).toEqual([]);
  });

  it('full-text search goes through the trigram index', async () => {
    const statements = await plansOf((db) => listTasks(db, { planId, search: '清洁能源' }, TODAY, thresholds));
    expect(fullScans(statements)).toEqual([]);
    expect(allLines(statements)).toMatch(/task_fts VIRTUAL TABLE INDEX/u);
    // From the matches to their tasks by key, the plan only filtering them: never every task of the plan read to be
    // tested against the matches.
    const found = statements[0]!.plan.join('\n');
    expect(found).toMatch(/SEARCH tasks USING INTEGER PRIMARY KEY \(rowid=\?\)/u);
    expect(found).not.toMatch(/SEARCH tasks USING (COVERING )?INDEX/u);
  });

  it('a page of a list counts from the kept tallies by key and reads its ids from an index in order (migrations 0022, 0026)', async () => {
    const countOf = (statements: PlannedStatement[]) => statements.find((s) => s.sql.includes('sum(t.yellow_or_red)'))?.plan.join('\n') ?? '（没有计数语句）';
    const pageOf = (statements: PlannedStatement[]) => statements.find((s) => s.sql.startsWith('select "tasks"."id" from'))?.plan.join('\n') ?? '（没有取页语句）';
    const tasksCounted = (statements: PlannedStatement[]) => statements.filter((s) => s.sql.includes('"tasks"."light_base"')).map((s) => s.sql);
    // 任务分解 filtered by status, sorted by deadline: counted from the plan's tallies, the page read in the deadline
    // index's order (the status tested on each row read), nothing sorted.
    const filtered = await plansOf((db) =>
      listTasks(db, { planId, statuses: ['序时推进', '滞后'], sort: { field: 'deadline', order: 'desc' }, offset: 0, limit: 50 }, TODAY, thresholds),
    );
    expect(fullScans(filtered)).toEqual([]);
    expect(tasksCounted(filtered)).toEqual([]);
    expect(countOf(filtered)).toMatch(/^SEARCH t USING PRIMARY KEY \(plan_id=\?/u);
    expect(pageOf(filtered)).toMatch(/SEARCH tasks USING (COVERING )?INDEX tasks_by_plan_deadline \(plan_id=\? AND retired_at=\?\)/u);
    expect(pageOf(filtered)).not.toMatch(/TEMP B-TREE FOR ORDER BY/u);
    // A plan's whole list, first page: the same tallies.
    const whole = await plansOf((db) => listTasks(db, { planId, offset: 0, limit: 50 }, TODAY, thresholds));
    expect(tasksCounted(whole)).toEqual([]);
    expect(countOf(whole)).toMatch(/^SEARCH t USING PRIMARY KEY \(plan_id=\?/u);
    // 我的任务's lead tab: each plan's tallies of the unit by key, the page in the plan's order from tasks_by_lead_place.
    const lead = await plansOf((db) => listTasks(db, { unitId: leadUnitId, unitRole: 'lead', offset: 0, limit: 50 }, TODAY, thresholds));
    expect(fullScans(lead)).toEqual([]);
    expect(tasksCounted(lead)).toEqual([]);
    expect(countOf(lead)).toMatch(/^SEARCH t USING PRIMARY KEY \(plan_id=\? AND lead_unit_id=\?\)/u);
    expect(pageOf(lead)).toMatch(/SEARCH tasks USING (COVERING )?INDEX tasks_by_lead_place \(lead_unit_id=\? AND retired_at=\?\)/u);
    expect(pageOf(lead)).not.toMatch(/TEMP B-TREE FOR ORDER BY/u);
    // Its filter and order are the task's own columns: the ids without the joins to the plan's structure.
    expect(pageOf(lead)).not.toMatch(/SEARCH (m|s|c|p) USING/u);
    // Its cooperating tab: the kept cooperating tallies by key, the page from the unit's cooperating rows in order (0028).
    const cooperating = await plansOf((db) => listTasks(db, { unitId: cooperatingUnitId, unitRole: 'cooperating', offset: 0, limit: 50 }, TODAY, thresholds));
    expect(fullScans(cooperating)).toEqual([]);
    expect(tasksCounted(cooperating)).toEqual([]);
    expect(countOf(cooperating)).toMatch(/^SEARCH t USING PRIMARY KEY \(plan_id=\? AND unit_id=\?\)/u);
    const cooperatingPage = cooperating.find((s) => s.sql.startsWith('select "tc"."task_id" as "id" from'))?.plan.join('\n') ?? '（没有取页语句）';
    expect(cooperatingPage).toMatch(/^SEARCH tc USING COVERING INDEX task_cooperators_by_unit_place \(unit_id=\? AND task_retired_at=\?\)$/u);
  });

  it('round detail: the round rows by round, reports by primary key', async () => {
    const statements = await plansOf((db) => roundDetail(db, roundId, TODAY, thresholds));
    expect(fullScans(statements)).toEqual([]);
    expect(allLines(statements)).toMatch(/SEARCH round_tasks USING (COVERING )?INDEX \w+ \(round_id=\?/u);
  });

  it('a unit’s round detail (its 调度 on the shared server): its round rows by round and unit, its tasks by key, not the plan’s list', async () => {
    const statements = await plansOf((db) => roundDetail(db, roundId, TODAY, thresholds, leadUnitId));
    expect(fullScans(statements)).toEqual([]);
    expect(allLines(statements)).toMatch(/SEARCH round_tasks USING (COVERING )?INDEX \w+ \(round_id=\? AND unit_id=\?/u);
    expect(allLines(statements)).toMatch(/SEARCH tasks USING INTEGER PRIMARY KEY \(rowid=\?\)/u);
    expect(allLines(statements)).not.toMatch(/SEARCH tasks USING (COVERING )?INDEX \w+ \(plan_id=\?/u);
  });

  it('every call on the shared server: its session by the token’s hash and its account by key, in one read', async () => {
    const statements = await plansOf((db) => resolveSession({ db, now: () => new Date('2026-06-30T02:00:00Z'), policy: DEFAULT_POLICY }, 'token'));
    expect(statements).toHaveLength(1);
    expect(allLines(statements)).toMatch(/SEARCH sessions USING INDEX sqlite_autoindex_sessions_1 \(token_hash=\?\)/u);
    expect(allLines(statements)).toMatch(/SEARCH accounts USING INTEGER PRIMARY KEY \(rowid=\?\)/u);
    expect(allLines(statements)).not.toMatch(/SCAN (accounts|sessions)/u);
  });

  it('progress lines of a round (汇总表): round rows, reports and attachments by index', async () => {
    const statements = await plansOf((db) => loadProgressLines(db, { planId, roundId }, TODAY, thresholds));
    expect(fullScans(statements)).toEqual([]);
    const latest = await plansOf((db) => loadProgressLines(db, { planId }, TODAY, thresholds));
    expect(fullScans(latest)).toEqual([]);
    expect(allLines(latest)).toMatch(/progress_reports USING COVERING INDEX progress_reports_by_task/u);
  });

  it('notices of a unit by the unit index', async () => {
    const statements = await plansOf((db) => listNotices(db, { unitId: leadUnitId, openOnly: true }, TODAY));
    expect(fullScans(statements)).toEqual([]);
    expect(allLines(statements)).toMatch(/supervision_notices USING INDEX supervision_notices_by_unit \(unit_id=\?/u);
  });

  it('problems by state, the 重大问题清单 and a unit\'s problems by index', async () => {
    const byState = await plansOf((db) => listProblems(db, { planId, state: 'open' }));
    expect(fullScans(byState)).toEqual([]);
    expect(allLines(byState)).toMatch(/problems USING INDEX problems_by_state \(plan_id=\? AND state=\?\)/u);
    const major = await plansOf((db) => listProblems(db, { planId, majorOpenOnly: true }));
    expect(fullScans(major)).toEqual([]);
    const ofUnit = await plansOf((db) => listProblems(db, { unitId: leadUnitId }));
    expect(fullScans(ofUnit)).toEqual([]);
    expect(allLines(ofUnit)).toMatch(/problems USING INDEX problems_by_owner \(owner_unit_id=\?\)/u);
  });

  it('dashboard aggregates: no whole-table reads', async () => {
    // The first call of a day, which counts (a task list's page may have counted the day's tallies already).
    await t.db.deleteFrom('plan_tally_days').execute();
    const statements = await plansOf((db) => getDashboard(db, planId, TODAY, thresholds));
    expect(fullScans(statements)).toEqual([]);
    expect(allLines(statements)).toMatch(/SEARCH round_unit_totals USING (COVERING )?INDEX sqlite_autoindex_round_unit_totals_1 \(round_id=\?\)/u);
    // The open round's counts, late reports included, from the index alone (the report time kept on the row, 0008).
    expect(allLines(statements)).toMatch(/SEARCH round_tasks USING COVERING INDEX round_tasks_by_unit \(round_id=\?\)/u);
    expect(allLines(statements)).toMatch(/SEARCH n USING (COVERING )?INDEX supervision_notices_by_plan \(plan_id=\?/u);
  });

  it('dashboard tallies are counted from the plan\'s tasks by index once a day, then read by key (migrations 0022, 0025)', async () => {
    await t.db.deleteFrom('plan_tally_days').execute();
    const first = await plansOf((db) => getDashboard(db, planId, TODAY, thresholds));
    const planOf = (marker: string) => first.find((s) => s.sql.includes(marker))?.plan.join('\n') ?? `（没有含 ${marker} 的语句）`;
    // Once a day: the plan's live tasks found by index (the province's other plans never read), nothing scanned.
    expect(fullScans(first)).toEqual([]);
    for (const table of ['plan_lead_tallies', 'plan_chapter_tallies', 'plan_cooperator_tallies']) {
      expect(planOf(`insert into "${table}"`), table).toMatch(/SEARCH tasks USING (COVERING )?INDEX \w+ \(plan_id=\? AND retired_at=\?\)/u);
    }
    // The same day again: the kept tallies by their keys; no task, round row, problem or notice is read.
    const later = await plansOf((db) => getDashboard(db, planId, TODAY, thresholds));
    expect(later.filter((s) => /\b(tasks|task_cooperators|round_tasks|problems|supervision_notices)\b/u.test(s.plan.join('\n'))).map((s) => s.sql)).toEqual([]);
    for (const table of ['plan_chapter_tallies', 'plan_lead_tallies', 'plan_cooperator_tallies', 'plan_notice_tallies']) {
      expect(later.find((s) => s.sql.includes(`from "${table}"`))?.plan.join('\n'), table).toMatch(new RegExp(`SEARCH ${table} USING PRIMARY KEY \\(plan_id=\\?\\)`, 'u'));
    }
  });

  it('recording a report looks up its round and task by key', async () => {
    const actor = await t.actorFor('省商务厅');
    const taskId = (await t.db.selectFrom('round_tasks').select('task_id').where('round_id', '=', roundId).limit(1).executeTakeFirstOrThrow()).task_id;
    const statements = await plansOf((db) =>
      submitReport(db, t.files, actor, { taskId, status: '序时推进', percent: 20, progress: '推进中', problems: '', nextSteps: '', coordination: '', attachments: [] }),
    );
    expect(fullScans(statements)).toEqual([]);
  });

  it('a report’s round rows are found from the batch’s own id range, not from every report of every round', async () => {
    const actor = await t.actorFor('省商务厅');
    const taskId = (await t.db.selectFrom('round_tasks').select('task_id').where('round_id', '=', roundId).limit(1).executeTakeFirstOrThrow()).task_id;
    const statements = await plansOf((db) =>
      submitReport(db, t.files, actor, { taskId, status: '序时推进', percent: 30, progress: '推进中', problems: '', nextSteps: '', coordination: '', attachments: [] }),
    );
    const update = statements.find((s) => s.sql.startsWith('update "round_tasks"'))?.plan.join('\n') ?? '（没有更新 round_tasks 的语句）';
    expect(update).toMatch(/SEARCH pr USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/u);
    expect(update).not.toMatch(/progress_reports_by_round/u);
  });

  it('a template import compares each row with the task’s latest report and those since export, this file’s among them, by index (migrations 0021, 0024)', async () => {
    for (const scope of [{ roundId }, { roundId: null }]) {
      const exported = await exportTemplate(t.db, t.office, { planId, unitId: leadUnitId, ...scope });
      const statements = await plansOf((db) => previewTemplateImport(db, t.office, exported, TODAY));
      expect(fullScans(statements)).toEqual([]);
      const planOf = (marker: string) => statements.find((s) => s.sql.includes(marker))?.plan.join('\n') ?? `（没有含 ${marker} 的语句）`;
      // The latest report: one step down the task's index, whatever its history.
      expect(planOf('as "latest_report_id"')).toMatch(/SEARCH latest USING COVERING INDEX progress_reports_by_task \(task_id=\?\)/u);
      // The reports since export, this file's among them (migration 0024), by the task's index by time.
      expect(planOf('"created_at" > ?')).toMatch(/SEARCH progress_reports USING INDEX progress_reports_by_task_time \(task_id=\? AND created_at>\?\)/u);
    }
  });

  it('a batch of reports moves the kept tallies from its own tasks by key, not from every task of the plan through its index', async () => {
    await planTallies(t.db, planId, TODAY, thresholds);
    const taskIds = (await t.db.selectFrom('tasks').select('id').where('lead_unit_id', '=', leadUnitId).orderBy('id').limit(3).execute()).map((row) => row.id);
    const entries = taskIds.map((taskId) => ({ actor: t.office, input: { taskId, status: '滞后' as const, percent: 15, progress: '推进中', problems: '', nextSteps: '', coordination: '' } }));
    const statements = await plansOf((db) => db.transaction().execute((trx) => recordReports(trx, entries, { source: 'manual' })));
    const tallies = statements.filter((s) => /^insert into "plan_(chapter|lead|cooperator_status)_tallies"/u.test(s.sql));
    // Taken out before the tasks' update and put back after: three tables, twice.
    expect(tallies).toHaveLength(6);
    for (const s of tallies) expect(s.plan.join('\n'), s.sql).toMatch(/^SEARCH tasks USING INTEGER PRIMARY KEY \(rowid=\?\)$/mu);
    expect(fullScans(statements)).toEqual([]);
  });
});
