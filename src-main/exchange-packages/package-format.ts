import { z } from 'zod';

/**
 * The package format (docs/exchange-package-format.md, kept in step with this file): a zip holding manifest.json, its
 * Ed25519 signature manifest.sig, payload.jsonl and attachments/<sha256>. The manifest lists every other file with its
 * size and sha256, so the one signature covers every byte of the package.
 */

export const PACKAGE_FORMAT = 'plan-desk-exchange';
/** The zip and manifest layout. A reader refuses a higher one, naming it. */
export const FORMAT_VERSION = 1;
/** The payload's record shapes. A reader refuses a higher one, naming it. */
export const PAYLOAD_SCHEMA_VERSION = 1;

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PAYLOAD_FILE = 'payload.jsonl';
export const ATTACHMENT_FOLDER = 'attachments/';

export const PACKAGE_LIMITS = {
  /** The package as received: what the contract's base64 limit carries (exchange-packages.contract.ts). */
  fileBytes: ((64 * 1024 * 1024 - 64 * 1024) / 4) * 3,
  /** All files inflated, declared and actual. */
  uncompressedBytes: 200 * 1024 * 1024,
  manifestBytes: 2 * 1024 * 1024,
  payloadLines: 500_000,
} as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/u);
const installId = z.string().uuid();
const positive = z.number().int().positive();

/** Read first, loosely: a newer format must be named as such, not as a manifest that fails to parse. */
export const versionProbe = z.object({ format: z.string(), formatVersion: z.number().int(), schemaVersion: z.number().int() });

export const manifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  schemaVersion: z.literal(PAYLOAD_SCHEMA_VERSION),
  kind: z.enum(['dispatch', 'report']),
  createdAt: z.string().datetime(),
  sender: z.strictObject({
    installId,
    role: z.enum(['office', 'unit']),
    unitId: positive,
    unitName: z.string().min(1).max(200),
    /** Ed25519 SubjectPublicKeyInfo (DER), base64. */
    publicKey: z.string().min(1).max(200),
  }),
  receiver: z.strictObject({
    /** Null in a unit's first 下发包: any new install of that unit may take it. */
    installId: installId.nullable(),
    role: z.enum(['office', 'unit']),
    unitId: positive,
    unitName: z.string().min(1).max(200),
  }),
  /** The sender's numbers, per receiving unit: this package is `to`; it carries the content of `from`…`to`. */
  sequence: z.strictObject({ from: positive, to: positive }).refine((s) => s.from <= s.to, '起始编号不能大于结束编号'),
  /** The receiver's last package the sender had applied when this one was made (0: none). */
  acknowledged: z.number().int().min(0),
  files: z.array(z.strictObject({ path: z.string().min(1).max(200), size: z.number().int().min(0), sha256 })).max(5_000),
});
export type Manifest = z.infer<typeof manifestSchema>;

// ---- Payload records. Column names are the app's own (snake_case); each record carries only its sender's fields. ----

const nullableText = z.string().nullable();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);
const rowId = positive;

/** 下发包: what the office owns. */
export const dispatchRecord = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('unit'), id: rowId, name: z.string().min(1), kind: z.enum(['office', 'department', 'city', 'investment_office']), seq: z.number().int(), retired_at: nullableText, aliases: z.array(z.string().min(1)) }),
  z.strictObject({
    type: z.literal('plan'),
    id: rowId,
    code: z.string().min(1),
    title: z.string().min(1),
    issued_on: nullableText,
    period_start: z.number().int(),
    period_end: z.number().int(),
    outlook_year: z.number().int().nullable(),
    preface: z.string(),
    indicator_notes: z.string(),
    source_name: z.string(),
  }),
  z.strictObject({ type: z.literal('chapter'), id: rowId, plan_id: rowId, seq: z.number().int(), code: z.string(), heading: z.string(), title: z.string(), intro: z.string(), region: nullableText, has_tasks: z.union([z.literal(0), z.literal(1)]) }),
  z.strictObject({ type: z.literal('section'), id: rowId, plan_id: rowId, chapter_id: rowId, seq: z.number().int(), code: z.string(), heading: z.string(), title: z.string(), intro: z.string() }),
  z.strictObject({ type: z.literal('measure'), id: rowId, plan_id: rowId, section_id: rowId, seq: z.number().int(), code: z.string(), title: z.string(), body: z.string(), next_task_seq: z.number().int() }),
  z.strictObject({
    type: z.literal('task'),
    id: rowId,
    plan_id: rowId,
    measure_id: rowId,
    seq: z.number().int(),
    code: z.string().min(1),
    text: z.string(),
    origin: z.enum(['plan', 'added', 'split', 'merged']),
    version: z.number().int(),
    retired_at: nullableText,
    start_date: date.nullable(),
    deadline: date.nullable(),
    standard: z.string(),
    note: z.string(),
    lead_unit_id: rowId.nullable(),
    cooperators: z.array(rowId),
  }),
  z.strictObject({ type: z.literal('milestone'), id: rowId, task_id: rowId, year: z.number().int(), title: z.string(), due_date: date }),
  z.strictObject({ type: z.literal('target'), id: rowId, task_id: rowId, description: z.string(), value: z.number(), unit_of_measure: z.string(), year: z.number().int() }),
  z.strictObject({
    type: z.literal('round'),
    id: rowId,
    plan_id: rowId,
    name: z.string().min(1),
    period_start: date,
    period_end: date,
    due_date: date,
    state: z.enum(['open', 'closed']),
    opened_by: z.string(),
    opened_at: z.string(),
    /** The tasks this unit owes in the round. */
    task_ids: z.array(rowId),
    /** Who the round asks (lead units only, or their cooperating units too), and which of task_ids the unit owes as a cooperating unit. */
    report_scope: z.enum(['lead', 'leadAndCooperating']).default('lead'),
    cooperating_task_ids: z.array(rowId).default([]),
  }),
  z.strictObject({
    type: z.literal('notice'),
    id: rowId,
    plan_id: rowId,
    year: z.number().int(),
    seq: z.number().int(),
    number: z.string().min(1),
    level: z.enum(['蓝', '黄', '红']),
    reason: z.string(),
    requirement: z.string(),
    reply_due: date,
    issued_at: z.string(),
    closed_at: nullableText,
    task_ids: z.array(rowId),
  }),
  /** A step the office took: 交办, 退回, 办结. */
  z.strictObject({ type: z.literal('noticeStep'), id: rowId, notice_id: rowId, action: z.enum(['交办', '退回', '办结']), content: z.string(), actor: z.string(), created_at: z.string() }),
  z.strictObject({ type: z.literal('thresholds'), yellowLag: z.number().int(), redLag: z.number().int(), dueSoonDays: z.number().int(), notStartedMonths: z.number().int() }),
]);
export type DispatchRecord = z.infer<typeof dispatchRecord>;

/** 上报包: what the unit owns. */
export const reportRecord = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('report'),
    /** The report's id on the unit's install. */
    id: rowId,
    task_id: rowId,
    round_id: rowId.nullable(),
    reporter: z.string().min(1),
    status: z.enum(['已完成', '超序时进度', '序时推进', '滞后', '未启动', '暂缓']),
    percent: z.number().int().min(0).max(100),
    progress: z.string(),
    problems: z.string(),
    next_steps: z.string(),
    coordination: z.string(),
    /** The day the unit made it, in its calendar: 迟报 is judged on it. */
    report_date: date,
    created_at: z.string().datetime(),
    attachments: z.array(z.strictObject({ sha256, name: z.string().min(1).max(400), size: z.number().int().min(0) })).max(10),
  }),
  /** A milestone's tick as the unit holds it now (the tick is the unit's; the milestone the office's). */
  z.strictObject({ type: z.literal('milestone'), id: rowId, task_id: rowId, done_at: nullableText, done_by: nullableText }),
  /** A step the unit took on a notice: 签收, 反馈 (with its files, the stamped scan; absent in packages made before them). */
  z.strictObject({
    type: z.literal('noticeStep'),
    id: rowId,
    notice_id: rowId,
    action: z.enum(['签收', '反馈']),
    content: z.string(),
    actor: z.string().min(1),
    created_at: z.string().datetime(),
    attachments: z.array(z.strictObject({ sha256, name: z.string().min(1).max(400), size: z.number().int().min(0) })).max(10).default([]),
  }),
]);
export type ReportRecord = z.infer<typeof reportRecord>;

export const attachmentPath = (hash: string) => `${ATTACHMENT_FOLDER}${hash}`;
