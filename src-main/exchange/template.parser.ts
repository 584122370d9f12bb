import { TASK_STATUSES, type ReportContent } from '../api/tasks.types';
import { charCount, clip, parseDateCell, parsePercent } from './cell-values';
import {
  FILLED_ON_LABEL,
  FILLED_ROLES,
  headerRole,
  META_SHEET,
  metaChecksum,
  parseRowKey,
  rowKeys,
  TEMPLATE_FORMAT,
  TEMPLATE_HEADERS,
  type TemplateMeta,
  type TemplateRole,
} from './template-format';
import { SheetGrid, type ExtractedWorkbook } from './xlsx-cells';
import { SLICE_ROWS, yieldToEventLoop } from '../db/slices';

/**
 * Reads a filled-in 填报模板 back into rows: pure, from the plain cell data of xlsx-reader.ts. Every problem is
 * collected (not just the first), each naming the sheet, the row and the column, so a unit can fix its file in one
 * go. Columns are found by header text and rows by their hidden key, so reordered, hidden or resized columns,
 * sorted rows and files re-saved by other programs all read the same.
 */

/** A filled row's values: what a report records. */
export type TemplateValues = ReportContent;

export interface ParsedTemplateRow {
  /** Row number in the sheet, as the user sees it. */
  sheetRow: number;
  taskId: number;
  version: number;
  code: string;
  values: TemplateValues;
  /**
   * Where the row breaks the report rules (已完成 needs 100% and a text, 未启动 needs 0%). Only a row that records a
   * report must pass them: a row the unit left as exported (a task already 已完成, its text blank) changes nothing and
   * is not refused, which only the comparison with the database can tell (template.service.ts).
   */
  ruleErrors: TemplateError[];
}

export interface ParsedTemplate {
  meta: TemplateMeta;
  sheetName: string;
  filledOn: string | null;
  rows: ParsedTemplateRow[];
}

export interface TemplateError {
  sheet: string | null;
  row: number | null;
  /** Column letter. */
  column: string | null;
  /** The column's header, when known. */
  header: string | null;
  message: string;
}

export type TemplateParseResult = { ok: true; template: ParsedTemplate } | { ok: false; errors: TemplateError[] };

/** Text longer than this in one cell, in characters, is refused (the same limit as a report typed in the app). */
export const MAX_TEXT_LENGTH = 5000;
const MAX_ERRORS = 200;
const REQUIRED: TemplateRole[] = ['key', 'code', 'progress', 'percent', 'status', 'problems', 'nextSteps', 'coordination'];
const TEXT_ROLES = ['progress', 'problems', 'nextSteps', 'coordination'] as const;

export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** "工作表“填报表”第 7 行 H 列（完成状态）：…" */
export function describeError(error: TemplateError): string {
  const place = [
    error.sheet !== null ? `工作表“${error.sheet}”` : '',
    error.row !== null ? `第 ${error.row} 行` : '',
    error.column !== null ? ` ${error.column} 列` : '',
    error.header !== null ? `（${error.header}）` : '',
  ].join('');
  return place ? `${place}：${error.message}` : error.message;
}

/**
 * A formula the file holds no result for (scripts write formulas; only Excel, WPS or LibreOffice compute them): what
 * the cell shows is unknown, so it is refused by name, never read as empty.
 */
function uncomputedMessage(row: number, column: number, formula: string): string {
  const shown = charCount(formula) > 40 ? `${clip(formula, 40)}…` : formula;
  return `单元格 ${columnLetter(column)}${row} 是公式（=${shown}），文件中却没有它的计算结果（由程序或脚本生成的文件常见），无法知道其中的内容。请在 Excel 或 WPS 中打开、保存后再导入，或直接填写内容。`;
}

/** Cell text with line endings unified and surrounding blanks removed, as it is stored and compared. */
export function normaliseText(text: string): string {
  // trim() removes exactly what /^[\s\u3000]+|[\s\u3000]+$/u does (U+3000 is among JavaScript's white space), without a
  // regular expression run over each of a 10,000-row file's 40,000 texts.
  return (text.includes('\r') ? text.replace(/\r\n?/gu, '\n') : text).trim();
}

function readMeta(workbook: ExtractedWorkbook, errors: TemplateError[]): TemplateMeta | null {
  const sheet = workbook.sheets.find((s) => s.name === META_SHEET);
  if (!sheet) {
    errors.push({ sheet: null, row: null, column: null, header: null, message: `缺少隐藏的“${META_SHEET}”工作表：这不是本系统导出的填报模板，或该工作表被删除。请使用从本系统导出的模板填报。` });
    return null;
  }
  const grid = new SheetGrid(sheet);
  const values = new Map<string, string>();
  for (let row = 1; row <= Math.min(grid.maxRow, 50); row++) values.set(grid.text(row, 1).trim(), grid.text(row, 2).trim());
  const broken = (what: string) => {
    errors.push({ sheet: META_SHEET, row: null, column: null, header: null, message: `模板信息${what}，可能被手工修改。请使用从本系统导出的原始模板重新填报。` });
    return null;
  };
  const format = values.get('格式') ?? '';
  if (format !== TEMPLATE_FORMAT) return broken(format.startsWith('plan-desk-template/') ? `的版本（${format}）不受本程序支持` : '不完整');
  const planId = Number(values.get('规划'));
  const unitId = Number(values.get('单位编号'));
  const roundText = values.get('调度编号') ?? '';
  const roundId = roundText === '最新' ? null : Number(roundText);
  if (!Number.isInteger(planId) || !Number.isInteger(unitId) || (roundId !== null && !Number.isInteger(roundId))) return broken('不完整');
  const meta: TemplateMeta = {
    format,
    planId,
    unitId,
    unitName: values.get('单位') ?? '',
    roundId,
    roundName: values.get('调度期') ?? '',
    exportedAt: values.get('导出时间') ?? '',
  };
  if (values.get('校验码') !== metaChecksum(meta)) return broken('与校验码不符');
  return meta;
}

/** A sheet holding the template's header (the row with the 系统键 column), and that row. */
interface TemplateSheet {
  grid: SheetGrid;
  row: number;
}

function headerRowOf(grid: SheetGrid): number | null {
  for (let row = 1; row <= Math.min(grid.maxRow, 30); row++) {
    if (grid.rowColumns(row).some((column) => headerRole(grid.text(row, column)) === 'key')) return row;
  }
  return null;
}

const VISIBILITY = { visible: '', hidden: '（隐藏）', veryHidden: '（深度隐藏）' } as const;

/**
 * The one sheet the unit filled in: the visible sheet with the template's header, whatever its name. A hidden one
 * is never read in its place (a hidden original would override what the unit sees), and a file with several, or
 * with its only one hidden, is refused with the sheets named: which of them holds the unit's report is for the
 * unit to say, not for the import to guess.
 */
function findTemplateSheet(workbook: ExtractedWorkbook, errors: TemplateError[]): TemplateSheet | null {
  const found: TemplateSheet[] = [];
  for (const sheet of workbook.sheets) {
    if (sheet.name === META_SHEET) continue;
    const grid = new SheetGrid(sheet);
    const row = headerRowOf(grid);
    if (row !== null) found.push({ grid, row });
  }
  const refuse = (message: string) => {
    errors.push({ sheet: null, row: null, column: null, header: null, message });
    return null;
  };
  if (found.length === 0) {
    return refuse(`找不到填报表：没有哪个工作表含有“${TEMPLATE_HEADERS.key}”列。请使用从本系统导出的模板，不要删除隐藏列。`);
  }
  const visible = found.filter((entry) => entry.grid.sheet.state === 'visible');
  if (found.length === 1 && visible.length === 1) return found[0]!;
  const names = found.map(({ grid: { sheet } }) => `“${sheet.name}”${VISIBILITY[sheet.state]}`).join('、');
  if (visible.length === 0) {
    return refuse(
      `填报表被隐藏了：${names}。导入只读取看得见的填报表，请在 Excel 或 WPS 中右键工作表标签选择“取消隐藏”，核对其中的内容后保存，再导入。`,
    );
  }
  return refuse(
    `文件中有 ${found.length} 个填报表：${names}，无法确定以哪一个为准（可能复制过工作表）。请只保留填写了本期进展的那一个（删除其余的，包括隐藏的），保存后再导入。`,
  );
}

export async function parseTemplate(workbook: ExtractedWorkbook): Promise<TemplateParseResult> {
  const errors: TemplateError[] = [];
  const meta = readMeta(workbook, errors);
  const found = findTemplateSheet(workbook, errors);
  if (!meta || !found) return { ok: false, errors };

  const { grid, row: headerRow } = found;
  const sheetName = grid.sheet.name;
  const at = (row: number | null, column: number | null, header: string | null, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ sheet: sheetName, row, column: column !== null ? columnLetter(column) : null, header, message });
  };

  const columns = new Map<TemplateRole, number>();
  for (const column of grid.rowColumns(headerRow).sort((a, b) => a - b)) {
    const role = headerRole(grid.text(headerRow, column));
    if (!role) continue;
    if (columns.has(role)) at(headerRow, column, TEMPLATE_HEADERS[role], `与 ${columnLetter(columns.get(role)!)} 列重复：表头中有两个“${TEMPLATE_HEADERS[role]}”列`);
    else columns.set(role, column);
  }
  for (const role of REQUIRED) {
    if (!columns.has(role)) at(headerRow, null, null, `缺少“${TEMPLATE_HEADERS[role]}”列。请不要删除或改写模板的表头。`);
  }

  const filledOn = readFilledOn(grid, headerRow, at);

  // Merged cells over the data hide values (a merged range reads as its first cell only): refuse them.
  const used = [...columns.values()];
  const [minColumn, maxColumn] = [Math.min(...used), Math.max(...used)];
  for (const merge of grid.sheet.merges) {
    if (merge.bottom > headerRow && merge.right >= minColumn && merge.left <= maxColumn) {
      const range = `${columnLetter(merge.left)}${merge.top}:${columnLetter(merge.right)}${merge.bottom}`;
      at(merge.top, merge.left, null, `单元格 ${range} 被合并，数据区不能有合并单元格。请取消合并，每个任务一行、每项内容一格后再导入。`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const col = (role: TemplateRole) => columns.get(role)!;
  const rows: ParsedTemplateRow[] = [];
  const seen = new Map<number, number>();
  const keyOf = rowKeys(meta);
  for (let row = headerRow + 1; row <= grid.maxRow; row++) {
    // The event loop free every few hundred rows: a 10,000-row file read at once held the main thread ~150 ms (bench/).
    if ((row - headerRow) % SLICE_ROWS === 0) await yieldToEventLoop();
    const keyText = grid.text(row, col('key')).trim();
    const filled =
      TEXT_ROLES.some((role) => grid.text(row, col(role)).trim() !== '' || grid.get(row, col(role))?.t === 'f') || grid.get(row, col('status')) !== undefined;
    if (keyText === '') {
      // A note the unit wrote under the table (填表人、联系电话…) is not a task row; a filled-in row without its key is.
      if (filled) at(row, col('key'), TEMPLATE_HEADERS.key, '这一行填写了进展，但没有系统键（可能是插入的新行，或复制粘贴时丢失）。模板只能填写已列出的任务，不能增加行。');
      continue;
    }
    const parsedKey = parseRowKey(keyText);
    if (!parsedKey || keyOf(parsedKey.taskId, parsedKey.version) !== keyText) {
      at(row, col('key'), TEMPLATE_HEADERS.key, '系统键与本模板不符：被修改过，或这一行是从其他单位、其他调度期的模板复制来的。请使用从本系统导出的原始模板填报。');
      continue;
    }
    const code = grid.text(row, col('code')).trim();
    const duplicate = seen.get(parsedKey.taskId);
    if (duplicate !== undefined) {
      at(row, col('key'), TEMPLATE_HEADERS.key, `与第 ${duplicate} 行是同一项任务（${code}），重复的行。请删除多余的一行后再导入。`);
      continue;
    }
    seen.set(parsedKey.taskId, row);

    let uncomputed = false;
    for (const role of FILLED_ROLES) {
      const cell = grid.get(row, col(role));
      if (cell?.t !== 'f') continue;
      at(row, col(role), TEMPLATE_HEADERS[role], uncomputedMessage(row, col(role), cell.v));
      uncomputed = true;
    }
    if (uncomputed) continue;

    const statusText = grid.text(row, col('status')).replace(/[\s\u3000]+/gu, '');
    const status = TASK_STATUSES.find((candidate) => candidate === statusText);
    if (!status) {
      at(row, col('status'), TEMPLATE_HEADERS.status, statusText === '' ? `不能为空，请从下拉列表中选择：${TASK_STATUSES.join('、')}` : `“${clip(statusText, 20)}”不是有效的完成状态，应为：${TASK_STATUSES.join('、')}`);
    }
    const percent = parsePercent(grid.get(row, col('percent')));
    if (!percent.ok) at(row, col('percent'), TEMPLATE_HEADERS.percent, percent.message);
    const texts = Object.fromEntries(
      TEXT_ROLES.map((role) => {
        const text = normaliseText(grid.text(row, col(role)));
        const length = charCount(text);
        if (length > MAX_TEXT_LENGTH) at(row, col(role), TEMPLATE_HEADERS[role], `内容有 ${length} 个字，超过 ${MAX_TEXT_LENGTH} 字的上限，请精简。`);
        return [role, text];
      }),
    ) as Record<(typeof TEXT_ROLES)[number], string>;
    if (!status || !percent.ok) continue;
    // The same rules as a report typed into the app (progress.service checkReport), named by cell here.
    const ruleErrors: TemplateError[] = [];
    const rule = (role: TemplateRole, message: string) =>
      ruleErrors.push({ sheet: sheetName, row, column: columnLetter(col(role)), header: TEMPLATE_HEADERS[role], message });
    if (status === '已完成' && percent.value !== 100) rule('percent', `完成状态为“已完成”时，完成进度应为 100（当前为 ${percent.value}）`);
    if (status === '已完成' && texts.progress === '') rule('progress', '完成状态为“已完成”时，必须写明完成了什么');
    if (status === '未启动' && percent.value > 0) rule('percent', `完成状态为“未启动”时，完成进度应为 0（当前为 ${percent.value}）`);
    rows.push({ sheetRow: row, taskId: parsedKey.taskId, version: parsedKey.version, code, values: { status, percent: percent.value, ...texts }, ruleErrors });
  }
  if (rows.length === 0 && errors.length === 0) at(headerRow + 1, null, null, '表中没有任何任务行。');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, template: { meta, sheetName, filledOn, rows } };
}

function readFilledOn(
  grid: SheetGrid,
  headerRow: number,
  at: (row: number | null, column: number | null, header: string | null, message: string) => void,
): string | null {
  for (let row = 1; row < headerRow; row++) {
    const columns = grid.rowColumns(row).sort((a, b) => a - b);
    for (const column of columns) {
      const label = grid.text(row, column).trim();
      if (!label.startsWith(FILLED_ON_LABEL)) continue;
      // "填报日期：2025-03-31" typed into the label cell itself, or the date in the next cell to the right.
      const inline = label.slice(FILLED_ON_LABEL.length).replace(/^[:：\s]+/u, '');
      const valueColumn = columns.find((c) => c > column);
      const cell = inline !== '' ? ({ t: 's', v: inline } as const) : valueColumn !== undefined ? grid.get(row, valueColumn) : undefined;
      if (cell?.t === 'f' && valueColumn !== undefined) {
        at(row, valueColumn, FILLED_ON_LABEL, uncomputedMessage(row, valueColumn, cell.v));
        return null;
      }
      const parsed = parseDateCell(cell);
      if (!parsed.ok) {
        at(row, inline !== '' ? column : (valueColumn ?? column), FILLED_ON_LABEL, parsed.message);
        return null;
      }
      return parsed.value;
    }
  }
  return null;
}
