import type { ColumnMapping, ColumnRole, ImportTable, PreviewNode, TaskProposal, UnitRef } from '../api/plan-import.types';
import { SheetGrid, type ExtractedWorkbook } from '../exchange/xlsx-cells';
import { MERGED } from './docx-reader';
import { readDeadlineCell, readUnitList, type UnitDirectory } from './proposals';
import { IMPLIED_SECTION_TITLE } from './structure.recognizer';

/**
 * 任务分工表 / 台账: a table of tasks (序号 · 重点任务 · 具体任务 · 牵头单位 · 配合单位 · 完成时限), from a Word table or an
 * Excel sheet, read into the preview's tree. Which column holds what is guessed from the headers; the office can
 * correct it in the preview, which reads the table again with its choice. Merged cells (a 重点任务 spanning its rows)
 * count for every row they cover. Pure.
 */

/** A grid of cell texts; MERGED where a merged cell continues (its text stands in its first position). */
export type Grid = string[][];

export interface FoundTable {
  origin: string;
  grid: Grid;
  headerRow: number;
}

const HEADER_WORDS: [ColumnRole, RegExp][] = [
  ['lead', /牵头|责任单位|责任部门|主责/u],
  ['cooperating', /配合|协办|参与单位|协同单位/u],
  ['deadline', /时限|完成时间|时间节点|期限|进度安排|完成时间/u],
  ['chapter', /章节|领域|类别|板块|方面/u],
  ['measure', /重点任务|主要任务|重点工作|任务名称|工作任务/u],
  ['task', /具体任务|任务内容|工作内容|具体措施|工作措施|主要内容|具体内容|任务|措施|内容/u],
];

export const COLUMN_ROLE_NAMES: Record<ColumnRole, string> = {
  chapter: '章/领域',
  measure: '重点任务（措施）',
  task: '具体任务',
  lead: '牵头单位',
  cooperating: '配合单位',
  deadline: '完成时限',
};

/** Guesses each column's role from the header texts; each role goes to the first column whose header names it. */
export function guessColumns(headers: string[]): ColumnMapping {
  const columns: ColumnMapping = { chapter: null, measure: null, task: null, lead: null, cooperating: null, deadline: null };
  headers.forEach((header, index) => {
    const text = header.replace(/\s/gu, '');
    const role = HEADER_WORDS.find(([r, pattern]) => columns[r] === null && pattern.test(text))?.[0];
    if (role) columns[role] = index;
  });
  // One task column only, headed 重点任务: it holds the tasks.
  if (columns.task === null && columns.measure !== null) [columns.task, columns.measure] = [columns.measure, null];
  return columns;
}

/** The first table whose header row (within its first rows) names tasks and a lead or responsible unit. */
export function findTaskTable(candidates: { origin: string; grid: Grid }[]): FoundTable | null {
  for (const { origin, grid } of candidates) {
    for (let r = 0; r < Math.min(grid.length, 10); r++) {
      const columns = guessColumns(grid[r]!.map(clean));
      if (columns.task !== null && (columns.lead !== null || columns.cooperating !== null)) return { origin, grid, headerRow: r };
    }
  }
  return null;
}

export function workbookGrids(workbook: ExtractedWorkbook): { origin: string; grid: Grid }[] {
  return workbook.sheets
    .filter((sheet) => sheet.state === 'visible')
    .map((sheet) => {
      const cells = new SheetGrid(sheet);
      let columns = 0;
      for (let offset = 0; offset < sheet.cells.length; offset += 4) columns = Math.max(columns, sheet.cells[offset + 1]!);
      const grid: Grid = Array.from({ length: cells.maxRow }, (_, r) => Array.from({ length: columns }, (_, c) => cells.text(r + 1, c + 1)));
      for (const merge of sheet.merges) {
        for (let r = merge.top; r <= merge.bottom; r++) {
          for (let c = merge.left; c <= merge.right; c++) if ((r !== merge.top || c !== merge.left) && grid[r - 1]) grid[r - 1]![c - 1] = MERGED;
        }
      }
      return { origin: `工作表“${sheet.name}”`, grid };
    });
}

export interface TableRead {
  title: string | null;
  chapters: PreviewNode[];
  table: ImportTable;
  /** Texts above the header that are not the title, and cells of columns with no role: shown as 未导入的文字. */
  dropped: { text: string; reason: string }[];
  /** Every cell's text once (merged cells once), for the accounting. */
  sourceLines: string[];
}

const TITLE_LIKE = /(表|台账|清单|方案|计划)$/u;

export function readTaskTable(found: FoundTable, units: UnitDirectory, mapping: ColumnMapping | null, nextKey: () => string): TableRead {
  const { grid, headerRow } = found;
  const headers = grid[headerRow]!.map((h) => clean(h === MERGED ? '' : h));
  const columns = mapping ?? guessColumns(headers);
  const dropped: TableRead['dropped'] = [];
  const sourceLines: string[] = [];

  let title: string | null = null;
  for (const row of grid.slice(0, headerRow)) {
    for (const cell of row) {
      const text = clean(cell);
      if (!text || cell === MERGED) continue;
      sourceLines.push(text);
      if (title === null && TITLE_LIKE.test(text)) title = text;
      else dropped.push({ text, reason: '表头之上的说明（填报单位、日期等）' });
    }
  }
  // The headers are shown in the column-mapping step, not as text of the plan.

  // Merged cells count for each row they cover: down a column, else from the left.
  const filled: string[][] = [];
  grid.slice(headerRow + 1).forEach((row, r) => {
    filled[r] = row.map((cell, c) => {
      if (cell !== MERGED) return clean(cell);
      return filled[r - 1]?.[c] ?? '';
    });
    for (const cell of row) {
      const text = clean(cell);
      if (cell !== MERGED && text) sourceLines.push(text);
    }
  });

  const node = (fields: Partial<PreviewNode> & Pick<PreviewNode, 'level' | 'title'>): PreviewNode => ({
    key: nextKey(),
    heading: '',
    body: '',
    hasTasks: fields.level === 'chapter',
    region: null,
    proposal: null,
    children: [],
    ...fields,
  });
  const chapters: PreviewNode[] = [];
  const roleColumns = new Set(Object.values(columns).filter((c): c is number => c !== null));
  let rows = 0;
  filled.forEach((row, r) => {
    const original = grid[headerRow + 1 + r]!;
    const at = (role: ColumnRole) => (columns[role] === null ? '' : (row[columns[role]!] ?? ''));
    const taskText = at('task');
    const measureText = at('measure');
    // Cells of columns with no role, unless a number (序号) or a repeat of a merged cell.
    row.forEach((text, c) => {
      if (!roleColumns.has(c) && text && original[c] !== MERGED && !/^\d{1,4}$/u.test(text)) {
        dropped.push({ text, reason: `未对应的列“${headers[c] || `第 ${c + 1} 列`}”` });
      }
    });
    if (!taskText && !measureText) return;
    rows++;
    const chapterTitle = at('chapter') || '重点任务';
    let chapter = chapters.at(-1);
    if (!chapter || chapter.title !== chapterTitle) {
      chapter = node({ level: 'chapter', title: chapterTitle, hasTasks: true });
      chapter.children.push(node({ level: 'section', title: IMPLIED_SECTION_TITLE }));
      chapters.push(chapter);
    }
    const section = chapter.children[0]!;
    const text = taskText || measureText;
    const measureTitle = measureText && taskText ? measureText : firstClause(text);
    let measure = section.children.at(-1);
    const continues = measure && columns.measure !== null && taskText && (original[columns.measure] === MERGED || measure.title === measureTitle.replace(/[。；;]$/u, ''));
    if (!measure || !continues) {
      measure = node({ level: 'measure', title: measureTitle.replace(/[。；;]$/u, ''), body: measureText && taskText ? measureText : '' });
      section.children.push(measure);
    }
    const task = node({ level: 'task', title: /[。！？]$/u.test(text) ? text : `${text}。`, proposal: proposalOf(at('lead'), at('cooperating'), at('deadline'), units) });
    measure.children.push(task);
  });

  return { title, chapters, table: { origin: found.origin, headers, columns, rows }, dropped, sourceLines };
}

function proposalOf(leadText: string, cooperatingText: string, deadlineText: string, units: UnitDirectory): TaskProposal | null {
  const list = (text: string): UnitRef[] => (text ? (readUnitList(text, units) ?? [{ unitId: null, name: text.slice(0, 60) }]) : []);
  const [leadUnit = null, ...moreLeads] = list(leadText);
  const cooperatingUnits = [...moreLeads, ...list(cooperatingText)].filter(
    (unit, i, all) => all.findIndex((u) => u.name === unit.name) === i && unit.name !== leadUnit?.name,
  );
  const deadline = deadlineText ? readDeadlineCell(deadlineText) : null;
  if (!leadUnit && cooperatingUnits.length === 0 && !deadlineText) return null;
  const source = [
    leadText ? `牵头单位：${leadText}` : null,
    cooperatingText ? `配合单位：${cooperatingText}` : null,
    deadlineText ? `完成时限：${deadlineText}` : null,
  ]
    .filter(Boolean)
    .join('；');
  return { leadUnit, cooperatingUnits, deadline, source };
}

/** A task's text as a measure title: its first sentence or clause, at most 40 characters. */
function firstClause(text: string): string {
  const first = text.split(/[。；;]/u)[0]!;
  return first.length <= 40 ? first : `${first.slice(0, 40)}…`;
}

function clean(text: string): string {
  return text === MERGED ? MERGED : text.replace(/\s+/gu, ' ').trim();
}

