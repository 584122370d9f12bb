import type { Kysely } from 'kysely';
import type { Actor } from '../api/access';
import { AppError } from '../api/errors';
import type { ExportedFile } from '../api/reports.types';
import type { Database } from '../db/database.types';
import { idList } from '../db/sql-forms';
import type { SavedFileRow } from '../files/stored-attachments';
import { sha256Of, type AttachmentStore } from '../progress/attachment-store';
import { chinaDateOf } from '../rules/report-date';
import { lastSeq, logPackage } from './exchange-log';
import { ensureInstall } from './install-keys';
import { FORMAT_VERSION, PACKAGE_FORMAT, PACKAGE_LIMITS, PAYLOAD_SCHEMA_VERSION, type Manifest, type ReportRecord } from './package-format';
import { writePackage } from './package-zip';

/**
 * 上报包 (unit → office): everything the unit wrote since the last 上报包 the office acknowledged (in its latest
 * 下发包): its reports with their attachments (by hash), its 签收/反馈 on notices, and its milestone ticks as they
 * stand. Until the office acknowledges a package, each later one carries its content again (numbers from…to), so a
 * lost file never loses a report; the office recognises what it already has.
 */

/** The highest ids of the unit's own records a sent 上报包 carried. */
interface Marks {
  report: number;
  noticeStep: number;
}

export async function exportReportPackage(db: Kysely<Database>, files: AttachmentStore, actor: Actor, now: Date): Promise<ExportedFile> {
  const install = await ensureInstall(db, now);
  if (install.unitId === null || install.officeInstallId === null) {
    throw new AppError('CONFLICT', '本机尚未导入领导小组办公室的下发包，还不是任何单位的填报机，不能生成上报包。请先在“设置 → 交换包”中导入下发包。');
  }
  const unit = await db.selectFrom('units').select(['id', 'name']).where('id', '=', install.unitId).executeTakeFirstOrThrow();
  if (actor.role !== 'unit' || actor.unitId !== unit.id) {
    throw new AppError('FORBIDDEN', `本机是“${unit.name}”的填报机，只能以“${unit.name}”的身份生成上报包（当前身份为“${actor.label}”）。`);
  }
  const office = await db.selectFrom('exchange_peers').innerJoin('units', 'units.id', 'exchange_peers.unit_id').select(['units.id', 'units.name']).where('exchange_peers.role', '=', 'office').executeTakeFirstOrThrow();

  return db.transaction().execute(async (trx) => {
    // The office's acknowledgement, from the newest 下发包 applied here, and what that package of ours carried.
    const latest = await trx
      .selectFrom('exchange_packages')
      .select('basis')
      .where('direction', '=', 'received')
      .where('kind', '=', 'dispatch')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    const basis = latest?.basis ?? 0;
    const acknowledged = basis > 0 ? await trx.selectFrom('exchange_packages').select('marks').where('direction', '=', 'sent').where('kind', '=', 'report').where('seq', '=', basis).executeTakeFirst() : undefined;
    const since: Marks = { report: 0, noticeStep: 0, ...(acknowledged ? (JSON.parse(acknowledged.marks) as Partial<Marks>) : {}) };

    const records: ReportRecord[] = [];
    const attachments = new Map<string, Buffer>();
    const reports = await trx
      .selectFrom('progress_reports')
      .select(['id', 'task_id', 'round_id', 'reporter', 'status', 'percent', 'progress', 'problems', 'next_steps', 'coordination', 'report_date', 'created_at'])
      .where('unit_id', '=', unit.id)
      .where('id', '>', since.report)
      .orderBy('id')
      .execute();
    const stored = await trx
      .selectFrom('attachments')
      .select(['report_id as owner', 'stored_name', 'original_name', 'size', 'sha256'])
      .where('report_id', 'in', idList(reports.map((r) => r.id)))
      .orderBy('id')
      .execute();
    const reportFiles = await packFiles(files, attachments, stored, { what: '附件', savedWhen: '填报时保存的' });
    for (const report of reports) {
      records.push({
        type: 'report',
        ...report,
        status: report.status as '序时推进',
        report_date: report.report_date ?? chinaDateOf(report.created_at),
        attachments: reportFiles.get(report.id) ?? [],
      });
    }
    // Ticks as they stand on the unit's tasks: ticked here, or not ticked (an untick by the unit travels too).
    const milestones = await trx
      .selectFrom('milestones')
      .select(['id', 'task_id', 'done_at', 'done_by'])
      .where((eb) => eb.or([eb('done_by_unit_id', '=', unit.id), eb('done_at', 'is', null)]))
      .where('task_id', 'in', (eb) =>
        eb
          .selectFrom('tasks')
          .select('id')
          .where((w) => w.or([w('lead_unit_id', '=', unit.id), w('id', 'in', w.selectFrom('task_cooperators').select('task_id').where('unit_id', '=', unit.id))])),
      )
      .orderBy('id')
      .execute();
    for (const milestone of milestones) records.push({ type: 'milestone', ...milestone });
    const steps = await trx
      .selectFrom('notice_steps')
      .select(['id', 'notice_id', 'action', 'content', 'actor', 'created_at'])
      .where('unit_id', '=', unit.id)
      .where('action', 'in', ['签收', '反馈'])
      .where('id', '>', since.noticeStep)
      .orderBy('id')
      .execute();
    // A 反馈's files (the stamped scan) travel with it, checked as the reports' are.
    const stepRows = await trx
      .selectFrom('notice_attachments')
      .select(['step_id as owner', 'stored_name', 'original_name', 'size', 'sha256'])
      .where('step_id', 'in', idList(steps.map((s) => s.id)))
      .orderBy('id')
      .execute();
    const stepFiles = await packFiles(files, attachments, stepRows, { what: '督办反馈材料', savedWhen: '保存时' });
    for (const step of steps) records.push({ type: 'noticeStep', ...step, action: step.action as '签收', attachments: stepFiles.get(step.id) ?? [] });

    const seq = (await lastSeq(trx, 'sent', 'report', unit.id)) + 1;
    const dispatchSeq = await lastSeq(trx, 'received', 'dispatch', unit.id);
    const manifest: Omit<Manifest, 'files'> = {
      format: PACKAGE_FORMAT,
      formatVersion: FORMAT_VERSION,
      schemaVersion: PAYLOAD_SCHEMA_VERSION,
      kind: 'report',
      createdAt: now.toISOString(),
      sender: { installId: install.installId, role: 'unit', unitId: unit.id, unitName: unit.name, publicKey: install.publicKey },
      receiver: { installId: install.officeInstallId, role: 'office', unitId: office.id, unitName: office.name },
      sequence: { from: basis + 1, to: seq },
      acknowledged: dispatchSeq,
    };
    const { bytes, manifestSha256 } = await writePackage({ manifest, records, attachments }, install.privateKey);
    if (bytes.length > PACKAGE_LIMITS.fileBytes) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      throw new AppError(
        'INVALID_INPUT',
        `上报包将有 ${mb(bytes.length)} MB，超过交换包 ${mb(PACKAGE_LIMITS.fileBytes)} MB 的上限（其中佐证材料 ${mb([...attachments.values()].reduce((sum, file) => sum + file.length, 0))} MB），未生成。` +
          '请先把已生成的上报包交领导小组办公室导入、待其下发包确认收到后再生成，或压缩较大的佐证材料。',
      );
    }
    const fileName = `${unit.name}-上报包-第${seq}号-${chinaDateOf(now)}.zip`;
    const marks: Marks = {
      report: Math.max(since.report, ...reports.map((r) => r.id)),
      noticeStep: Math.max(since.noticeStep, ...steps.map((s) => s.id)),
    };
    await logPackage(trx, {
      direction: 'sent',
      kind: 'report',
      peerInstallId: install.officeInstallId,
      unitId: unit.id,
      seq,
      seqFrom: basis + 1,
      basis: dispatchSeq,
      manifestSha256,
      fileName,
      marks: { ...marks },
      actor: actor.label,
      now,
    });
    return { fileName, contentBase64: bytes.toString('base64') };
  });
}

/**
 * Puts each file's bytes in the package (once per content: `into`, by sha256) and returns each record's files as its
 * record lists them. A file damaged on disk is named, never sent as if it were the evidence.
 */
async function packFiles(
  files: AttachmentStore,
  into: Map<string, Buffer>,
  rows: readonly (SavedFileRow & { owner: number })[],
  words: { what: string; savedWhen: string },
): Promise<Map<number, { sha256: string; name: string; size: number }[]>> {
  const byOwner = new Map<number, { sha256: string; name: string; size: number }[]>();
  for (const file of rows) {
    if (!into.has(file.sha256)) {
      const content = await files.read(file.stored_name);
      if (sha256Of(content) !== file.sha256) {
        throw new AppError(
          'DB_CORRUPT',
          `${words.what}“${file.original_name}”的文件内容与${words.savedWhen}不一致（可能已损坏），上报包未生成。请从备份中找回该文件：attachments/${file.stored_name}`,
        );
      }
      into.set(file.sha256, content);
    }
    byOwner.set(file.owner, [...(byOwner.get(file.owner) ?? []), { sha256: file.sha256, name: file.original_name, size: file.size }]);
  }
  return byOwner;
}
