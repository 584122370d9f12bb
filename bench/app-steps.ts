import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { TaskListResult } from '../src-main/api/tasks.types';
import { createBackup } from '../src-main/backup/backup.service';
import { sqliteBackupWriter } from '../src-main/backup/backup-writer';
import { openAppContext } from '../src-main/core/app-context';
import { getDashboard } from '../src-main/dashboard/dashboard.service';
import { openAppDatabase, type AppDatabase } from '../src-main/db/connection';
import { applyTemplateImport, exportTemplate, previewTemplateImport } from '../src-main/exchange/template.service';
import { headerRole, TEMPLATE_SHEET } from '../src-main/exchange/template-format';
import { exportReport } from '../src-main/reports/report.service';
import { getWarningThresholds } from '../src-main/settings/settings.service';
import { listTasks, type TaskFilter } from '../src-main/tasks/task-query';
import type { Actor } from '../src-main/tasks/task-rules';
import { openBenchDatabase, readManifest } from './bench-db';
import { noteRunsBlock, startBlockMonitor, timeRuns, type StepOutcome } from './measure';

/** The app's side of each measured step: the same service calls the renderer's pages make. */

export const RUNS = { query: 7, file: 3 } as const;

/**
 * File steps at full scale take seconds a run: no warm-up run there (the first run's JIT cost is small against
 * it), and no new run once 45 s are spent. Small scales keep the warm-up.
 */
export const fileRunOptions = (dataDir: string) => {
  const big = readManifest(dataDir).scale >= 0.5;
  return { warmup: !big, budgetMs: 45_000 };
};

export const outputDir = (dataDir: string) => join(dataDir, 'out');

/** 我的任务 opens on the first page of 50 (src-renderer's TaskTable FIRST_PAGE). */
export const MY_TASKS_FIRST_PAGE = { offset: 0, limit: 50 } as const;
/** The search's page: the first 50 matches in the plan's order, as the task table shows them. */
export const SEARCH_FIRST_PAGE = { offset: 0, limit: 50 } as const;

/** 任务分解's filtered, sorted page: two statuses, sorted by deadline (latest first), second page of 50. */
export const taskPageFilter = (planId: number): TaskFilter => ({
  planId,
  statuses: ['序时推进', '滞后'],
  sort: { field: 'deadline', order: 'desc' },
  offset: 50,
  limit: 50,
});

/**
 * The first call of a day, before the timed ones, timed on its own: every plan's tallies were kept yesterday, so this
 * call moves them on to today by the tasks whose light turns in between (src-main/dashboard/plan-tallies.ts) — the
 * dashboard its plan's, 我的任务 every plan the unit has tasks in. Then the same call after the plans' tallies were
 * forgotten (as after a write the triggers cannot follow), which counts them afresh. The longest event-loop block of
 * both counts in the step's; the runs after them read the kept tallies, as every later call of the day does.
 */
async function firstOfDay(app: AppDatabase, today: string, call: () => Promise<unknown>): Promise<{ firstOfDayMs: number; recountMs: number }> {
  const timed = async () => {
    const t0 = performance.now();
    await call();
    return performance.now() - t0;
  };
  // One call first, untimed, as the window has made before the day turns: the two timed calls below then compare the
  // day's work alone, not a new process's first statements and connections.
  await call();
  const blocks = startBlockMonitor();
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await app.db.updateTable('plan_tally_days').set({ as_of: yesterday }).execute();
  const firstOfDayMs = await timed();
  await app.db.deleteFrom('plan_tally_days').execute();
  const recountMs = await timed();
  noteRunsBlock(blocks.stop().longestBlockMs);
  return { firstOfDayMs, recountMs };
}

const listDetail = (result: TaskListResult) => ({ total: result.total, rows: result.rows.length, ids: result.rows.map((r) => r.id) });

export const appSteps: Record<string, (dataDir: string) => Promise<StepOutcome>> = {
  async 'open-migrate'() {
    const dirs: string[] = [];
    const { runsMs } = await timeRuns(5, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'plan-desk-bench-open-'));
      dirs.push(dir);
      const app = await openAppDatabase(dir);
      await app.close();
    });
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    return { runsMs, detail: {} };
  },

  async 'open-large'(dataDir) {
    // What start-up does (core/app-context.ts): the folder lock, header check, pragmas, migration check, the shipped
    // data's check, with PRAGMA quick_check on a read-only connection in a worker meanwhile; timed until the first
    // call (the plan list) is answered. The check's own time — until it has answered too and the app could close — is
    // reported beside. The first (untimed) start also works out the tasks' light dates if the data predates them.
    const runsMs: number[] = [];
    const checkMs: number[] = [];
    let blocks: ReturnType<typeof startBlockMonitor> | null = null;
    // As many runs as a query step: a pause of ~5 ms falls into some starts and not others (3–4 ms or 8–10 ms to the
    // first answer, at either scale), and a median of three moved with the draw by 2×.
    for (let run = -1; run < RUNS.query; run++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (run === 0) blocks = startBlockMonitor();
      const t0 = performance.now();
      const context = await openAppContext({ dataDir, mode: 'browser', version: 'bench', logError: () => undefined });
      const answer = await context.dispatch('plan.list', {}, { kind: 'local', profile: { role: 'office', person: '基准测试' } });
      const answered = performance.now() - t0;
      if (!answer.ok || context.recovery) throw new Error(`打开大数据库后第一次调用失败：${JSON.stringify(answer)}`);
      await context.close();
      if (run >= 0) {
        runsMs.push(answered);
        checkMs.push(performance.now() - t0);
      }
    }
    noteRunsBlock(blocks!.stop().longestBlockMs);
    return { runsMs, detail: { untilCheckDoneMs: checkMs } };
  },

  async dashboard(dataDir) {
    const m = readManifest(dataDir);
    const app = openBenchDatabase(dataDir);
    const thresholds = await getWarningThresholds(app.db);
    const { firstOfDayMs, recountMs } = await firstOfDay(app, m.today, () => getDashboard(app.db, m.largePlanId, m.today, thresholds));
    const { runsMs, last } = await timeRuns(RUNS.query, () => getDashboard(app.db, m.largePlanId, m.today, thresholds));
    await app.close();
    return {
      runsMs,
      detail: {
        firstOfDayMs,
        recountMs,
        tasks: last.totals.tasks,
        byStatus: last.totals.byStatus,
        byLight: last.totals.byLight,
        units: last.byUnit.length,
        rounds: last.rounds.length,
        reported: last.rounds.reduce((s, r) => s + r.reported, 0),
      },
    };
  },

  async 'my-tasks'(dataDir) {
    const m = readManifest(dataDir);
    const app = openBenchDatabase(dataDir);
    const thresholds = await getWarningThresholds(app.db);
    // What MyTasksPage asks on opening: the 牵头任务 tab's first page with its counts, and the 配合任务 tab's count.
    const open = async () => ({
      lead: await listTasks(app.db, { unitId: m.largestUnitId, unitRole: 'lead', ...MY_TASKS_FIRST_PAGE }, m.today, thresholds),
      cooperating: await listTasks(app.db, { unitId: m.largestUnitId, unitRole: 'cooperating', offset: 0, limit: 1 }, m.today, thresholds),
    });
    const { firstOfDayMs, recountMs } = await firstOfDay(app, m.today, open);
    const { runsMs, last } = await timeRuns(RUNS.query, open);
    await app.close();
    return { runsMs, detail: { firstOfDayMs, recountMs, lead: last.lead.total, cooperating: last.cooperating.total, ids: last.lead.rows.map((r) => r.id) } };
  },

  async search(dataDir) {
    const m = readManifest(dataDir);
    const app = openBenchDatabase(dataDir);
    const thresholds = await getWarningThresholds(app.db);
    // What 任务分解's search box asks: the first page of the matches, with their count (TaskTable's FIRST_PAGE).
    const { runsMs, last } = await timeRuns(RUNS.query, () => listTasks(app.db, { planId: m.largePlanId, search: m.searchPhrase, ...SEARCH_FIRST_PAGE }, m.today, thresholds));
    await app.close();
    return { runsMs, detail: { total: last.total, ids: last.rows.map((r) => r.id) } };
  },

  async 'task-page'(dataDir) {
    const m = readManifest(dataDir);
    const app = openBenchDatabase(dataDir);
    const thresholds = await getWarningThresholds(app.db);
    const { runsMs, last } = await timeRuns(RUNS.query, () => listTasks(app.db, taskPageFilter(m.largePlanId), m.today, thresholds));
    await app.close();
    return { runsMs, detail: listDetail(last) };
  },

  async 'export-summary'(dataDir) {
    const m = readManifest(dataDir);
    const app = openBenchDatabase(dataDir);
    const thresholds = await getWarningThresholds(app.db);
    const { runsMs, last } = await timeRuns(
      RUNS.file,
      () => exportReport(app.db, { report: 'provinceSummary', planId: m.largePlanId, roundId: m.largeClosedRoundId }, { today: m.today, thresholds }),
      fileRunOptions(dataDir),
    );
    await app.close();
    const bytes = Buffer.from(last.contentBase64, 'base64');
    mkdirSync(outputDir(dataDir), { recursive: true });
    writeFileSync(join(outputDir(dataDir), 'summary.xlsx'), bytes);
    return { runsMs, detail: { fileName: last.fileName, bytes: bytes.length } };
  },

  async 'export-template'(dataDir) {
    const m = readManifest(dataDir);
    const app = openBenchDatabase(dataDir);
    const office = await officeActor(app.db, m.officeUnitId);
    const { runsMs, last } = await timeRuns(
      RUNS.file,
      () => exportTemplate(app.db, office, { planId: m.importPlanId, unitId: m.importUnitId, roundId: m.importRoundId }),
      fileRunOptions(dataDir),
    );
    await app.close();
    const bytes = Buffer.from(last.contentBase64, 'base64');
    mkdirSync(outputDir(dataDir), { recursive: true });
    writeFileSync(join(outputDir(dataDir), 'template.xlsx'), bytes);
    return { runsMs, detail: { fileName: last.fileName, bytes: bytes.length } };
  },

  /** 手动备份 of the large database on the app's connection (the start-up backup does the same), into a scratch folder. */
  async backup(dataDir) {
    const app = openBenchDatabase(dataDir);
    const dir = mkdtempSync(join(tmpdir(), 'plan-desk-bench-backup-'));
    try {
      // Each run's copy is kept until the runs are done: deleting a 1 GB file is the bench's cost, not the backup's.
      const { runsMs, last } = await timeRuns(2, () => createBackup(sqliteBackupWriter(app.sqlite), dir, 'manual'), fileRunOptions(dataDir));
      return { runsMs, detail: { bytes: last.sizeBytes } };
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },

  /**
   * Not measured (a process of its own, so that its memory is not the import's): the unit's template, exported once
   * and filled in once per run with new figures — the unit sending a corrected file again, under the same name — so
   * that every run records every row anew and none conflicts.
   */
  async 'import-prepare'(dataDir) {
    const m = readManifest(dataDir);
    const app = openBenchDatabase(dataDir);
    const office = await officeActor(app.db, m.officeUnitId);
    const exported = await exportTemplate(app.db, office, { planId: m.importPlanId, unitId: m.importUnitId, roundId: m.importRoundId });
    // The office has looked at the plan's 跟踪分析 today, as it does every day: the import keeps its tallies up to date
    // as it writes (migration 0022), and that upkeep is part of what is measured.
    await getDashboard(app.db, m.importPlanId, m.today, await getWarningThresholds(app.db));
    await app.close();
    const { warmup } = fileRunOptions(dataDir);
    const runs = Array.from({ length: RUNS.file + (warmup ? 1 : 0) }, (_, i) => i + (warmup ? -1 : 0));
    mkdirSync(outputDir(dataDir), { recursive: true });
    for (const run of runs) {
      writeFileSync(importFile(dataDir, run), await fillTemplate(Buffer.from(exported.contentBase64, 'base64'), run + 2));
    }
    writeFileSync(join(outputDir(dataDir), 'import-runs.json'), JSON.stringify({ fileName: exported.fileName, runs }));
    return { runsMs: [], detail: { fileName: exported.fileName, runs } };
  },

  async import(dataDir) {
    const m = readManifest(dataDir);
    const { fileName, runs } = JSON.parse(readFileSync(join(outputDir(dataDir), 'import-runs.json'), 'utf8')) as { fileName: string; runs: number[] };
    const { budgetMs } = fileRunOptions(dataDir);
    const app = openBenchDatabase(dataDir);
    const office = await officeActor(app.db, m.officeUnitId);
    const previewMs: number[] = [];
    const applyMs: number[] = [];
    const historyBefore: number[] = [];
    const runsMs: number[] = [];
    let recorded = 0;
    let rows = 0;
    const blocks = startBlockMonitor();
    for (const run of runs) {
      if (run > 0 && runsMs.reduce((a, b) => a + b, 0) >= budgetMs) break;
      // Each call its own turn of the loop, as the window's calls are (see timeRuns): without it the previous run's
      // commit, this count and the next preview would be measured as one block.
      await new Promise((resolve) => setImmediate(resolve));
      const input = { fileName, contentBase64: readFileSync(importFile(dataDir, run)).toString('base64') };
      const history = await app.db
        .selectFrom('progress_reports')
        .innerJoin('tasks', 'tasks.id', 'progress_reports.task_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tasks.plan_id', '=', m.importPlanId)
        .executeTakeFirstOrThrow();
      await new Promise((resolve) => setImmediate(resolve));
      // Timed: what the office's import does — validate and preview, then apply in one transaction.
      const t0 = performance.now();
      const preview = await previewTemplateImport(app.db, office, input);
      await new Promise((resolve) => setImmediate(resolve));
      const t1 = performance.now();
      const result = await applyTemplateImport(app.db, office, { ...input, overrideConflicts: [] });
      const t2 = performance.now();
      if (run >= 0) {
        previewMs.push(t1 - t0);
        applyMs.push(t2 - t1);
        runsMs.push(t2 - t0);
        historyBefore.push(Number(history.n));
      }
      recorded = result.recorded;
      rows = preview.rows.length;
      process.stderr.write(`  import run ${run + 1}: preview ${(t1 - t0).toFixed(0)} ms, apply ${(t2 - t1).toFixed(0)} ms, ${result.recorded} recorded\n`);
    }
    noteRunsBlock(blocks.stop().longestBlockMs);
    await app.close();
    return { runsMs, detail: { rows, recorded, previewMs, applyMs, historyBefore } };
  },
};

/** The filled template a run imports (run -1 is the warm-up). */
export const importFile = (dataDir: string, run: number) => join(outputDir(dataDir), `filled-template-${run + 1}.xlsx`);

async function officeActor(db: Awaited<ReturnType<typeof openBenchDatabase>>['db'], officeUnitId: number): Promise<Actor> {
  const unit = await db.selectFrom('units').select('name').where('id', '=', officeUnitId).executeTakeFirstOrThrow();
  return { role: 'office', unitId: officeUnitId, label: `${unit.name}（基准测试）` };
}

/** Fills every task row of a template as a unit would: status, percent and the four texts. */
async function fillTemplate(bytes: Buffer, round: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(TEMPLATE_SHEET);
  if (!sheet) throw new Error(`模板中没有工作表“${TEMPLATE_SHEET}”`);
  const columns = new Map<string, number>();
  let headerRow = 0;
  for (let r = 1; r <= 10 && headerRow === 0; r++) {
    sheet.getRow(r).eachCell((cell, col) => {
      const role = headerRole(String(cell.value ?? ''));
      if (role) columns.set(role, col);
    });
    if (columns.has('key')) headerRow = r;
    else columns.clear();
  }
  const col = (role: string) => columns.get(role)!;
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.getCell(col('key')).value) continue;
    const percent = Math.min(99, 10 + round * 7 + (r % 20));
    row.getCell(col('status')).value = percent % 9 === 0 ? '滞后' : '序时推进';
    row.getCell(col('percent')).value = percent;
    row.getCell(col('progress')).value = `第${round}次填报：完成项目前期手续办理，召开专题推进会议，累计完成投资${r % 50}亿元，总体完成${percent}%。`;
    row.getCell(col('problems')).value = r % 40 === 0 ? '用地指标紧张，影响项目落地。' : '';
    row.getCell(col('nextSteps')).value = '加快推进项目建设进度，持续跟踪协调解决用地问题。';
    row.getCell(col('coordination')).value = '';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
