import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../api/access';
import { AppError } from '../api/errors';
import type { PackageApplyResult, PackagePreview, PackagePreviewLine } from '../api/exchange-packages.types';
import type { Database } from '../db/database.types';
import { idList } from '../db/sql-forms';
import { decodeBase64Strict } from '../files/upload-content';
import { getWarningThresholds, setWarningThresholds } from '../settings/settings.service';
import { refreshAllTaskLights } from '../tasks/task-lights';
import { checkSenderKey, logPackage, orderOf, requireConfirmed, trustSender } from './exchange-log';
import { ensureInstall, type InstallIdentity } from './install-keys';
import { upsertRows } from './mirror-rows';
import { dispatchRecord, type DispatchRecord, type Manifest } from './package-format';
import { openPackage, parseRecords } from './package-zip';
import { countLines } from './preview-lines';

/**
 * A unit's PC takes a 下发包. The first one makes a new install that unit's own: what the office owns replaces the
 * plan, units and assignments the install started with (nothing of the unit's exists yet), and the office's key is
 * trusted once the person confirms its fingerprint. Later ones bring the office's changes: every office-owned row is
 * written by its id at the office, and nothing the unit owns (reports, attachments, ticks, 签收/反馈) is touched.
 */

type Of<T extends DispatchRecord['type']> = Extract<DispatchRecord, { type: T }>;

export interface PackageUpload {
  fileName: string;
  contentBase64: string;
}

export interface PackageApplyInput extends PackageUpload {
  confirmFingerprint?: string | undefined;
  acceptGap: boolean;
}

interface ReadDispatch {
  manifest: Manifest;
  manifestSha256: string;
  records: DispatchRecord[];
  install: InstallIdentity;
  needsTrust: boolean;
  fingerprint: string;
  stale: string | null;
  what: string;
}

async function readDispatch(db: Kysely<Database> | Transaction<Database>, input: PackageUpload, now: Date): Promise<ReadDispatch> {
  const what = `下发包“${input.fileName}”`;
  const opened = openPackage(decodeBase64Strict(input.contentBase64, `文件“${input.fileName}”`), what);
  const { manifest } = opened;
  if (manifest.kind !== 'dispatch') {
    throw new AppError('INVALID_INPUT', `“${input.fileName}”是“${manifest.sender.unitName}”的上报包，应由领导小组办公室在“调度”中导入，不能在这里导入。`);
  }
  if (manifest.sender.role !== 'office' || manifest.receiver.role !== 'unit') throw new AppError('INVALID_INPUT', `${what}未导入：它不是领导小组办公室发给单位的下发包。`);
  const records = parseRecords(opened.lines, dispatchRecord, what);
  const install = await ensureInstall(db, now);
  const { receiver } = manifest;
  if (receiver.installId !== null && receiver.installId !== install.installId) {
    throw new AppError('FORBIDDEN', `${what}未导入：它是发给“${receiver.unitName}”另一台电脑（编号 ${receiver.installId.slice(0, 8)}…）的，不是发给本机的。没有写入任何数据。`);
  }
  if (install.unitId !== null && install.unitId !== receiver.unitId) {
    const bound = await db.selectFrom('units').select('name').where('id', '=', install.unitId).executeTakeFirst();
    throw new AppError('FORBIDDEN', `${what}未导入：它是发给“${receiver.unitName}”的，本机是“${bound?.name ?? '另一单位'}”的填报机。没有写入任何数据。`);
  }
  if (install.unitId === null) await requireNewInstall(db, receiver.unitName, what);
  // A unit's PC answers to the office whose 下发包 made it, and to no other, whatever key the other presents.
  else if (install.officeInstallId !== manifest.sender.installId) {
    throw new AppError('FORBIDDEN', `${what}未导入：它不是由本机所属的领导小组办公室那台电脑发出的（发出方编号 ${manifest.sender.installId.slice(0, 8)}…）。没有写入任何数据。`);
  }
  const { needsTrust, fingerprint } = await checkSenderKey(db, manifest, what);
  const { stale } = await orderOf(db, manifest, receiver.unitId);
  return { manifest, manifestSha256: opened.manifestSha256, records, install, needsTrust, fingerprint, stale, what };
}

/** Only a new install becomes a unit's: one that holds reports, rounds or notices, or sends packages, is somebody's. */
async function requireNewInstall(db: Kysely<Database> | Transaction<Database>, unitName: string, what: string): Promise<void> {
  const count = async (table: 'progress_reports' | 'rounds' | 'supervision_notices' | 'exchange_packages' | 'projects') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  if ((await count('exchange_packages')) > 0) throw new AppError('FORBIDDEN', `${what}未导入：本机是领导小组办公室的电脑（已导出或导入过交换包），不能改为“${unitName}”的填报机。`);
  const held = (await count('progress_reports')) + (await count('rounds')) + (await count('supervision_notices')) + (await count('projects'));
  if (held > 0) {
    throw new AppError(
      'CONFLICT',
      `${what}未导入：本机已有填报、调度、督办或项目数据，不能改为“${unitName}”的填报机（导入会让这些数据与办公室的对不上）。请在新安装的规划督办台中导入；没有写入任何数据。`,
    );
  }
}

export async function previewDispatchPackage(db: Kysely<Database>, input: PackageUpload, now: Date): Promise<PackagePreview> {
  const read = await readDispatch(db, input, now);
  const lines = read.stale ? [] : await describeChanges(db, read);
  return {
    fileName: input.fileName,
    kind: 'dispatch',
    sender: { ...read.manifest.sender, fingerprint: read.fingerprint },
    unitId: read.manifest.receiver.unitId,
    unitName: read.manifest.receiver.unitName,
    seq: read.manifest.sequence.to,
    seqFrom: read.manifest.sequence.from,
    createdAt: read.manifest.createdAt,
    needsTrust: read.needsTrust,
    gap: null,
    stale: read.stale,
    lines,
    counts: countLines(lines),
  };
}

/** Per task, round and notice: new here, changed by the office, or as it was. */
async function describeChanges(db: Kysely<Database>, read: ReadDispatch): Promise<PackagePreviewLine[]> {
  const lines: PackagePreviewLine[] = [];
  const tasks = read.records.filter((r): r is Of<'task'> => r.type === 'task');
  const known = new Map(
    (await db.selectFrom('tasks').select(['id', 'code', 'text', 'version', 'deadline', 'lead_unit_id', 'retired_at']).where('id', 'in', idList(tasks.map((t) => t.id))).execute()).map((t) => [t.id, t]),
  );
  const fresh = read.install.unitId === null;
  for (const task of tasks) {
    const local = fresh ? undefined : known.get(task.id);
    const changed = local && (local.version !== task.version || local.deadline !== task.deadline || local.lead_unit_id !== task.lead_unit_id || local.retired_at !== task.retired_at);
    lines.push({
      what: '任务',
      subject: `${task.code} ${task.text.slice(0, 40)}`,
      action: !local ? 'new' : changed ? 'update' : 'unchanged',
      note: task.deadline ? `完成时限 ${task.deadline}${local && local.deadline !== task.deadline ? `（原为 ${local.deadline ?? '未定'}）` : ''}` : '',
    });
  }
  for (const round of read.records.filter((r): r is Of<'round'> => r.type === 'round')) {
    const local = fresh ? undefined : await db.selectFrom('rounds').select(['due_date']).where('id', '=', round.id).executeTakeFirst();
    lines.push({ what: '调度', subject: round.name, action: !local ? 'new' : local.due_date !== round.due_date ? 'update' : 'unchanged', note: `${round.due_date} 前报送，本单位 ${round.task_ids.length} 项任务` });
  }
  for (const notice of read.records.filter((r): r is Of<'notice'> => r.type === 'notice')) {
    const local = fresh ? undefined : await db.selectFrom('supervision_notices').select(['reply_due']).where('id', '=', notice.id).executeTakeFirst();
    lines.push({ what: '督办', subject: notice.number, action: !local ? 'new' : 'unchanged', note: `${notice.reply_due} 前反馈` });
  }
  return lines;
}

export async function applyDispatchPackage(db: Kysely<Database>, actor: Actor | null, input: PackageApplyInput, now: Date): Promise<PackageApplyResult> {
  return db.transaction().execute(async (trx) => {
    const read = await readDispatch(trx, input, now);
    const { manifest } = read;
    if (read.stale) return { kind: 'dispatch', seq: manifest.sequence.to, unchanged: true, written: {}, gap: null };
    requireConfirmed(read.needsTrust, read.fingerprint, input.confirmFingerprint, manifest, read.what);
    const unitId = manifest.receiver.unitId;
    const first = read.install.unitId === null;
    if (first) await clearStartingData(trx, read.records);
    const written = await writeOfficeRecords(trx, read.records, unitId, { officeInstallId: manifest.sender.installId, createdAt: manifest.createdAt });
    const who = actor?.label ?? `${manifest.receiver.unitName}（首次导入下发包）`;
    if (first) {
      await trx.updateTable('exchange_install').set({ unit_id: unitId, office_install_id: manifest.sender.installId }).where('id', '=', 1).execute();
    }
    if (read.needsTrust) await trustSender(trx, manifest, read.fingerprint, who, now);
    await logPackage(trx, {
      direction: 'received',
      kind: 'dispatch',
      peerInstallId: manifest.sender.installId,
      unitId,
      seq: manifest.sequence.to,
      seqFrom: manifest.sequence.from,
      basis: manifest.acknowledged,
      manifestSha256: read.manifestSha256,
      fileName: input.fileName,
      actor: who,
      now,
    });
    return { kind: 'dispatch', seq: manifest.sequence.to, unchanged: false, written, gap: null };
  });
}

/**
 * A new install's own plan structure and assignments give way to the office's. Nothing here is anyone's work yet
 * (requireNewInstall): tasks and their structure are replaced; plans the office also has keep their rows (and the
 * indicator table shipped with them).
 */
async function clearStartingData(trx: Transaction<Database>, records: DispatchRecord[]): Promise<void> {
  const planIds = records.filter((r) => r.type === 'plan').map((r) => r.id);
  await trx.deleteFrom('task_events').execute();
  await trx.deleteFrom('task_lineage').execute();
  await trx.deleteFrom('project_tasks').execute();
  await trx.deleteFrom('milestones').execute();
  await trx.deleteFrom('task_targets').execute();
  await trx.deleteFrom('task_cooperators').execute();
  await trx.deleteFrom('tasks').execute();
  await trx.deleteFrom('measures').execute();
  await trx.deleteFrom('sections').execute();
  await trx.deleteFrom('chapters').execute();
  const otherPlans = (await trx.selectFrom('plans').select('id').where('id', 'not in', idList(planIds)).execute()).map((p) => p.id);
  if (otherPlans.length > 0) {
    const indicators = trx.selectFrom('indicators').select('id').where('plan_id', 'in', idList(otherPlans));
    await trx.deleteFrom('indicator_values').where('indicator_id', 'in', indicators).execute();
    await trx.deleteFrom('indicators').where('plan_id', 'in', idList(otherPlans)).execute();
    await trx.deleteFrom('plan_imports').where('plan_id', 'in', idList(otherPlans)).execute();
    await trx.deleteFrom('plans').where('id', 'in', idList(otherPlans)).execute();
  }
}

const pick = <T extends DispatchRecord['type']>(records: DispatchRecord[], type: T) => records.filter((r): r is Of<T> => r.type === type);

async function writeOfficeRecords(
  trx: Transaction<Database>,
  records: DispatchRecord[],
  unitId: number,
  origin: { officeInstallId: string; createdAt: string },
): Promise<Record<string, number>> {
  // Units: a name the office moved from one unit to another must not collide on the way (names are unique).
  const units = pick(records, 'unit');
  const localUnits = new Map((await trx.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  for (const unit of units) {
    if (localUnits.has(unit.id) && localUnits.get(unit.id) !== unit.name) await trx.updateTable('units').set({ name: `\u0000${unit.id}` }).where('id', '=', unit.id).execute();
  }
  const unitRows = units.map(({ id, name, kind, seq, retired_at }) => ({ id, name, kind, seq, retired_at }));
  await upsertRows(trx, 'units', unitRows, ['id', 'name', 'kind', 'seq', 'retired_at'], ['id'], ['name', 'kind', 'seq', 'retired_at']);
  await trx.deleteFrom('unit_aliases').execute();
  const aliases = units.flatMap((unit) => unit.aliases.map((alias) => ({ unit_id: unit.id, alias })));
  await upsertRows(trx, 'unit_aliases', aliases, ['unit_id', 'alias'], ['alias'], []);

  const plans = pick(records, 'plan').map(({ type: _type, ...row }) => row);
  const planColumns = ['id', 'code', 'title', 'issued_on', 'period_start', 'period_end', 'outlook_year', 'preface', 'indicator_notes', 'source_name'] as const;
  await upsertRows(trx, 'plans', plans, planColumns, ['id'], planColumns.slice(1));
  const chapterColumns = ['id', 'plan_id', 'seq', 'code', 'heading', 'title', 'intro', 'region', 'has_tasks'] as const;
  await upsertRows(trx, 'chapters', pick(records, 'chapter'), chapterColumns, ['id'], chapterColumns.slice(1));
  const sectionColumns = ['id', 'plan_id', 'chapter_id', 'seq', 'code', 'heading', 'title', 'intro'] as const;
  await upsertRows(trx, 'sections', pick(records, 'section'), sectionColumns, ['id'], sectionColumns.slice(1));
  const measureColumns = ['id', 'plan_id', 'section_id', 'seq', 'code', 'title', 'body', 'next_task_seq'] as const;
  await upsertRows(trx, 'measures', pick(records, 'measure'), measureColumns, ['id'], measureColumns.slice(1));

  // Tasks: the office's fields only; status, percent and the last report's time stay as the unit's reports left them.
  const tasks = pick(records, 'task');
  const taskIds = tasks.map((t) => t.id);
  const taskColumns = ['id', 'plan_id', 'measure_id', 'seq', 'code', 'text', 'origin', 'version', 'retired_at', 'start_date', 'deadline', 'standard', 'note', 'lead_unit_id'] as const;
  await upsertRows(trx, 'tasks', tasks, taskColumns, ['id'], taskColumns.slice(1));
  // A task no longer in the package is no longer this unit's: it keeps the unit's reports, not the assignment.
  await trx.updateTable('tasks').set({ lead_unit_id: null }).where('lead_unit_id', '=', unitId).where('id', 'not in', idList(taskIds)).execute();
  await trx.deleteFrom('task_cooperators').where((eb) => eb.or([eb('task_id', 'in', idList(taskIds)), eb('unit_id', '=', unitId)])).execute();
  const cooperators = tasks.flatMap((task) => task.cooperators.map((unit) => ({ task_id: task.id, unit_id: unit })));
  await upsertRows(trx, 'task_cooperators', cooperators, ['task_id', 'unit_id'], ['task_id', 'unit_id'], []);

  // Milestones: the office's title and dates; the unit's tick (done_at, done_by) stays.
  const milestones = pick(records, 'milestone');
  await trx.deleteFrom('milestones').where('task_id', 'in', idList(taskIds)).where('id', 'not in', idList(milestones.map((m) => m.id))).execute();
  await upsertRows(trx, 'milestones', milestones, ['id', 'task_id', 'year', 'title', 'due_date'], ['id'], ['task_id', 'year', 'title', 'due_date']);
  await trx.deleteFrom('task_targets').where('task_id', 'in', idList(taskIds)).execute();
  await upsertRows(trx, 'task_targets', pick(records, 'target'), ['id', 'task_id', 'description', 'value', 'unit_of_measure', 'year'], ['id'], ['task_id', 'description', 'value', 'unit_of_measure', 'year']);

  // Rounds: the open ones that include the unit; one the package no longer carries was closed at the office.
  const rounds = pick(records, 'round');
  const roundIds = rounds.map((r) => r.id);
  const roundColumns = ['id', 'plan_id', 'name', 'period_start', 'period_end', 'due_date', 'state', 'opened_by', 'opened_at', 'report_scope'] as const;
  await upsertRows(trx, 'rounds', rounds, roundColumns, ['id'], roundColumns.slice(1));
  await trx
    .updateTable('rounds')
    .set({ state: 'closed', closed_by: '领导小组办公室（据下发包）', closed_at: origin.createdAt })
    .where('state', '=', 'open')
    .where('id', 'not in', idList(roundIds))
    .execute();
  await upsertRows(trx, 'round_units', rounds.map((r) => ({ round_id: r.id, unit_id: unitId })), ['round_id', 'unit_id'], ['round_id', 'unit_id'], []);
  const owed = rounds.flatMap((r) =>
    r.task_ids.map((taskId) => ({ round_id: r.id, task_id: taskId, unit_id: unitId, role: r.cooperating_task_ids.includes(taskId) ? 'cooperating' : 'lead' })),
  );
  await upsertRows(trx, 'round_tasks', owed, ['round_id', 'task_id', 'unit_id', 'role'], ['round_id', 'task_id', 'unit_id'], ['role']);

  // Notices to the unit, their tasks and the office's steps; each notice's state follows its latest step.
  const notices = pick(records, 'notice');
  const noticeRows = notices.map(({ type: _type, task_ids: _taskIds, ...row }) => ({ ...row, unit_id: unitId }));
  const noticeColumns = ['id', 'plan_id', 'year', 'seq', 'number', 'unit_id', 'level', 'reason', 'requirement', 'reply_due', 'issued_at', 'closed_at'] as const;
  await upsertRows(trx, 'supervision_notices', noticeRows, noticeColumns, ['id'], noticeColumns.slice(1));
  await upsertRows(trx, 'notice_tasks', notices.flatMap((n) => n.task_ids.map((taskId) => ({ notice_id: n.id, task_id: taskId }))), ['notice_id', 'task_id'], ['notice_id', 'task_id'], []);
  let newSteps = 0;
  const steps = pick(records, 'noticeStep');
  const seen = new Set(
    (
      await trx
        .selectFrom('exchange_items')
        .select('remote_id')
        .where('peer_install_id', '=', origin.officeInstallId)
        .where('kind', '=', 'noticeStep')
        .where('remote_id', 'in', idList(steps.map((s) => s.id)))
        .execute()
    ).map((row) => row.remote_id),
  );
  const office = units.find((u) => u.kind === 'office');
  const arrived = new Map<number, string>();
  for (const step of steps.filter((s) => !seen.has(s.id))) {
    arrived.set(step.notice_id, step.action);
    const { id } = await trx
      .insertInto('notice_steps')
      .values({ notice_id: step.notice_id, action: step.action, content: step.content, actor: step.actor, unit_id: office?.id ?? null, created_at: step.created_at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('exchange_items').values({ peer_install_id: origin.officeInstallId, kind: 'noticeStep', remote_id: step.id, local_id: id }).execute();
    newSteps += 1;
  }
  await settleNoticeStates(trx, arrived);

  const incoming = pick(records, 'thresholds')[0];
  const thresholds = incoming ? (({ type: _type, ...values }) => values)(incoming) : await getWarningThresholds(trx);
  // The office's dates, lead units and plan periods just written: every task's light dates again (a unit's few
  // hundred), under the thresholds in force after this package — once: storing the office's thresholds next finds
  // the lights already worked out for them and does not work them out a second time.
  await refreshAllTaskLights(trx, thresholds);
  if (incoming) await setWarningThresholds(trx, thresholds);
  return { tasks: tasks.length, rounds: rounds.length, notices: notices.length, noticeSteps: newSteps };
}

const STATE_AFTER: Record<string, string> = { 交办: 'issued', 签收: 'signed', 反馈: 'replied', 退回: 'returned', 办结: 'closed' };

/**
 * A notice's state after steps arrive from the other side: the state the newest arrived step leads to. Steps arrive
 * only in answer to what the sender had seen (the office returns a 反馈 it received; a unit replies to a 退回 that
 * reached it), so the arrived step is the latest in the notice's life, whatever the two PCs' clocks say.
 */
export async function settleNoticeStates(trx: Transaction<Database>, arrived: ReadonlyMap<number, string>): Promise<void> {
  for (const [noticeId, action] of arrived) {
    const state = STATE_AFTER[action] ?? 'issued';
    const closedAt = state === 'closed' ? ((await trx.selectFrom('notice_steps').select('created_at').where('notice_id', '=', noticeId).where('action', '=', '办结').orderBy('id', 'desc').executeTakeFirst())?.created_at ?? null) : null;
    await trx.updateTable('supervision_notices').set({ state, closed_at: closedAt }).where('id', '=', noticeId).execute();
  }
}
