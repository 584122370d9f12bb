import { createHash } from 'node:crypto';

/**
 * The 填报模板's fixed parts, shared by the builder and the parser: sheet names, column headers, the hidden
 * template information and the per-row keys. Units may reorder, hide, resize or re-save the visible layout in any
 * program: the import finds columns by their header text and rows by their hidden key, never by position.
 */

export const TEMPLATE_FORMAT = 'plan-desk-template/1';
export const TEMPLATE_SHEET = '填报表';
export const GUIDE_SHEET = '填写说明';
/** Hidden sheet holding the template information; its name is what the parser looks for. */
export const META_SHEET = '模板信息';
export const FILLED_ON_LABEL = '填报日期';

/** Column roles and their headers. The parser matches headers with `headerRole`, which tolerates small edits. */
export const TEMPLATE_HEADERS = {
  seq: '序号',
  code: '任务编号',
  text: '具体任务',
  cooperators: '配合单位',
  deadline: '完成时限',
  progress: '本期进展情况',
  percent: '完成进度（%）',
  status: '完成状态',
  problems: '存在问题',
  nextSteps: '下步打算',
  coordination: '需协调事项',
  key: '系统键（请勿修改）',
} as const;
export type TemplateRole = keyof typeof TEMPLATE_HEADERS;

/** The columns a unit fills in, in the order the preview lists changes. */
export const FILLED_ROLES = ['status', 'percent', 'progress', 'problems', 'nextSteps', 'coordination'] as const satisfies readonly TemplateRole[];
export type FilledRole = (typeof FILLED_ROLES)[number];

const HEADER_ALIASES: Record<string, TemplateRole> = {
  序号: 'seq',
  任务编号: 'code',
  具体任务: 'text',
  配合单位: 'cooperators',
  完成时限: 'deadline',
  本期进展情况: 'progress',
  进展情况: 'progress',
  完成进度: 'percent',
  完成状态: 'status',
  存在问题: 'problems',
  下步打算: 'nextSteps',
  需协调事项: 'coordination',
  系统键: 'key',
};

/** Which column a header names: spaces, line breaks, (%)/（请勿修改） and a trailing ％/% do not matter. */
export function headerRole(text: string): TemplateRole | null {
  const bare = text
    .replace(/\s+/gu, '')
    .replace(/[（(][^）)]*[）)]/gu, '')
    .replace(/[%％]$/u, '');
  return HEADER_ALIASES[bare] ?? null;
}

export interface TemplateMeta {
  format: string;
  planId: number;
  unitId: number;
  unitName: string;
  /** null: the unit's live lead tasks ("latest"), not a round. */
  roundId: number | null;
  roundName: string;
  exportedAt: string;
}

/** The meta sheet's rows, label → value, in order. The check value guards every other row. */
export function metaRows(meta: TemplateMeta): [string, string][] {
  return [
    ['格式', meta.format],
    ['规划', String(meta.planId)],
    ['单位编号', String(meta.unitId)],
    ['单位', meta.unitName],
    ['调度编号', meta.roundId === null ? '最新' : String(meta.roundId)],
    ['调度期', meta.roundName],
    ['导出时间', meta.exportedAt],
    ['校验码', metaChecksum(meta)],
  ];
}

function canonical(meta: TemplateMeta): string {
  return [meta.format, meta.planId, meta.unitId, meta.unitName, meta.roundId ?? '最新', meta.roundName, meta.exportedAt].join('\u001f');
}

/**
 * Detects edits, not forgery: it catches a key typed over, a row pasted from another unit's or round's template,
 * a template information sheet changed by hand.
 */
export function metaChecksum(meta: TemplateMeta): string {
  return createHash('sha256').update(canonical(meta)).digest('hex').slice(0, 16);
}

export function rowKey(meta: TemplateMeta, taskId: number, version: number): string {
  return rowKeys(meta)(taskId, version);
}

/**
 * `rowKey` for the many rows of one template: the template's part of each row's hash is worked out once and copied,
 * instead of hashing it again for every row (10,000 rows: 40–90 ms → 15–30 ms, bench/). The same keys.
 */
export function rowKeys(meta: TemplateMeta): (taskId: number, version: number) => string {
  const templatePart = createHash('sha256').update(`${canonical(meta)}\u001f`);
  return (taskId, version) => `${taskId}-${version}-${templatePart.copy().update(`${taskId}\u001f${version}`).digest('hex').slice(0, 10)}`;
}

export function parseRowKey(text: string): { taskId: number; version: number } | null {
  const match = /^(\d{1,12})-(\d{1,9})-[0-9a-f]{10}$/u.exec(text.trim());
  return match ? { taskId: Number(match[1]), version: Number(match[2]) } : null;
}
