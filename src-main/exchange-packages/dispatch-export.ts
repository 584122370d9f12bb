import type { Kysely } from 'kysely';
import type { Actor } from '../api/access';
import { AppError } from '../api/errors';
import type { ExportedFile } from '../api/reports.types';
import type { RoundReportScope } from '../api/rounds.types';
import type { Database } from '../db/database.types';
import { idList } from '../db/sql-forms';
import { chinaDateOf } from '../rules/report-date';
import { getWarningThresholds } from '../settings/settings.service';
import { requireOffice } from '../tasks/task-rules';
import { lastSeq, logPackage } from './exchange-log';
import { ensureInstall } from './install-keys';
import { FORMAT_VERSION, PACKAGE_FORMAT, PAYLOAD_SCHEMA_VERSION, type DispatchRecord, type Manifest } from './package-format';
import { writePackage } from './package-zip';

/**
 * 下发包 (office → one unit): everything the office owns that the unit needs to work offline — the units, the plans'
 * text and structure, the tasks the unit leads or cooperates on with every field the office owns (never status or
 * percent, which the unit's reports decide), their milestones (without ticks) and targets, the open rounds that include
 * the unit, the notices addressed to it with the office's steps, the warning thresholds, and the number of the unit's
 * last 上报包 applied here. Each 下发包 is complete, so it carries numbers 1…n and a missing one never leaves a gap.
 */
export async function exportDispatchPackage(db: Kysely<Database>, actor: Actor, input: { unitId: number }, now: Date): Promise<ExportedFile> {
  requireOffice(actor, '导出下发包');
  const install = await ensureInstall(db, now);
  if (install.unitId !== null) throw new AppError('FORBIDDEN', '本机是由下发包建立的单位填报机，不能导出下发包。');
  const unit = await db.selectFrom('units').select(['id', 'name', 'kind', 'retired_at']).where('id', '=', input.unitId).executeTakeFirst();
  if (!unit || unit.kind === 'office') throw new AppError('NOT_FOUND', '找不到该单位，请刷新单位名单后重试。');
  if (unit.retired_at) throw new AppError('CONFLICT', `“${unit.name}”已撤销，不能再向其下发。`);

  const records = await dispatchRecords(db, unit.id);
  const peer = await db.selectFrom('exchange_peers').select('install_id').where('role', '=', 'unit').where('unit_id', '=', unit.id).executeTakeFirst();
  const office = await db.selectFrom('units').select(['id', 'name']).where('kind', '=', 'office').orderBy('seq').executeTakeFirstOrThrow();

  return db.transaction().execute(async (trx) => {
    const seq = (await lastSeq(trx, 'sent', 'dispatch', unit.id)) + 1;
    const acknowledged = await lastSeq(trx, 'received', 'report', unit.id);
    const manifest: Omit<Manifest, 'files'> = {
      format: PACKAGE_FORMAT,
      formatVersion: FORMAT_VERSION,
      schemaVersion: PAYLOAD_SCHEMA_VERSION,
      kind: 'dispatch',
      createdAt: now.toISOString(),
      sender: { installId: install.installId, role: 'office', unitId: office.id, unitName: office.name, publicKey: install.publicKey },
      receiver: { installId: peer?.install_id ?? null, role: 'unit', unitId: unit.id, unitName: unit.name },
      sequence: { from: 1, to: seq },
      acknowledged,
    };
    const { bytes, manifestSha256 } = await writePackage({ manifest, records, attachments: new Map() }, install.privateKey);
    const fileName = `${unit.name}-下发包-第${seq}号-${chinaDateOf(now)}.zip`;
    await logPackage(trx, {
      direction: 'sent',
      kind: 'dispatch',
      peerInstallId: peer?.install_id ?? null,
      unitId: unit.id,
      seq,
      seqFrom: 1,
      basis: acknowledged,
      manifestSha256,
      fileName,
      actor: actor.label,
      now,
    });
    return { fileName, contentBase64: bytes.toString('base64') };
  });
}

/** The records of a unit's 下发包, in the order a receiver can insert them (what is referred to comes first). */
export async function dispatchRecords(db: Kysely<Database>, unitId: number): Promise<DispatchRecord[]> {
  const records: DispatchRecord[] = [];
  const units = await db.selectFrom('units').select(['id', 'name', 'kind', 'seq', 'retired_at']).orderBy('id').execute();
  const aliases = await db.selectFrom('unit_aliases').select(['unit_id', 'alias']).execute();
  for (const unit of units) {
    records.push({
      type: 'unit',
      ...unit,
      kind: unit.kind as 'office',
      aliases: aliases.filter((alias) => alias.unit_id === unit.id).map((alias) => alias.alias),
    });
  }
  const plans = await db
    .selectFrom('plans')
    .select(['id', 'code', 'title', 'issued_on', 'period_start', 'period_end', 'outlook_year', 'preface', 'indicator_notes', 'source_name'])
    .orderBy('id')
    .execute();
  for (const plan of plans) records.push({ type: 'plan', ...plan });
  for (const chapter of await db.selectFrom('chapters').selectAll().orderBy('id').execute()) {
    records.push({ type: 'chapter', ...chapter, has_tasks: chapter.has_tasks === 1 ? 1 : 0 });
  }
  for (const section of await db.selectFrom('sections').selectAll().orderBy('id').execute()) records.push({ type: 'section', ...section });
  for (const measure of await db.selectFrom('measures').selectAll().orderBy('id').execute()) records.push({ type: 'measure', ...measure });

  // The unit's tasks: those it leads or cooperates on, and any a round or a notice asks of it (reassigned since).
  const rounds = await db
    .selectFrom('rounds')
    .innerJoin('round_units as ru', 'ru.round_id', 'rounds.id')
    .select(['rounds.id', 'rounds.plan_id', 'rounds.name', 'rounds.period_start', 'rounds.period_end', 'rounds.due_date', 'rounds.state', 'rounds.opened_by', 'rounds.opened_at', 'rounds.report_scope'])
    .where('ru.unit_id', '=', unitId)
    .where('rounds.state', '=', 'open')
    .orderBy('rounds.id')
    .execute();
  const owed = await db
    .selectFrom('round_tasks')
    .select(['round_id', 'task_id', 'role'])
    .where('unit_id', '=', unitId)
    .where('round_id', 'in', idList(rounds.map((round) => round.id)))
    .execute();
  const notices = await db.selectFrom('supervision_notices').selectAll().where('unit_id', '=', unitId).orderBy('id').execute();
  const noticeTasks = await db.selectFrom('notice_tasks').select(['notice_id', 'task_id']).where('notice_id', 'in', idList(notices.map((notice) => notice.id))).execute();
  const involved = await db
    .selectFrom('tasks')
    .select('id')
    .where((eb) => eb.or([eb('lead_unit_id', '=', unitId), eb('id', 'in', eb.selectFrom('task_cooperators').select('task_id').where('unit_id', '=', unitId))]))
    .execute();
  const taskIds = [...new Set([...involved.map((task) => task.id), ...owed.map((row) => row.task_id), ...noticeTasks.map((row) => row.task_id)])].sort((a, b) => a - b);
  const tasks = await db
    .selectFrom('tasks')
    .select(['id', 'plan_id', 'measure_id', 'seq', 'code', 'text', 'origin', 'version', 'retired_at', 'start_date', 'deadline', 'standard', 'note', 'lead_unit_id'])
    .where('id', 'in', idList(taskIds))
    .orderBy('id')
    .execute();
  const cooperators = await db.selectFrom('task_cooperators').select(['task_id', 'unit_id']).where('task_id', 'in', idList(taskIds)).execute();
  for (const task of tasks) {
    records.push({
      type: 'task',
      ...task,
      origin: task.origin as 'plan',
      cooperators: cooperators.filter((row) => row.task_id === task.id).map((row) => row.unit_id),
    });
  }
  for (const milestone of await db.selectFrom('milestones').select(['id', 'task_id', 'year', 'title', 'due_date']).where('task_id', 'in', idList(taskIds)).orderBy('id').execute()) {
    records.push({ type: 'milestone', ...milestone });
  }
  for (const target of await db.selectFrom('task_targets').selectAll().where('task_id', 'in', idList(taskIds)).orderBy('id').execute()) {
    records.push({ type: 'target', ...target });
  }
  for (const round of rounds) {
    const own = owed.filter((row) => row.round_id === round.id);
    records.push({
      type: 'round',
      ...round,
      state: 'open',
      report_scope: round.report_scope as RoundReportScope,
      task_ids: own.map((row) => row.task_id),
      cooperating_task_ids: own.filter((row) => row.role === 'cooperating').map((row) => row.task_id),
    });
  }
  for (const notice of notices) {
    records.push({
      type: 'notice',
      id: notice.id,
      plan_id: notice.plan_id,
      year: notice.year,
      seq: notice.seq,
      number: notice.number,
      level: notice.level as '蓝',
      reason: notice.reason,
      requirement: notice.requirement,
      reply_due: notice.reply_due,
      issued_at: notice.issued_at,
      closed_at: notice.closed_at,
      task_ids: noticeTasks.filter((row) => row.notice_id === notice.id).map((row) => row.task_id),
    });
  }
  const officeSteps = await db
    .selectFrom('notice_steps')
    .select(['id', 'notice_id', 'action', 'content', 'actor', 'created_at'])
    .where('notice_id', 'in', idList(notices.map((notice) => notice.id)))
    .where('action', 'in', ['交办', '退回', '办结'])
    .orderBy('id')
    .execute();
  for (const step of officeSteps) records.push({ type: 'noticeStep', ...step, action: step.action as '交办' });
  records.push({ type: 'thresholds', ...(await getWarningThresholds(db)) });
  return records;
}
