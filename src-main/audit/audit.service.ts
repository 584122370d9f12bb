import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { auditFilter } from '../api/audit.contract';
import type { AuditEntry, AuditPage, AuditVerification } from '../api/audit.types';
import type { ExportedFile } from '../api/reports.types';
import type { Database } from '../db/database.types';
import { addTableSheet, newWorkbook, workbookBytes } from '../reports/sheet-layout';
import { ROLE_NAMES, type Role } from '../api/access';
import { actionName } from './action-names';
import { verifyAuditLog } from './audit-log';

/** 操作日志 as the office and the admin read it: newest first, filtered, and as an Excel list. */

export type AuditFilter = z.output<typeof auditFilter>;

/** A Beijing date's start as the UTC moment the rows are stamped with. */
const beijingStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_log');
  if (filter.from) query = query.where('at', '>=', beijingStart(filter.from));
  if (filter.to) query = query.where('at', '<', beijingStart(nextDay(filter.to)));
  if (filter.unitId) query = query.where('unit_id', '=', filter.unitId);
  if (filter.who) query = query.where('who', 'like', `%${escapeLike(filter.who)}%`);
  if (filter.channel) query = query.where('channel', 'like', `%${escapeLike(filter.channel)}%`);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  return query;
}

function escapeLike(text: string): string {
  // SQLite's LIKE has no default escape; % and _ in a name are rare enough to match as themselves loosely.
  return text.replace(/[%_]/gu, '');
}

function toEntry(row: { id: number; at: string; who: string; role: string | null; unit_id: number | null; unit_name: string | null; address: string; channel: string; outcome: string; targets: string; summary: string }): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    who: row.who,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    address: row.address,
    channel: row.channel,
    action: actionName(row.channel, row.outcome),
    outcome: row.outcome as AuditEntry['outcome'],
    targets: row.targets,
    summary: row.summary,
  };
}

export async function listAudit(db: Kysely<Database>, filter: AuditFilter): Promise<AuditPage> {
  const [rows, count] = await Promise.all([
    filtered(db, filter).selectAll().orderBy('id', 'desc').limit(filter.limit ?? 100).offset(filter.offset ?? 0).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toEntry), total: Number(count.n) };
}

const beijingTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

export async function exportAudit(db: Kysely<Database>, filter: AuditFilter, now: Date): Promise<ExportedFile> {
  const rows = await filtered(db, filter).selectAll().orderBy('id').limit(200_000).execute();
  const workbook = newWorkbook(now);
  const range = filter.from || filter.to ? `${filter.from ?? '最早'} 至 ${filter.to ?? '今天'}` : '全部';
  addTableSheet(workbook, {
    name: '操作日志',
    title: '规划督办台操作日志',
    meta: [
      { label: '时间范围', value: range },
      { label: '导出时间', value: beijingTime(now.toISOString()) },
    ],
    columns: [
      { header: '序号', width: 8, align: 'center' },
      { header: '时间（北京时间）', width: 20 },
      { header: '操作人', width: 24 },
      { header: '角色', width: 12 },
      { header: '单位', width: 18 },
      { header: '地址', width: 16 },
      { header: '操作', width: 18 },
      { header: '结果', width: 8, align: 'center' },
      { header: '对象', width: 22 },
      { header: '摘要（修改前 → 修改后）', width: 60 },
      { header: '哈希', width: 20 },
    ],
    rows: rows.map((row) => [
      row.id,
      beijingTime(row.at),
      row.who,
      row.role ? (ROLE_NAMES[row.role as Role] ?? row.role) : '',
      row.unit_name ?? '',
      row.address,
      actionName(row.channel, row.outcome),
      { ok: '成功', refused: '拒绝', failed: '失败' }[row.outcome] ?? row.outcome,
      row.targets,
      row.summary,
      row.hash.slice(0, 16),
    ]),
    notes: ['每条记录的哈希覆盖本条内容与前一条的哈希，任何改动或删除都会被“校验操作日志”发现。'],
  });
  const stamp = beijingTime(now.toISOString()).slice(0, 10).replaceAll('-', '');
  return { fileName: `操作日志_${stamp}.xlsx`, contentBase64: (await workbookBytes(workbook)).toString('base64') };
}

export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerification> {
  const verdict = await verifyAuditLog(db);
  return verdict.ok ? { ok: true, rows: verdict.rows, brokenAt: null } : { ok: false, rows: verdict.rows, brokenAt: { id: verdict.id, reason: verdict.reason } };
}
