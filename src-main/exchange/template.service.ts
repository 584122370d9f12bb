import { createHash } from 'node:crypto';
import { type Kysely, type Transaction } from 'kysely';
import { AppError } from '../api/errors';
import type { ExportedFile } from '../api/reports.types';
import type { FieldChange, PreviewRow, PreviewRowAction, TemplateImportPreview, TemplateImportResult } from '../api/templates.types';
import type { TaskStatus } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { recordReports, type KnownReportFacts, type StoredReportContent } from '../progress/progress.service';
import { workbookFileName } from '../reports/file-names';
import { chinaDateOf } from '../rules/report-date';
import { loadPlanHeader, loadRound, loadUnitName } from '../reports/report-data';
import { runExport } from '../reports/export-runner';
import { decodeBase64Strict } from '../files/upload-content';
import { workbookBytes } from '../reports/sheet-layout';
import { changeMark } from '../db/change-mark';
import { idList } from '../db/sql-forms';
import { withCheckpointAfter } from '../db/wal-checkpoint';
import { SLICE_ROWS, slicesOf, yieldToEventLoop } from '../db/slices';
import { cooperatorsOf, inPlanOrder } from '../tasks/task-query';
import { cooperationKey, type Actor } from '../tasks/task-rules';
import { buildTemplate, type TemplateTask } from './template.builder';
import { FILLED_ON_LABEL, TEMPLATE_FORMAT, TEMPLATE_SHEET, type TemplateMeta } from './template-format';
import { describeError, parseTemplate, type ParsedTemplate, type TemplateError, type TemplateValues } from './template.parser';
import { readXlsx } from './xlsx-reader';

/**
 * 填报模板, the round trip with units off the network: the office (or a unit in its own copy of the app) exports
 * a unit's template for a round; the filled file comes back and is validated in full, previewed task by task, and
 * then recorded in ONE transaction through the same report rules as a report typed into the app
 * (progress.service), each report marked with the file, unit and round it came from. Re-importing a file changes
 * nothing.
 */

type Db = Kysely<Database> | Transaction<Database>;

export interface TemplateScope {
  planId: number;
  unitId: number;
  /** null: the unit's live lead tasks, not a round ("latest"). */
  roundId: number | null;
}

function requireOwnUnit(actor: Actor, unitId: number, what: string): void {
  if (actor.role !== 'office' && actor.unitId !== unitId) {
    throw new AppError('FORBIDDEN', `“${actor.label}”只能${what}本单位的填报模板。`);
  }
}

interface OwedTask {
  taskId: number;
  reportId: number | null;
}

/** The tasks the unit owes: its round_tasks for a round, or the live tasks it leads. */
async function owedTasks(db: Db, scope: { unitId: number; roundId: number | null; planId: number }): Promise<OwedTask[]> {
  if (scope.roundId !== null) {
    const rows = await db.selectFrom('round_tasks').select(['task_id', 'report_id']).where('round_id', '=', scope.roundId).where('unit_id', '=', scope.unitId).execute();
    return rows.map((row) => ({ taskId: row.task_id, reportId: row.report_id }));
  }
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('plan_id', '=', scope.planId)
    .where('lead_unit_id', '=', scope.unitId)
    .where('retired_at', 'is', null)
    .execute();
  return rows.map((row) => ({ taskId: row.id, reportId: null }));
}

/**
 * The export's rows in one statement: each task the unit owes (as `owedTasks` finds them, retired ones too) in the
 * plan's order — the place each task keeps (migration 0026) — with what the round already has from the unit. It was
 * three: the owed ids, their tasks by a 10,000-id list joined to the plan's structure for the order, and their reports
 * by a second id list (every column); on PostgreSQL ~200 ms of a 10,000-row template's export, ~100–130 as one join.
 */
async function owedTemplateRows(db: Db, scope: { unitId: number; roundId: number | null; planId: number }) {
  if (scope.roundId === null) {
    const tasks = await inPlanOrder(
      db
        .selectFrom('tasks')
        .select(['id', 'code', 'text', 'version', 'deadline', 'status', 'percent', 'retired_at'])
        .where('plan_id', '=', scope.planId)
        .where('lead_unit_id', '=', scope.unitId)
        .where('retired_at', 'is', null),
    ).execute();
    return tasks.map((task) => ({ ...task, report_status: null, report_percent: null, progress: null, problems: null, next_steps: null, coordination: null }));
  }
  return inPlanOrder(
    db
      .selectFrom('round_tasks as owed')
      .innerJoin('tasks', 'tasks.id', 'owed.task_id')
      .leftJoin('progress_reports as report', 'report.id', 'owed.report_id')
      .select(['tasks.id', 'tasks.code', 'tasks.text', 'tasks.version', 'tasks.deadline', 'tasks.status', 'tasks.percent', 'tasks.retired_at'])
      .select(['report.status as report_status', 'report.percent as report_percent', 'report.progress', 'report.problems', 'report.next_steps', 'report.coordination'])
      .where('owed.round_id', '=', scope.roundId)
      .where('owed.unit_id', '=', scope.unitId),
  ).execute();
}

/** Exports a unit's template off the main thread (reports/export-runner.ts), as the reports are. */
export function exportTemplate(db: Kysely<Database>, actor: Actor, scope: TemplateScope, now: Date = new Date()): Promise<ExportedFile> {
  return runExport(db, { kind: 'template', actor, scope, now }, () => exportTemplateHere(db, actor, scope, now));
}

/** The export itself, in whichever thread runs it. */
export async function exportTemplateHere(db: Kysely<Database>, actor: Actor, scope: TemplateScope, now: Date = new Date()): Promise<ExportedFile> {
  requireOwnUnit(actor, scope.unitId, '导出');
  const plan = await loadPlanHeader(db, scope.planId);
  const unitName = await loadUnitName(db, scope.unitId);
  const round = scope.roundId !== null ? await loadRound(db, scope.roundId, plan.id) : null;
  if (round?.state === 'closed') throw new AppError('CONFLICT', `调度“${round.name}”已结束，不能再导出其填报模板。`);
  const owed = await owedTemplateRows(db, { ...scope, planId: plan.id });
  if (owed.length === 0) {
    throw new AppError('INVALID_INPUT', round ? `${unitName}在“${round.name}”中没有需要填报的任务。` : `${unitName}在本规划中没有牵头的任务，无需填报。`);
  }

  const tasks = owed.filter((task) => task.retired_at === null);
  const cooperators = await cooperatorsOf(db, owed.map((task) => task.id));

  const meta: TemplateMeta = {
    format: TEMPLATE_FORMAT,
    planId: plan.id,
    unitId: scope.unitId,
    unitName,
    roundId: round?.id ?? null,
    roundName: round?.name ?? '最新',
    exportedAt: now.toISOString(),
  };
  const rows: TemplateTask[] = tasks.map((task) => {
    return {
      taskId: task.id,
      version: task.version,
      code: task.code,
      text: task.text,
      cooperators: (cooperators.get(task.id) ?? []).map((unit) => unit.name).join('、'),
      deadline: task.deadline ?? `${plan.periodEnd}-12-31`,
      // What the round already has from this unit, or the task's current state with this period's text blank.
      status: (task.report_status ?? task.status) as TaskStatus,
      percent: task.report_percent ?? task.percent,
      progress: task.progress ?? '',
      problems: task.problems ?? '',
      nextSteps: task.next_steps ?? '',
      coordination: task.coordination ?? '',
    };
  });
  // The unit's calendar date, not the UTC date of the instant (report-date.ts).
  const today = chinaDateOf(now);
  const period = round ? `${round.name}（${round.periodStart} 至 ${round.periodEnd}，${round.dueDate} 前报送）` : `截至 ${today}`;
  const workbook = await buildTemplate({ meta, planTitle: plan.title, period, tasks: rows });
  return {
    fileName: workbookFileName({ unit: unitName, period: round ? round.name : `截至${today}`, title: '进展填报模板' }),
    contentBase64: (await workbookBytes(workbook)).toString('base64'),
  };
}

export interface TemplateImportInput {
  fileName: string;
  contentBase64: string;
  /** When given, the file must be this unit's (and round's) template. */
  expectUnitId?: number | undefined;
  expectRoundId?: number | null | undefined;
}

export interface TemplateApplyInput extends TemplateImportInput {
  /** Conflicting tasks the user chose to record anyway; other conflicts are left as they are. */
  overrideConflicts: number[];
}

/**
 * Files read lately, by the sha256 of their bytes: the apply that follows a preview of the same file reuses what the
 * preview parsed instead of parsing it again (a 10,000-row file: over a second, bench/). Only the parse is reused; the
 * apply checks every row against the database again, inside its transaction. Two entries: the file being imported
 * and the one before it.
 */
const recentlyRead = new Map<string, { template: ParsedTemplate; notices: string[] }>();
const RECENTLY_READ_FILES = 2;

/**
 * The content last sent, as sent, with its sha256: the apply that follows a preview sends the same content again, which
 * is then known by comparing the two texts instead of decoding and hashing it again (~20 ms of a 10,000-row file, bench/).
 */
let lastSent: { contentBase64: string; sha256: string } | null = null;

/** Reads and validates a file in full; nothing here touches the database. */
async function readTemplateFile(input: TemplateImportInput): Promise<{ template: ParsedTemplate; notices: string[]; sha256: string }> {
  if (lastSent !== null && lastSent.contentBase64 === input.contentBase64) {
    const known = recentlyRead.get(lastSent.sha256);
    if (known) {
      recentlyRead.delete(lastSent.sha256);
      recentlyRead.set(lastSent.sha256, known);
      return { ...known, sha256: lastSent.sha256 };
    }
  }
  const bytes = decodeBase64Strict(input.contentBase64, `文件“${input.fileName}”`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  lastSent = { contentBase64: input.contentBase64, sha256 };
  const known = recentlyRead.get(sha256);
  if (known) {
    recentlyRead.delete(sha256);
    recentlyRead.set(sha256, known);
    return { ...known, sha256 };
  }
  // The file's checks and parse start on a turn of their own, not after the decoding and hashing above.
  await yieldToEventLoop();
  const { workbook, notices } = await readXlsx(bytes);
  const parsed = await parseTemplate(workbook);
  if (!parsed.ok) throw refusal(input.fileName, parsed.errors);
  recentlyRead.set(sha256, { template: parsed.template, notices });
  if (recentlyRead.size > RECENTLY_READ_FILES) recentlyRead.delete(recentlyRead.keys().next().value!);
  return { template: parsed.template, notices, sha256 };
}

/** The file is refused as a whole: every problem named by sheet, row and column, the first dozen shown. */
function refusal(fileName: string, errors: readonly TemplateError[]): AppError {
  const shown = errors.slice(0, 12).map(describeError);
  const more = errors.length > shown.length ? `\n……共 ${errors.length} 处问题，以上为前 ${shown.length} 处。` : '';
  return new AppError('INVALID_INPUT', `“${fileName}”未导入，请修改后重新导入：\n${shown.join('\n')}${more}`);
}

/** What a row is compared with: a recorded report's values. */
type ReportValues = StoredReportContent;

function sameValues(values: TemplateValues, report: ReportValues): boolean {
  return (
    values.status === report.status &&
    values.percent === report.percent &&
    values.progress === report.progress.trim() &&
    values.problems === report.problems.trim() &&
    values.nextSteps === report.next_steps.trim() &&
    values.coordination === report.coordination.trim()
  );
}

function changesFrom(values: TemplateValues, before: { status: string; percent: number; progress: string; problems: string; nextSteps: string; coordination: string }): FieldChange[] {
  const changes: FieldChange[] = [];
  const add = (field: FieldChange['field'], was: string, now: string) => {
    if (was !== now) changes.push({ field, before: was, after: now });
  };
  add('完成状态', before.status, values.status);
  add('完成进度', `${before.percent}%`, `${values.percent}%`);
  add('进展情况', before.progress.trim(), values.progress);
  add('存在问题', before.problems.trim(), values.problems);
  add('下步打算', before.nextSteps.trim(), values.nextSteps);
  add('需协调事项', before.coordination.trim(), values.coordination);
  return changes;
}

interface PlannedRow extends PreviewRow {
  values: TemplateValues;
}

/**
 * Compares every row with the database: what it would change, and what stands in its way. Runs on its own for the
 * preview, and again inside the apply transaction, so that what is written is what was checked.
 */
async function planImport(
  db: Db,
  actor: Actor,
  input: TemplateImportInput,
  template: ParsedTemplate,
  /** List each row's changed fields: the preview shows them, the apply needs only each row's action. */
  listChanges: boolean,
  today: string,
): Promise<{ rows: PlannedRow[]; unitName: string; roundName: string; facts: KnownReportFacts | null }> {
  const { meta } = template;
  requireOwnUnit(actor, meta.unitId, '导入');
  const unit = await db.selectFrom('units').select(['id', 'name', 'retired_at']).where('id', '=', meta.unitId).executeTakeFirst();
  const plan = await db.selectFrom('plans').select('id').where('id', '=', meta.planId).executeTakeFirst();
  if (!plan || !unit) {
    throw new AppError('INVALID_INPUT', `“${input.fileName}”是为另一份数据导出的填报模板（其中的规划或单位“${meta.unitName}”在本程序中不存在），未导入。`);
  }
  if (input.expectUnitId !== undefined && input.expectUnitId !== meta.unitId) {
    const expected = await db.selectFrom('units').select('name').where('id', '=', input.expectUnitId).executeTakeFirst();
    throw new AppError('INVALID_INPUT', `“${input.fileName}”是${meta.unitName}的填报模板，不是${expected?.name ?? '所选单位'}的，未导入。请选择正确的单位或文件。`);
  }
  let roundName = '最新进展（不限调度期）';
  let periodStart: string | null = null;
  let asking: { id: number; name: string; state: string } | null = null;
  if (meta.roundId !== null) {
    const round = await db.selectFrom('rounds').select(['id', 'name', 'state', 'plan_id', 'period_start']).where('id', '=', meta.roundId).executeTakeFirst();
    if (!round || round.plan_id !== meta.planId) throw new AppError('INVALID_INPUT', `“${input.fileName}”所属的调度“${meta.roundName}”在本程序中不存在，未导入。`);
    if (round.state === 'closed') throw new AppError('CONFLICT', `调度“${round.name}”已结束，不能再导入其填报表。如需补报，请在新的调度中填报。`);
    roundName = round.name;
    periodStart = round.period_start;
    asking = { id: round.id, name: round.name, state: round.state };
  }
  if (template.filledOn !== null) checkFilledOn(input.fileName, template.filledOn, { roundName, periodStart, exportedOn: chinaDateOf(meta.exportedAt), today });
  if (input.expectRoundId !== undefined && input.expectRoundId !== meta.roundId) {
    const expected = input.expectRoundId === null ? '最新进展' : ((await db.selectFrom('rounds').select('name').where('id', '=', input.expectRoundId).executeTakeFirst())?.name ?? '所选调度期');
    throw new AppError('INVALID_INPUT', `“${input.fileName}”是“${meta.roundName}”的填报模板，不是“${expected}”的，未导入。请选择正确的调度期或文件。`);
  }

  const ids = template.rows.map((row) => row.taskId);
  const owed = new Map((await owedTasks(db, { unitId: meta.unitId, roundId: meta.roundId, planId: meta.planId })).map((entry) => [entry.taskId, entry]));
  type StoredTask = {
    id: number;
    code: string;
    text: string;
    version: number;
    status: string;
    percent: number;
    retired_at: string | null;
    lead_unit_id: number | null;
    plan_id: number;
    latest_report_id: number | null;
  };
  const tasks = new Map<number, StoredTask>();
  const cooperating = new Set<number>();
  // What each row is compared with, read per task through an index (migration 0021) rather than from the task's whole
  // history, which grows by a report per task with every import: the task's latest report, the latest imported from
  // this file, and the reports since the file was exported (newest first). Texts are read below only for the reports
  // compared.
  const fromThisFileIds = new Map<number, number>();
  const sinceExport = new Map<number, { count: number; firstId: number }>();
  // A few hundred tasks per statement, the event loop free between them (db/slices.ts): a 10,000-row file's history
  // read at once held the main thread for most of a second (bench/).
  for (const slice of slicesOf([...new Set(ids)])) {
    await yieldToEventLoop();
    const found = await db
      .selectFrom('tasks')
      .select(['id', 'code', 'text', 'version', 'status', 'percent', 'retired_at', 'lead_unit_id', 'plan_id'])
      .select((eb) =>
        eb
          .selectFrom('progress_reports as latest')
          .select((e) => e.fn.max('latest.id').as('id'))
          .whereRef('latest.task_id', '=', 'tasks.id')
          .as('latest_report_id'),
      )
      .where('id', 'in', idList(slice))
      .execute();
    for (const task of found) tasks.set(task.id, task);
    await yieldToEventLoop();
    const cooperated = await db.selectFrom('task_cooperators').select('task_id').where('unit_id', '=', meta.unitId).where('task_id', 'in', idList(slice)).execute();
    for (const row of cooperated) cooperating.add(row.task_id);
    await yieldToEventLoop();
    // The reports since the file was exported, per task, in one read through the task's index by time (migration
    // 0021): the latest from this very file (same name and, for a round template, the same round) makes re-importing
    // it change nothing; the others are the conflicts, counted, the earliest named. A report from this file cannot be
    // older than the file, so the file's own are among them (a partial index by file name found them before:
    // migration 0024 dropped it, its upkeep was a third of the index work of each import). A "latest" template's
    // reports are linked to whatever round was open, so only a round template pins the round.
    const since = await db
      .selectFrom('progress_reports')
      .select((eb) => {
        const thisFile = eb.and([eb('source', '=', 'import'), eb('source_ref', '=', input.fileName)]);
        const others = eb.or([eb('source', '!=', 'import'), eb('source_ref', 'is', null), eb('source_ref', '!=', input.fileName)]);
        return [
          'task_id',
          eb.fn.max(eb.case().when(meta.roundId === null ? thisFile : eb.and([thisFile, eb('round_id', '=', meta.roundId)])).then(eb.ref('id')).end()).as('from_file'),
          eb.fn.count(eb.case().when(others).then(1).end()).as('newer'),
          eb.fn.min(eb.case().when(others).then(eb.ref('id')).end()).as('first_newer'),
        ];
      })
      .where('task_id', 'in', idList(slice))
      .where('created_at', '>', meta.exportedAt)
      .groupBy('task_id')
      .execute();
    for (const row of since) {
      if (row.from_file !== null) fromThisFileIds.set(row.task_id, row.from_file);
      if (row.first_newer !== null) sinceExport.set(row.task_id, { count: Number(row.newer), firstId: row.first_newer });
    }
  }
  // The earliest report since export of each conflicting task, named in its row's reason.
  const firstNewer = new Map<number, { created_at: string; source: string; source_ref: string | null }>();
  for (const slice of slicesOf([...sinceExport.values()].map((entry) => entry.firstId))) {
    await yieldToEventLoop();
    for (const report of await db.selectFrom('progress_reports').select(['id', 'created_at', 'source', 'source_ref']).where('id', 'in', idList(slice)).execute()) {
      firstNewer.set(report.id, report);
    }
  }
  const compared = new Set<number>();
  for (const taskId of ids) {
    const fromThisFile = fromThisFileIds.get(taskId);
    const latest = tasks.get(taskId)?.latest_report_id;
    const roundReportId = meta.roundId !== null ? owed.get(taskId)?.reportId : null;
    if (fromThisFile !== undefined) compared.add(fromThisFile);
    if (latest !== null && latest !== undefined) compared.add(latest);
    if (roundReportId !== null && roundReportId !== undefined) compared.add(roundReportId);
  }
  const texts = new Map<number, ReportValues & { id: number; task_id: number }>();
  for (const slice of slicesOf([...compared])) {
    await yieldToEventLoop();
    const found = await db
      .selectFrom('progress_reports')
      .select(['id', 'task_id', 'status', 'percent', 'progress', 'problems', 'next_steps', 'coordination'])
      .where('id', 'in', idList(slice))
      .execute();
    for (const report of found) texts.set(report.id, report);
  }

  const rows: PlannedRow[] = [];
  for (const [index, row] of template.rows.entries()) {
    if (index > 0 && index % SLICE_ROWS === 0) await yieldToEventLoop();
    const task = tasks.get(row.taskId);
    const base = (action: PreviewRowAction, reason: string, changes: FieldChange[] = []): PlannedRow => ({
      taskId: row.taskId,
      code: task?.code ?? row.code,
      text: task?.text ?? '',
      sheetRow: row.sheetRow,
      action,
      reason,
      changes,
      status: row.values.status,
      percent: row.values.percent,
      values: row.values,
    });
    if (!task || task.plan_id !== meta.planId) {
      rows.push(base('blocked', '该任务已不存在（可能已被删除），这一行不导入。'));
      continue;
    }
    const fromThisFile = fromThisFileIds.get(task.id);
    if (fromThisFile !== undefined && sameValues(row.values, texts.get(fromThisFile)!)) {
      rows.push(base('unchanged', '此前已从同一文件导入，内容相同。'));
      continue;
    }
    if (task.retired_at) {
      rows.push(base('blocked', '导出后该任务已撤销（拆分、合并或停止执行），这一行不导入。'));
      continue;
    }
    if (!owed.has(task.id)) {
      const involved = task.lead_unit_id === meta.unitId || cooperating.has(task.id);
      rows.push(base('blocked', meta.roundId !== null ? '该任务已不在本单位本期调度的范围内，这一行不导入。' : involved ? '本单位已不再牵头该任务，这一行不导入。' : '导出后该任务已改由其他单位牵头，这一行不导入。'));
      continue;
    }
    const roundReportId = meta.roundId !== null ? owed.get(task.id)!.reportId : null;
    // The round's report counts only if it is this task's (as the round row says it is).
    const roundReport = roundReportId !== null && texts.get(roundReportId)?.task_id === task.id ? texts.get(roundReportId)! : null;
    const latest = task.latest_report_id !== null ? texts.get(task.latest_report_id)! : null;
    const before = roundReport ?? latest;
    const beforeValues = before
      ? { status: before.status, percent: before.percent, progress: before.progress, problems: before.problems, nextSteps: before.next_steps, coordination: before.coordination }
      : { status: task.status, percent: task.percent, progress: '', problems: '', nextSteps: '', coordination: '' };
    const changes = listChanges ? changesFrom(row.values, roundReport ? beforeValues : { ...beforeValues, status: task.status, percent: task.percent }) : [];
    const blank = row.values.progress === '' && row.values.problems === '' && row.values.nextSteps === '' && row.values.coordination === '';
    if (roundReport && sameValues(row.values, roundReport)) {
      rows.push(base('unchanged', '与本期已报送的内容相同。'));
      continue;
    }
    if (!roundReport && blank && row.values.status === task.status && row.values.percent === task.percent) {
      rows.push(base('unchanged', '未填写（状态和进度与当前相同，没有文字内容）。'));
      continue;
    }
    const conflicts: string[] = [];
    if (task.version !== row.version) conflicts.push(`导出后办公室修改过该任务（版本 ${row.version} → ${task.version}）`);
    const newer = sinceExport.get(task.id);
    if (newer) {
      const first = firstNewer.get(newer.firstId)!;
      conflicts.push(`导出后已有 ${newer.count} 次新的进展填报（最早 ${first.created_at.slice(0, 16).replace('T', ' ')}，${first.source === 'import' ? `导入自 ${first.source_ref ?? '文件'}` : '直接填报'}）`);
    }
    if (conflicts.length > 0) {
      rows.push(base('conflict', `${conflicts.join('；')}。确认后将以本文件的内容为准记入新的进展。`, changes));
      continue;
    }
    rows.push(base('report', '', changes));
  }
  // A row that would record a report (or could, once a conflict is confirmed) must pass the report rules; a row left
  // as exported is 无变化 whatever its status (a task already 已完成 comes back with this period's text blank).
  const recordable = new Set(rows.filter((row) => row.action === 'report' || row.action === 'conflict').map((row) => row.sheetRow));
  const broken = template.rows.filter((row) => recordable.has(row.sheetRow)).flatMap((row) => row.ruleErrors);
  if (broken.length > 0) throw refusal(input.fileName, broken);
  // The facts below and the caller's last steps over every row start on a turn of their own.
  await yieldToEventLoop();
  // What the report rules read about these tasks, as read here (progress.service KnownReportFacts): a round template's
  // rows are recorded only for tasks the round asks of this unit, all of them read above. A "latest" template's reports
  // go to whichever open round asks each task, which only the rules read.
  const facts: KnownReportFacts | null =
    asking === null
      ? null
      : {
          tasks: new Map([...tasks.values()].map((task) => [task.id, { id: task.id, code: task.code, planId: task.plan_id, leadUnitId: task.lead_unit_id, retiredAt: task.retired_at }])),
          rounds: new Map([...owed.keys()].map((taskId) => [taskId, asking])),
          cooperating: new Set([...cooperating].map((taskId) => cooperationKey(taskId, meta.unitId))),
        };
  return { rows, unitName: unit.name, roundName, facts };
}

function countActions(rows: PreviewRow[]): Record<PreviewRowAction, number> {
  const counts: Record<PreviewRowAction, number> = { report: 0, unchanged: 0, conflict: 0, blocked: 0 };
  for (const row of rows) counts[row.action] += 1;
  return counts;
}

/**
 * The 填报日期 a unit wrote is the report's date (迟报 is judged on it, rounds/report-date.ts), so it is accepted only
 * where it can be true: not before the template was exported or the round's period began, and not after today.
 */
function checkFilledOn(fileName: string, filledOn: string, window: { roundName: string; periodStart: string | null; exportedOn: string; today: string }): void {
  const cell = `“${fileName}”${TEMPLATE_SHEET}表头的“${FILLED_ON_LABEL}”（${filledOn}）`;
  if (filledOn > window.today) throw new AppError('INVALID_INPUT', `${cell}晚于今天（${window.today}），未导入。请填写实际填报的日期。`);
  if (window.periodStart !== null && filledOn < window.periodStart) {
    throw new AppError('INVALID_INPUT', `${cell}早于调度“${window.roundName}”的调度期开始日期（${window.periodStart}），未导入。请填写实际填报的日期。`);
  }
  if (filledOn < window.exportedOn) throw new AppError('INVALID_INPUT', `${cell}早于该模板的导出日期（${window.exportedOn}），未导入。请填写实际填报的日期。`);
}

type ImportPlan = Awaited<ReturnType<typeof planImport>>;

/**
 * The last preview's plan on each database, for the apply that follows it: when the database is as the preview saw it
 * (the same change mark, db/change-mark.ts, read inside the apply's write transaction, so nothing can change after),
 * the apply records what the preview showed instead of comparing every row with the database again (10,000 rows:
 * ~160 ms and a dozen reads of the tasks' history, bench/). Any write in between, by any call or program, and the
 * apply compares again, as it always did.
 */
const previewedPlans = new WeakMap<Kysely<Database>, { key: string; mark: string; plan: ImportPlan }>();

/** What a plan depends on besides the database: the file, who imports it, what they expect, and today's date. */
const planKey = (actor: Actor, input: TemplateImportInput, sha256: string, today: string): string =>
  JSON.stringify([sha256, input.fileName, actor.role, actor.unitId, input.expectUnitId ?? 'any', input.expectRoundId === undefined ? 'any' : input.expectRoundId, today]);

/** `today`: the office's date in the units' calendar (Beijing); the import is refused a 填报日期 after it. */
export async function previewTemplateImport(db: Kysely<Database>, actor: Actor, input: TemplateImportInput, today: string = chinaDateOf(new Date())): Promise<TemplateImportPreview> {
  const { template, notices, sha256 } = await readTemplateFile(input);
  previewedPlans.delete(db);
  // The plan is read in slices between which other calls may write: it is kept only if nothing was written meanwhile.
  const before = await changeMark(db);
  const plan = await planImport(db, actor, input, template, true, today);
  const after = await changeMark(db);
  if (before !== null && before === after) previewedPlans.set(db, { key: planKey(actor, input, sha256, today), mark: before, plan });
  const { rows, unitName, roundName } = plan;
  const shown = rows.map(({ values: _values, ...row }) => row);
  return {
    fileName: input.fileName,
    sha256,
    unitId: template.meta.unitId,
    unitName,
    roundId: template.meta.roundId,
    roundName,
    exportedAt: template.meta.exportedAt,
    filledOn: template.filledOn,
    rows: shown,
    counts: countActions(shown),
    notices,
  };
}

export async function applyTemplateImport(db: Kysely<Database>, actor: Actor, input: TemplateApplyInput, today: string = chinaDateOf(new Date())): Promise<TemplateImportResult> {
  const { template, sha256 } = await readTemplateFile(input);
  const overrides = new Set(input.overrideConflicts);
  const previewed = previewedPlans.get(db);
  previewedPlans.delete(db);
  // The WAL this leaves (~40 MB for 10,000 rows) is copied into the database file by a worker, not at the commit.
  const result = await withCheckpointAfter(db, () => db.transaction().execute(async (trx) => {
    const unchanged = previewed?.key === planKey(actor, input, sha256, today) && previewed.mark === (await changeMark(trx));
    const { rows, unitName, facts } = unchanged ? previewed.plan : await planImport(trx, actor, input, template, false, today);
    // The report is the unit's; who brought it in is kept with it.
    const reporter: Actor = {
      role: 'unit',
      unitId: template.meta.unitId,
      label: actor.role === 'office' || actor.unitId !== template.meta.unitId ? `${unitName}（Excel 导入，经办：${actor.label}）` : `${actor.label}（Excel 导入）`,
    };
    const toRecord = (row: PlannedRow) => row.action === 'report' || (row.action === 'conflict' && overrides.has(row.taskId));
    const recorded = rows.filter(toRecord);
    const skipped = rows.filter((row) => row.action !== 'unchanged' && !toRecord(row)).length;
    const { reportIds } = await recordReports(
      trx,
      recorded.map((row) => ({ actor: reporter, input: { taskId: row.taskId, ...row.values } })),
      // Dated as the unit dated it (checked above); blank, the day it is imported.
      { source: 'import', sourceRef: input.fileName, roundId: template.meta.roundId, reportDate: template.filledOn },
      // Read in this transaction, or by the preview with nothing written since (the change mark above).
      facts ?? undefined,
    );
    return { recorded: reportIds.length, unchanged: rows.filter((row) => row.action === 'unchanged').length, skipped, reportIds };
  }));
  // Recorded: the file's parse is not needed again (a 10,000-row file's cells held ~20 MB until two more files came).
  recentlyRead.delete(sha256);
  if (lastSent?.sha256 === sha256) lastSent = null;
  return result;
}
