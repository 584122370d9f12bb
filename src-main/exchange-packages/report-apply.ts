import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../api/access';
import { AppError } from '../api/errors';
import type { PackageApplyResult, PackagePreview, PackagePreviewLine } from '../api/exchange-packages.types';
import type { Database } from '../db/database.types';
import { idList } from '../db/sql-forms';
import { decodeBase64Strict } from '../files/upload-content';
import type { AttachmentStore, StoredFile } from '../progress/attachment-store';
import { checkAttachmentName } from '../progress/attachment-store';
import { rowCountedFor } from '../rounds/round-rows';
import { recordReports, type ReportEntry } from '../progress/progress.service';
import { recordTaskEvent } from '../tasks/task-events';
import { requireOffice } from '../tasks/task-rules';
import type { PackageApplyInput, PackageUpload } from './dispatch-apply';
import { settleNoticeStates } from './dispatch-apply';
import { checkSenderKey, logPackage, orderOf, requireConfirmed, trustSender } from './exchange-log';
import { ensureInstall } from './install-keys';
import { reportRecord, type Manifest, type ReportRecord } from './package-format';
import { openPackage, parseRecords } from './package-zip';
import { countLines } from './preview-lines';

/**
 * The office takes a unit's 上报包: validate everything (signature, trust, order, that every record is the unit's own
 * on the unit's own tasks), preview per task what is new, already here, conflicting or blocked, then apply in ONE
 * transaction through the same report rules as a report typed in (progress.service), each report dated as the unit
 * dated it (迟报 is judged on that date) and marked with the package it came from. A record that arrives again is
 * recognised by the unit's install and its id there, so applying a package twice, or one that overlaps, writes it once.
 */

type Of<T extends ReportRecord['type']> = Extract<ReportRecord, { type: T }>;

interface PlannedReport {
  record: Of<'report'>;
  action: 'new' | 'unchanged' | 'conflict' | 'blocked';
  note: string;
}

interface Planned {
  manifest: Manifest;
  manifestSha256: string;
  attachments: Map<string, Buffer>;
  unit: { id: number; name: string };
  what: string;
  needsTrust: boolean;
  fingerprint: string;
  stale: string | null;
  gap: string | null;
  reports: PlannedReport[];
  ticks: { record: Of<'milestone'>; action: 'update' | 'unchanged'; subject: string }[];
  steps: { record: Of<'noticeStep'>; action: 'new' | 'unchanged' | 'blocked'; subject: string; note: string }[];
}

type Db = Kysely<Database> | Transaction<Database>;

async function planReportPackage(db: Db, actor: Actor, input: PackageUpload, today: string, now: Date): Promise<Planned> {
  requireOffice(actor, '导入上报包');
  const what = `上报包“${input.fileName}”`;
  const opened = openPackage(decodeBase64Strict(input.contentBase64, `文件“${input.fileName}”`), what);
  const { manifest } = opened;
  if (manifest.kind !== 'report') throw new AppError('INVALID_INPUT', `“${input.fileName}”是下发包，应在“${manifest.receiver.unitName}”的电脑上导入，不能在这里导入。`);
  if (manifest.sender.role !== 'unit' || manifest.receiver.role !== 'office') throw new AppError('INVALID_INPUT', `${what}未导入：它不是单位发给领导小组办公室的上报包。`);
  const records = parseRecords(opened.lines, reportRecord, what);
  const install = await ensureInstall(db, now);
  if (install.unitId !== null) throw new AppError('FORBIDDEN', `${what}未导入：本机是由下发包建立的单位填报机，上报包应由领导小组办公室导入。`);
  if (manifest.receiver.installId !== install.installId) {
    throw new AppError('FORBIDDEN', `${what}未导入：它是发给另一台领导小组办公室电脑（编号 ${String(manifest.receiver.installId).slice(0, 8)}…）的，不是发给本机的。没有写入任何数据。`);
  }
  const unit = await db.selectFrom('units').select(['id', 'name', 'kind']).where('id', '=', manifest.sender.unitId).executeTakeFirst();
  if (!unit || unit.kind === 'office') throw new AppError('INVALID_INPUT', `${what}未导入：发出它的单位“${manifest.sender.unitName}”在本机的单位名单中不存在。`);
  const { needsTrust, fingerprint } = await checkSenderKey(db, manifest, what);
  const { stale, gap } = await orderOf(db, manifest, unit.id);
  const planned: Planned = { manifest, manifestSha256: opened.manifestSha256, attachments: opened.attachments, unit, what, needsTrust, fingerprint, stale, gap, reports: [], ticks: [], steps: [] };
  if (stale) return planned;

  const refuse = (message: string): never => {
    throw new AppError('FORBIDDEN', `${what}未导入：${message}没有写入任何数据。`);
  };
  const reports = records.filter((r): r is Of<'report'> => r.type === 'report');
  const ticks = records.filter((r): r is Of<'milestone'> => r.type === 'milestone');
  const steps = records.filter((r): r is Of<'noticeStep'> => r.type === 'noticeStep');
  const taskIds = [...new Set([...reports.map((r) => r.task_id), ...ticks.map((t) => t.task_id)])];
  const tasks = new Map(
    (
      await db
        .selectFrom('tasks')
        .select(['id', 'code', 'lead_unit_id', 'retired_at'])
        .select((eb) => eb.exists(eb.selectFrom('task_cooperators').select('unit_id').whereRef('task_cooperators.task_id', '=', 'tasks.id').where('unit_id', '=', unit.id)).as('cooperating'))
        .where('id', 'in', idList(taskIds))
        .execute()
    ).map((task) => [task.id, task]),
  );
  // A package carries only what its sender owns: a record on a task that is not the unit's refuses the whole package.
  for (const taskId of taskIds) {
    const task = tasks.get(taskId);
    if (!task) refuse(`其中涉及的任务（编号 ${taskId}）在本机不存在。`);
    if (task!.lead_unit_id !== unit.id && !task!.cooperating) refuse(`其中涉及任务 ${task!.code}，它不是“${unit.name}”牵头或配合的任务。`);
  }

  const seen = async (kind: 'report' | 'noticeStep', ids: number[]) =>
    new Set(
      (
        await db
          .selectFrom('exchange_items')
          .select('remote_id')
          .where('peer_install_id', '=', manifest.sender.installId)
          .where('kind', '=', kind)
          .where('remote_id', 'in', idList(ids))
          .execute()
      ).map((row) => row.remote_id),
    );
  const seenReports = await seen('report', reports.map((r) => r.id));
  const roundIds = [...new Set(reports.flatMap((r) => (r.round_id === null ? [] : [r.round_id])))];
  const rounds = new Map((await db.selectFrom('rounds').select(['id', 'name', 'state', 'period_start']).where('id', 'in', idList(roundIds)).execute()).map((round) => [round.id, round]));
  const asked = await db
    .selectFrom('round_tasks')
    .leftJoin('progress_reports as counted', 'counted.id', 'round_tasks.report_id')
    .select(['round_tasks.round_id', 'round_tasks.task_id', 'round_tasks.unit_id', 'round_tasks.role', 'counted.source', 'counted.source_ref', 'counted.report_date'])
    .where('round_tasks.round_id', 'in', idList(roundIds))
    .where('round_tasks.task_id', 'in', idList(taskIds))
    .execute();
  const askedOf = new Map<string, typeof asked>();
  for (const row of asked) askedOf.set(`${row.round_id}/${row.task_id}`, [...(askedOf.get(`${row.round_id}/${row.task_id}`) ?? []), row]);
  const askedKey = (roundId: number, taskId: number) => rowCountedFor(askedOf.get(`${roundId}/${taskId}`) ?? [], unit.id);
  for (const record of reports) {
    const task = tasks.get(record.task_id)!;
    for (const file of record.attachments) {
      if (!opened.attachments.has(file.sha256)) refuse(`任务 ${task.code} 的附件“${file.name}”不在包中。`);
      checkAttachmentName(file.name);
    }
    if (record.report_date > today) refuse(`任务 ${task.code} 的进展填报日期 ${record.report_date} 晚于今天（${today}）。`);
    if (seenReports.has(record.id)) {
      planned.reports.push({ record, action: 'unchanged', note: '此前已从上报包导入。' });
      continue;
    }
    if (task.retired_at) {
      planned.reports.push({ record, action: 'blocked', note: '该任务已撤销，这条进展不导入。' });
      continue;
    }
    const round = record.round_id === null ? null : rounds.get(record.round_id);
    if (record.round_id !== null) {
      const row = askedKey(record.round_id, record.task_id);
      if (!round || !row) {
        planned.reports.push({ record, action: 'blocked', note: '该任务已不在这次调度的范围内，这条进展不导入。' });
        continue;
      }
      if (round.state === 'closed') {
        planned.reports.push({ record, action: 'blocked', note: `调度“${round.name}”已结束，这条进展不导入；请单位在新的调度中填报。` });
        continue;
      }
      if (record.report_date < round.period_start) refuse(`任务 ${task.code} 的进展填报日期 ${record.report_date} 早于调度“${round.name}”的开始日期（${round.period_start}）。`);
      if (row.source === 'import' && row.source_ref && !row.source_ref.includes('上报包')) {
        planned.reports.push({ record, action: 'conflict', note: `本期已从 Excel 模板“${row.source_ref}”导入过这项任务的进展（填报日期 ${row.report_date ?? '未知'}）；两条都留在历史中，导入后本期以这条为准。` });
        continue;
      }
    }
    planned.reports.push({ record, action: 'new', note: '' });
  }

  const milestones = new Map((await db.selectFrom('milestones').select(['id', 'task_id', 'year', 'title', 'done_at', 'done_by_unit_id']).where('id', 'in', idList(ticks.map((t) => t.id))).execute()).map((m) => [m.id, m]));
  for (const record of ticks) {
    const milestone = milestones.get(record.id);
    if (!milestone || milestone.task_id !== record.task_id) refuse(`其中的阶段目标（编号 ${record.id}）在本机不存在或不属于任务 ${tasks.get(record.task_id)!.code}。`);
    const subject = `${tasks.get(record.task_id)!.code} ${milestone!.year}年 ${milestone!.title}`;
    // The unit's tick wins, but the office's own tick is never taken back by a unit that simply has not ticked.
    const tick = record.done_at !== null && milestone!.done_at === null;
    const untick = record.done_at === null && milestone!.done_at !== null && milestone!.done_by_unit_id === unit.id;
    planned.ticks.push({ record, action: tick || untick ? 'update' : 'unchanged', subject });
  }

  const seenSteps = await seen('noticeStep', steps.map((s) => s.id));
  const notices = new Map((await db.selectFrom('supervision_notices').select(['id', 'number', 'unit_id', 'state']).where('id', 'in', idList(steps.map((s) => s.notice_id))).execute()).map((n) => [n.id, n]));
  const stateNow = new Map<number, string>();
  for (const record of [...steps].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)) {
    const notice = notices.get(record.notice_id);
    if (!notice || notice.unit_id !== unit.id) refuse(`其中的督办单（编号 ${record.notice_id}）不是发给“${unit.name}”的。`);
    for (const file of record.attachments) {
      if (!opened.attachments.has(file.sha256)) refuse(`督办单 ${notice!.number} 的反馈材料“${file.name}”不在包中。`);
      checkAttachmentName(file.name);
    }
    const subject = `${notice!.number} ${record.action}`;
    if (seenSteps.has(record.id)) {
      planned.steps.push({ record, action: 'unchanged', subject, note: '此前已从上报包导入。' });
      continue;
    }
    const state = stateNow.get(notice!.id) ?? notice!.state;
    const allowed = record.action === '签收' ? state === 'issued' : state === 'signed' || state === 'returned';
    if (!allowed) {
      planned.steps.push({ record, action: 'blocked', subject, note: state === 'closed' ? '该督办单已办结。' : `督办单当前状态不能${record.action}。` });
      continue;
    }
    stateNow.set(notice!.id, record.action === '签收' ? 'signed' : 'replied');
    planned.steps.push({ record, action: 'new', subject, note: record.content.slice(0, 60) });
  }
  return planned;
}

function previewLines(planned: Planned, taskCode: (taskId: number) => string): PackagePreviewLine[] {
  return [
    ...planned.reports.map(({ record, action, note }) => ({
      what: '进展',
      subject: `任务 ${taskCode(record.task_id)}`,
      action,
      note: [`${record.status}，${record.percent}%，单位填报日期 ${record.report_date}`, record.attachments.length > 0 ? `附件 ${record.attachments.length} 个` : '', note].filter(Boolean).join('；'),
    })),
    ...planned.ticks.map(({ record, action, subject }) => ({ what: '阶段目标', subject, action, note: record.done_at ? `已完成（${record.done_by ?? ''}）` : '未完成' })),
    ...planned.steps.map(({ action, subject, note }) => ({ what: '督办', subject, action, note })),
  ];
}

async function taskCodes(db: Db, planned: Planned): Promise<(taskId: number) => string> {
  const ids = [...new Set([...planned.reports.map((r) => r.record.task_id)])];
  const codes = new Map((await db.selectFrom('tasks').select(['id', 'code']).where('id', 'in', idList(ids)).execute()).map((t) => [t.id, t.code]));
  return (taskId) => codes.get(taskId) ?? String(taskId);
}

export async function previewReportPackage(db: Kysely<Database>, actor: Actor, input: PackageUpload, today: string, now: Date): Promise<PackagePreview> {
  const planned = await planReportPackage(db, actor, input, today, now);
  const lines = previewLines(planned, await taskCodes(db, planned));
  const { manifest } = planned;
  return {
    fileName: input.fileName,
    kind: 'report',
    sender: { ...manifest.sender, fingerprint: planned.fingerprint },
    unitId: planned.unit.id,
    unitName: planned.unit.name,
    seq: manifest.sequence.to,
    seqFrom: manifest.sequence.from,
    createdAt: manifest.createdAt,
    needsTrust: planned.needsTrust,
    gap: planned.gap,
    stale: planned.stale,
    lines,
    counts: countLines(lines),
  };
}

export async function applyReportPackage(db: Kysely<Database>, files: AttachmentStore, actor: Actor, input: PackageApplyInput, today: string, now: Date): Promise<PackageApplyResult> {
  // Checked once before any file is written, then again inside the transaction, which writes what it checked.
  const before = await planReportPackage(db, actor, input, today, now);
  if (before.stale) return { kind: 'report', seq: before.manifest.sequence.to, unchanged: true, written: {}, gap: null };
  requireConfirmed(before.needsTrust, before.fingerprint, input.confirmFingerprint, before.manifest, before.what);
  if (before.gap && !input.acceptGap) {
    throw new AppError('CONFLICT', `${before.what}：${before.gap}。可以先导入缺少的包；如确认不再补，可选择“仍然导入”，缺号会记录在案。没有写入任何数据。`);
  }
  const toRecord = (planned: Planned) => planned.reports.filter((r) => r.action === 'new' || r.action === 'conflict');
  // Attachment files first, durably (attachment-store.ts), then one transaction; a failed transaction removes them.
  // By record and content: a report's files under `${report id}/${sha256}`, a 反馈's under `step ${step id}/${sha256}`.
  // Off the main thread (saveAsync), one file after another: a package brings up to 50 MB of files, whose writes and
  // fsyncs held the window (or, on a server, everyone's calls) for the whole of them.
  const saved = new Map<string, StoredFile>();
  const save = async (key: string, file: { sha256: string; name: string }) => {
    if (!saved.has(key)) saved.set(key, await files.saveAsync(before.attachments.get(file.sha256)!, file.name));
  };
  try {
    for (const { record } of toRecord(before)) for (const file of record.attachments) await save(`${record.id}/${file.sha256}`, file);
    for (const { record } of before.steps.filter((step) => step.action === 'new')) for (const file of record.attachments) await save(`step ${record.id}/${file.sha256}`, file);
    return await db.transaction().execute(async (trx) => {
      const planned = await planReportPackage(trx, actor, input, today, now);
      const ids = (p: Planned) => toRecord(p).map((r) => r.record.id).join(',');
      if (planned.stale || ids(planned) !== ids(before)) throw new AppError('CONFLICT', `${before.what}：导入时数据有变动（可能同时有人导入了同一个包），请重新预览后再导入。没有写入任何数据。`);
      return writeReportPackage(trx, planned, saved, actor, input.fileName, now);
    });
  } catch (error) {
    for (const file of saved.values()) files.remove(file.storedName);
    throw error;
  }
}

async function writeReportPackage(trx: Transaction<Database>, planned: Planned, saved: Map<string, StoredFile>, actor: Actor, fileName: string, now: Date): Promise<PackageApplyResult> {
  const { manifest, unit } = planned;
  const peer = manifest.sender.installId;
  const recorded = planned.reports.filter((r) => r.action === 'new' || r.action === 'conflict');
  // Reports in the unit's order, in runs that share a round and a report date (the writer takes one of each per call).
  let reportCount = 0;
  for (let start = 0; start < recorded.length; ) {
    const { round_id: roundId, report_date: reportDate } = recorded[start]!.record;
    let end = start;
    while (end < recorded.length && recorded[end]!.record.round_id === roundId && recorded[end]!.record.report_date === reportDate) end += 1;
    const run = recorded.slice(start, end);
    const entries: ReportEntry[] = run.map(({ record }) => ({
      actor: { role: 'unit', unitId: unit.id, label: `${record.reporter}（上报包）` },
      input: { taskId: record.task_id, status: record.status, percent: record.percent, progress: record.progress, problems: record.problems, nextSteps: record.next_steps, coordination: record.coordination },
    }));
    const { reportIds } = await recordReports(trx, entries, { source: 'import', sourceRef: `${fileName}（上报包）`, roundId, reportDate });
    const attachmentRows = run.flatMap(({ record }, i) =>
      record.attachments.map((file) => {
        const stored = saved.get(`${record.id}/${file.sha256}`)!;
        return { report_id: reportIds[i]!, stored_name: stored.storedName, original_name: file.name, size: stored.size, sha256: stored.sha256 };
      }),
    );
    if (attachmentRows.length > 0) await trx.insertInto('attachments').values(attachmentRows).execute();
    await trx
      .insertInto('exchange_items')
      .values(run.map(({ record }, i) => ({ peer_install_id: peer, kind: 'report', remote_id: record.id, local_id: reportIds[i]! })))
      .execute();
    reportCount += run.length;
    start = end;
  }

  let tickCount = 0;
  for (const { record, action } of planned.ticks) {
    if (action !== 'update') continue;
    await trx
      .updateTable('milestones')
      .set(record.done_at ? { done_at: record.done_at, done_by: record.done_by, done_by_unit_id: unit.id } : { done_at: null, done_by: null, done_by_unit_id: null })
      .where('id', '=', record.id)
      .execute();
    await recordTaskEvent(trx, {
      taskId: record.task_id,
      kind: record.done_at ? 'milestone_done' : 'milestone_undone',
      summary: `${record.done_at ? '完成' : '取消完成'}阶段目标（导入自上报包 ${fileName}）`,
      actor: { unitId: unit.id, label: record.done_by ?? unit.name },
    });
    tickCount += 1;
  }

  let stepCount = 0;
  for (const { record, action } of planned.steps) {
    if (action !== 'new') continue;
    // The unit's time is kept: 逾期 of a notice is judged on when the unit replied (notice-overdue.ts).
    const { id } = await trx
      .insertInto('notice_steps')
      .values({ notice_id: record.notice_id, action: record.action, content: record.content, actor: `${record.actor}（上报包）`, unit_id: unit.id, created_at: record.created_at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('exchange_items').values({ peer_install_id: peer, kind: 'noticeStep', remote_id: record.id, local_id: id }).execute();
    // Its files were written before the transaction (a step planned new then, as now: the package is the same).
    const files = record.attachments.flatMap((file) => {
      const stored = saved.get(`step ${record.id}/${file.sha256}`);
      return stored ? [{ step_id: id, stored_name: stored.storedName, original_name: file.name, size: stored.size, sha256: stored.sha256 }] : [];
    });
    if (files.length > 0) await trx.insertInto('notice_attachments').values(files).execute();
    stepCount += 1;
  }
  await settleNoticeStates(trx, new Map(planned.steps.filter((s) => s.action === 'new').map((s) => [s.record.notice_id, s.record.action])));

  if (planned.needsTrust) await trustSender(trx, manifest, planned.fingerprint, actor.label, now);
  await logPackage(trx, {
    direction: 'received',
    kind: 'report',
    peerInstallId: peer,
    unitId: unit.id,
    seq: manifest.sequence.to,
    seqFrom: manifest.sequence.from,
    basis: manifest.acknowledged,
    manifestSha256: planned.manifestSha256,
    fileName,
    gap: planned.gap,
    actor: actor.label,
    now,
  });
  return { kind: 'report', seq: manifest.sequence.to, unchanged: false, written: { reports: reportCount, attachments: saved.size, milestones: tickCount, noticeSteps: stepCount }, gap: planned.gap };
}
