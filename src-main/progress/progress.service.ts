import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { AppError } from '../api/errors';
import type { FileContent } from '../api/uploads';
import { decodeUploads, readSavedFile, withSavedUploads, type SavedUpload } from '../files/stored-attachments';
import type { ReportContent, TaskStatus } from '../api/tasks.types';
import type { Database, ProgressReportsTable } from '../db/database.types';
import { chinaDateOf } from '../rules/report-date';
import { recordTaskEvents } from '../tasks/task-events';
import { lightsAfter } from '../tasks/task-lights';
import { idList, jsonRows } from '../db/sql-forms';
import { chunkRows } from '../db/bound-rows';
import { writeTasksMovingTallies } from '../dashboard/plan-tallies';
import { SLICE_ROWS, slicesOf, yieldToEventLoop } from '../db/slices';
import { liveTask, loadCooperation, loadTaskHeads, requireInvolvedIn, type Actor, type TaskHead } from '../tasks/task-rules';
import { type AttachmentStore, MAX_ATTACHMENT_TOTAL_BYTES, MAX_ATTACHMENTS_PER_REPORT } from './attachment-store';

/** A unit's progress report on a task: always a new history entry, never an overwrite. */

export interface ReportInput extends ReportContent {
  taskId: number;
  attachments: { name: string; contentBase64: string }[];
}

/** A stored report's content as the database holds it (snake_case columns): what reports and imports compare with. */
export type StoredReportContent = Pick<Selectable<ProgressReportsTable>, 'status' | 'percent' | 'progress' | 'problems' | 'next_steps' | 'coordination'>;

export interface ReportSource {
  source: 'manual' | 'import';
  sourceRef?: string | null;
  /** The round the report answers; by default the open round that asks this task. */
  roundId?: number | null;
  /**
   * The day the unit made the report, in its calendar, when it differs from the day it arrives: the 填报日期 of an
   * offline template, checked by the importer. By default the Beijing date of the moment it is written.
   */
  reportDate?: string | null;
}

/** Rules a report must satisfy before anything is written. */
export function checkReport(input: Pick<ReportInput, 'status' | 'percent' | 'progress'>, taskCode: string): void {
  if (!Number.isInteger(input.percent) || input.percent < 0 || input.percent > 100) {
    throw new AppError('INVALID_INPUT', `任务 ${taskCode}：完成进度应为 0 到 100 之间的整数，收到“${input.percent}”。`);
  }
  if (input.status === '已完成') {
    if (input.progress.trim().length === 0) {
      throw new AppError('INVALID_INPUT', `任务 ${taskCode}：标记为“已完成”时，必须在“本期进展情况”中写明完成了什么。`);
    }
    if (input.percent !== 100) throw new AppError('INVALID_INPUT', `任务 ${taskCode}：标记为“已完成”时，完成进度应为 100%（当前为 ${input.percent}%）。`);
  }
  if (input.status === '未启动' && input.percent > 0) {
    throw new AppError('INVALID_INPUT', `任务 ${taskCode}：状态为“未启动”时，完成进度应为 0%（当前为 ${input.percent}%）。`);
  }
}

export async function submitReport(
  db: Kysely<Database>,
  files: AttachmentStore,
  actor: Actor,
  input: ReportInput,
  origin: ReportSource = { source: 'manual' },
): Promise<{ reportId: number }> {
  const { attachments, ...report } = input;
  const entry: ReportEntry = { actor, input: report };
  // Checked before any file is written; checked again, authoritatively, inside the transaction.
  await checkReports(db, [entry], origin);
  const decoded = decodeUploads(attachments, { count: MAX_ATTACHMENTS_PER_REPORT, totalBytes: MAX_ATTACHMENT_TOTAL_BYTES }, '本次填报');
  // Files first, then one transaction; if the transaction fails the files are removed again, so a report
  // never points at a missing file and no half-written report exists.
  return withSavedUploads(files, decoded, async (stored) => {
    const { reportIds } = await db.transaction().execute((trx) => writeReports(trx, [entry], origin, [stored]));
    return { reportId: reportIds[0]! };
  });
}

/** One report of a batch: who reports (each report may come from another unit) and what. */
export interface ReportEntry {
  actor: Actor;
  input: Omit<ReportInput, 'attachments'>;
}

/**
 * Many reports inside a transaction the caller holds (the Excel import records a whole file in one), without
 * attachments: the same checks, round linking, problems, task updates and history as `submitReport` called once per
 * entry in order — a task takes its last report's status — with a few set queries and one INSERT per table instead
 * of eight statements per report (bench/ writes its million reports so). Nothing is written unless every entry
 * passes, and the error is the one the first failing entry would raise on its own.
 */
export function recordReports(
  trx: Transaction<Database>,
  entries: readonly ReportEntry[],
  origin: ReportSource,
  known?: KnownReportFacts,
): Promise<{ reportIds: number[] }> {
  return writeReports(trx, entries, origin, null, known);
}

/**
 * What the checks read about the entries' tasks, when the caller has read it itself in the state of the database the
 * batch is written in — inside the same transaction, or before it with nothing written since (db/change-mark.ts): the
 * template import compares every row with the same tasks first. The checks then run on these instead of reading the
 * tasks again (a 10,000-row import: ~50 ms of reads, bench/). Every rule is still applied to every entry.
 */
export interface KnownReportFacts {
  /** Every entry's task. */
  tasks: ReadonlyMap<number, TaskHead>;
  /** The round each entry's report answers; only for a batch whose origin names its round. */
  rounds: ReadonlyMap<number, { id: number; name: string; state: string }>;
  /** `cooperationKey`s of the tasks' cooperating units (tasks/task-rules.ts). */
  cooperating: ReadonlySet<string>;
}

type Db = Kysely<Database> | Transaction<Database>;

interface CheckedReport extends ReportEntry {
  task: TaskHead;
  round: { id: number; name: string } | null;
}

/** Every rule for every entry, in the entries' order, from a few queries over the whole batch. */
async function checkReports(db: Db, entries: readonly ReportEntry[], origin: ReportSource, known?: KnownReportFacts): Promise<CheckedReport[]> {
  if (entries.length === 0) return [];
  const facts = known && origin.roundId !== null && origin.roundId !== undefined ? known : await readReportFacts(db, entries, origin);
  return entries.map((entry) => {
    const task = liveTask(facts.tasks, entry.input.taskId);
    requireInvolvedIn(entry.actor, task, facts.cooperating);
    checkReport(entry.input, task.code);
    const round = facts.rounds.get(task.id);
    if (origin.roundId !== null && origin.roundId !== undefined && !round) throw new AppError('INVALID_INPUT', `任务 ${task.code} 不在所指定的调度范围内。`);
    if (round?.state === 'closed') throw new AppError('CONFLICT', `调度“${round.name}”已结束，不能再为其填报。`);
    return { ...entry, task, round: round ? { id: round.id, name: round.name } : null };
  });
}

/** What the checks need about the entries' tasks, from a few queries over the whole batch. */
async function readReportFacts(db: Db, entries: readonly ReportEntry[], origin: ReportSource): Promise<KnownReportFacts> {
  const taskIds = [...new Set(entries.map((entry) => entry.input.taskId))];
  // A few hundred tasks per query, the event loop free between them (db/slices.ts): a 10,000-row import is checked
  // without holding the main thread. A batch of one slice (a report from the form) does not yield: inside the
  // transaction each turn of the loop given away would hold the write lock and the connection while everyone else's
  // calls queue for them (the shared server under load).
  const tasks = new Map<number, TaskHead>();
  const roundOf = new Map<number, { id: number; name: string; state: string }>();
  const slices = slicesOf(taskIds);
  const between = async () => {
    if (slices.length > 1) await yieldToEventLoop();
  };
  for (const slice of slices) {
    await between();
    for (const [id, task] of await loadTaskHeads(db, slice)) tasks.set(id, task);
    await between();
    for (const [id, round] of await roundsAsking(db, slice, origin.roundId ?? null)) roundOf.set(id, round);
  }
  // Cooperating units only of the tasks a unit other than the lead reports on (most reports are the lead's).
  const byOthers = entries.filter(({ actor, input }) => actor.role !== 'office' && tasks.get(input.taskId)?.leadUnitId !== actor.unitId);
  const cooperating = new Set<string>();
  for (const [i, slice] of slicesOf([...new Set(byOthers.map((entry) => entry.input.taskId))]).entries()) {
    if (i > 0 || slices.length > 1) await yieldToEventLoop();
    for (const key of await loadCooperation(db, slice)) cooperating.add(key);
  }
  return { tasks, rounds: roundOf, cooperating };
}

/**
 * The round each task's report answers: the given round, for the tasks it asks; by default the newest open round
 * that asks the task.
 */
async function roundsAsking(db: Db, taskIds: number[], roundId: number | null): Promise<Map<number, { id: number; name: string; state: string }>> {
  const rounds = await db
    .selectFrom('rounds')
    .select(['id', 'name', 'state'])
    .$if(roundId !== null, (query) => query.where('id', '=', roundId!))
    .$if(roundId === null, (query) => query.where('state', '=', 'open'))
    .execute();
  if (rounds.length === 0) return new Map();
  const asked = await db
    .selectFrom('round_tasks')
    .select(['round_id', 'task_id'])
    .where('round_id', 'in', idList(rounds.map((round) => round.id)))
    .where('task_id', 'in', idList(taskIds))
    .execute();
  const byId = new Map(rounds.map((round) => [round.id, round]));
  const roundOf = new Map<number, { id: number; name: string; state: string }>();
  for (const row of asked) {
    const current = roundOf.get(row.task_id);
    if (!current || row.round_id > current.id) roundOf.set(row.task_id, byId.get(row.round_id)!);
  }
  return roundOf;
}

/**
 * Checks, then writes: the reports with their attachments, the round each answers, the problems each raises, each
 * task's status from its last report, and a history entry per report.
 */
async function writeReports(
  trx: Transaction<Database>,
  entries: readonly ReportEntry[],
  origin: ReportSource,
  attachments: SavedUpload[][] | null,
  known?: KnownReportFacts,
): Promise<{ reportIds: number[] }> {
  const checked = await checkReports(trx, entries, origin, known);
  if (checked.length === 0) return { reportIds: [] };
  const createdAt = new Date().toISOString();
  // 迟报 is judged on this date (rounds/report-date.ts), so it is stored, not derived from a UTC timestamp later.
  const reportDate = origin.reportDate ?? chinaDateOf(createdAt);
  // Ids given here, as SQLite would give them (the highest + 1), so that problems, links and history can be written
  // for the whole batch, and the batch's reports found again as one id range. The transaction holds the write lock.
  const { last } = await trx.selectFrom('progress_reports').select((eb) => eb.fn.max('id').as('last')).executeTakeFirstOrThrow();
  const firstId = (last ?? 0) + 1;
  const reportIds = checked.map((_, i) => firstId + i);

  // A few hundred reports per statement, the event loop free between them (db/slices.ts): a 10,000-row import written
  // as one statement per table held the main thread for about a second (bench/). Still one transaction: nothing is
  // written unless all is, and no other call's statements run inside it. Chunk after chunk in order, so each round row
  // ends pointing at its last report.
  const chunks = slicesOf(checked);
  // Within a chunk too, between its reports and its history, when there are several (a chunk's statements together
  // were over 100 ms on a loaded machine, bench/). A single chunk (a report from the form) does not give the loop away
  // while it holds the write lock (see checkReports).
  const between = chunks.length > 1 ? yieldToEventLoop : async () => {};
  for (const [chunkIndex, chunk] of chunks.entries()) {
    // Before the first chunk too: the checks of a batch given its tasks' facts (KnownReportFacts) read nothing, so
    // nothing between them and the first chunk's statements would give the loop its turn.
    if (chunkIndex > 0 || chunks.length > 1) await yieldToEventLoop();
    const offset = chunkIndex * SLICE_ROWS;
    await writeReportChunk(trx, chunk, reportIds.slice(offset, offset + chunk.length), attachments?.slice(offset, offset + chunk.length) ?? null, origin, createdAt, reportDate, between);
  }

  // Each task takes the status and percent of its last report in the batch, and the light dates they give
  // (tasks/task-lights.ts), in one UPDATE per slice of tasks: each task's row (and its two list indexes, and the
  // tallies' trigger) written once per batch, not once per chunk it has reports in — a task reported by its
  // cooperating units and then its lead, or corrected within the round, was written again for every chunk (bench/).
  // Inside the same transaction as the reports, so no one ever sees the reports without their task's status.
  const latest = new Map<number, { status: TaskStatus; percent: number }>();
  for (const { input } of checked) latest.set(input.taskId, { status: input.status, percent: input.percent });
  const updates = async () => {
    for (const [i, slice] of slicesOf([...latest]).entries()) {
      if (i > 0 || chunks.length > 1) await yieldToEventLoop();
      const changes = new Map(slice);
      const lights = await lightsAfter(trx, changes);
      const taskRows = slice.map(([id, { status, percent }]) => ({ id, status, percent, last_report_at: createdAt, ...lights?.get(id) }));
      await (lights ? updateTasks(trx, taskRows, TASK_COLUMNS_WITH_LIGHT) : updateTasks(trx, taskRows, TASK_COLUMNS));
    }
  };
  // One task (a report from the form) moves 跟踪分析's tallies by its row triggers; more, by a few grouped statements
  // over all of them (dashboard/plan-tallies.ts).
  if (latest.size === 1) await updates();
  else await writeTasksMovingTallies(trx, [...latest.keys()], updates);
  return { reportIds };
}

/** One chunk of a batch: its reports get `reportIds`, consecutive. */
async function writeReportChunk(
  trx: Transaction<Database>,
  checked: readonly CheckedReport[],
  reportIds: readonly number[],
  attachments: SavedUpload[][] | null,
  origin: ReportSource,
  createdAt: string,
  reportDate: string,
  between: () => Promise<void>,
): Promise<void> {
  const firstId = reportIds[0]!;
  const lastId = reportIds.at(-1)!;
  const reports = checked.map(({ actor, input, round }, i) => ({
    id: reportIds[i]!,
    task_id: input.taskId,
    unit_id: actor.unitId,
    reporter: actor.label,
    status: input.status,
    percent: input.percent,
    progress: input.progress,
    problems: input.problems,
    next_steps: input.nextSteps,
    coordination: input.coordination,
    source: origin.source,
    source_ref: origin.sourceRef ?? null,
    round_id: round?.id ?? null,
    created_at: createdAt,
    report_date: reportDate,
  }));
  const reportColumns = ['id', 'task_id', 'unit_id', 'reporter', 'status', 'percent', 'progress', 'problems', 'next_steps', 'coordination', 'source', 'source_ref', 'round_id', 'created_at', 'report_date'] as const;
  await trx.insertInto('progress_reports').columns(reportColumns).expression(chunkRows(trx, reports, reportColumns)).execute();

  const files = (attachments ?? []).flatMap((stored, i) =>
    stored.map((file) => ({ report_id: reportIds[i]!, stored_name: file.storedName, original_name: file.name, size: file.size, sha256: file.sha256 })),
  );
  if (files.length > 0) {
    const fileColumns = ['report_id', 'stored_name', 'original_name', 'size', 'sha256'] as const;
    await trx.insertInto('attachments').columns(fileColumns).expression(jsonRows(files, fileColumns)).execute();
  }

  // Each round's row points at the last report for it in this batch. A round may ask a task of its lead and its
  // cooperating units, one row each: a report counts for its own unit's row; one from a unit the round does not ask
  // of the task (the office, or a cooperating unit in a lead-only round) counts for the lead's row, as it always has.
  if (checked.some((report) => report.round !== null)) {
    await trx
      .updateTable('round_tasks')
      .from((eb) =>
        eb
          .selectFrom('progress_reports as pr')
          .leftJoin('round_tasks as own', (join) => join.onRef('own.round_id', '=', 'pr.round_id').onRef('own.task_id', '=', 'pr.task_id').onRef('own.unit_id', '=', 'pr.unit_id'))
          .leftJoin('round_tasks as lead', (join) => join.onRef('lead.round_id', '=', 'pr.round_id').onRef('lead.task_id', '=', 'pr.task_id').on('lead.role', '=', 'lead'))
          .select((e) => ['pr.round_id', 'pr.task_id', e.fn.coalesce('own.unit_id', 'lead.unit_id').as('unit_id'), e.fn.max('pr.id').as('report_id')])
          .where('pr.id', '>=', firstId)
          .where('pr.id', '<=', lastId)
          .where('pr.round_id', 'is not', null)
          // The unit first: grouped by (round_id, task_id) first, SQLite read every report of every round through
          // progress_reports_by_round for the order instead of the batch's id range (160 ms a chunk at 1,000,000 reports).
          .groupBy((e) => [e.fn.coalesce('own.unit_id', 'lead.unit_id'), 'pr.round_id', 'pr.task_id'])
          .as('latest'),
      )
      // With its arrival and its date (the batch's one each): the dashboard counts late reports from round_tasks alone.
      .set((eb) => ({ report_id: eb.ref('latest.report_id'), reported_at: createdAt, report_date: reportDate }))
      .whereRef('round_tasks.round_id', '=', 'latest.round_id')
      .whereRef('round_tasks.task_id', '=', 'latest.task_id')
      .whereRef('round_tasks.unit_id', '=', 'latest.unit_id')
      .execute();
  }

  // Problems and coordination requests become tracked items, owned by the reporting unit until solved.
  const problems = checked.flatMap(({ actor, input, task }, i) =>
    [
      { kind: '存在问题' as const, text: input.problems.trim() },
      { kind: '需协调事项' as const, text: input.coordination.trim() },
    ]
      .filter((item) => item.text.length > 0)
      .map((item) => ({ plan_id: task.planId, task_id: input.taskId, report_id: reportIds[i]!, kind: item.kind, text: item.text, owner_unit_id: actor.unitId })),
  );
  if (problems.length > 0) {
    const problemColumns = ['plan_id', 'task_id', 'report_id', 'kind', 'text', 'owner_unit_id'] as const;
    await trx.insertInto('problems').columns(problemColumns).expression(jsonRows(problems, problemColumns)).execute();
  }

  // The loop runs between the chunk's reports and its history too (see writeReports).
  await between();
  const events = checked.map(({ actor, input, round }, i) => {
    const fileCount = attachments?.[i]?.length ?? 0;
    const attachmentNote = fileCount > 0 ? `，附佐证材料 ${fileCount} 个` : '';
    return {
      taskId: input.taskId,
      kind: 'reported',
      summary: `填报进展：${input.status}，完成 ${input.percent}%${attachmentNote}${round ? `（${round.name}）` : ''}${origin.source === 'import' ? `（导入自 ${origin.sourceRef ?? '文件'}）` : ''}`,
      actor,
    };
  });
  await recordTaskEvents(trx, events);
}

const TASK_COLUMNS = ['id', 'status', 'percent', 'last_report_at'] as const;
const TASK_COLUMNS_WITH_LIGHT = [...TASK_COLUMNS, 'light_base', 'light_yellow_from', 'light_red_from'] as const;

/**
 * Sets the given columns of each row's task in one statement, the rows bound or as one JSON parameter (db/bound-rows.ts:
 * a full slice as bound rows on SQLite, 10,000 tasks of an import ~165 → ~135 ms, bench data).
 */
async function updateTasks<Row extends { id: number }, Column extends keyof Row & keyof Database['tasks'] & string>(
  trx: Transaction<Database>,
  rows: readonly Row[],
  columns: readonly Column[],
): Promise<void> {
  const fresh = chunkRows(trx, rows, columns, 'tasks');
  await trx
    // The CTE's column list names the rows' columns on every engine (jsonRows' SQLite form and VALUES leave them unnamed).
    .with(`fresh(${columns.join(', ')})`, (qc) => qc.selectFrom(sql<Row>`(${fresh})`.as('r')).selectAll())
    .updateTable('tasks')
    .from('fresh')
    .set((eb) => Object.fromEntries(columns.filter((column) => column !== 'id').map((column) => [column, eb.ref(`fresh.${column}`)])))
    .whereRef('tasks.id', '=', 'fresh.id')
    .execute();
}

export async function readAttachment(db: Kysely<Database>, files: AttachmentStore, attachmentId: number): Promise<FileContent> {
  const row = await db.selectFrom('attachments').select(['stored_name', 'original_name', 'size', 'sha256']).where('id', '=', attachmentId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '找不到该附件，可能已被删除。');
  // The hash written with the report: a file truncated by a power cut or changed on disk is named, never served.
  return readSavedFile(files, row, '填报时保存的');
}
