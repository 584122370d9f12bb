import ExcelJS from 'exceljs';
import type BetterSqlite3 from 'better-sqlite3';
import { openRound } from '../../rounds/rounds.service';
import { assignTasks } from '../../tasks/task-assign.service';
import type { SeededDatabase } from '../../testing/seeded-database';
import { headerRole, type TemplateRole } from '../template-format';

/** Test helpers for the 填报模板 round trip: a unit with a round, a unit filling in its file, a database fingerprint. */

export const UNIT = '省商务厅';
export const CODES = ['4.1.1.1', '4.1.1.2', '4.1.1.3', '4.1.2.1'];

export interface RoundFixture {
  unitId: number;
  roundId: number;
  taskIds: Map<string, number>;
}

/** 省商务厅 leads four tasks (太原市 cooperates); a round asks it to report on them. */
export async function seedUnitRound(t: SeededDatabase, roundName = '2025年第一季度调度'): Promise<RoundFixture> {
  const unitId = await t.unitId(UNIT);
  const taskIds = new Map<string, number>();
  for (const code of CODES) taskIds.set(code, await t.taskId(code));
  await assignTasks(t.db, t.office, {
    taskIds: [...taskIds.values()],
    leadUnitId: unitId,
    cooperatorUnitIds: [await t.unitId('太原市')],
    deadline: '2026-12-31',
  });
  const { id } = await openRound(t.db, t.office, {
    planId: t.planId,
    name: roundName,
    periodStart: '2025-01-01',
    periodEnd: '2025-03-31',
    dueDate: '2025-04-10',
    unitIds: [unitId],
  });
  return { unitId, roundId: id, taskIds };
}

export type RowEdit = Partial<Record<'progress' | 'percent' | 'status' | 'problems' | 'nextSteps' | 'coordination', string | number | null>>;

/** Opens a template, finds the header by the 系统键 column and the rows by 任务编号, and writes what a unit would. */
export async function editTemplate(
  bytes: Buffer,
  edits: Record<string, RowEdit>,
  options: { filledOn?: string | number | Date; change?: (sheet: ExcelJS.Worksheet, at: TemplateLocator) => void } = {},
): Promise<Buffer> {
  const workbook = await loadWorkbook(bytes);
  const sheet = workbook.getWorksheet('填报表')!;
  const at = locate(sheet);
  for (const [code, edit] of Object.entries(edits)) {
    const row = at.rowOf(code);
    for (const [role, value] of Object.entries(edit) as [TemplateRole, string | number | null][]) sheet.getCell(row, at.column(role)).value = value;
  }
  if (options.filledOn !== undefined) sheet.getCell(2, at.filledOnColumn).value = options.filledOn;
  options.change?.(sheet, at);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** exceljs's typings want an ArrayBuffer-backed Buffer; a copy of the bytes is one. */
export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}

export interface TemplateLocator {
  headerRow: number;
  filledOnColumn: number;
  column(role: TemplateRole): number;
  rowOf(code: string): number;
}

export function locate(sheet: ExcelJS.Worksheet): TemplateLocator {
  let headerRow = 0;
  const columns = new Map<TemplateRole, number>();
  sheet.eachRow((row, rowNumber) => {
    if (headerRow) return;
    row.eachCell((cell, column) => {
      const role = headerRole(cell.text);
      if (role) columns.set(role, column);
    });
    if (columns.has('key')) headerRow = rowNumber;
    else columns.clear();
  });
  let filledOnColumn = 0;
  sheet.getRow(2).eachCell((cell, column) => {
    if (cell.text.startsWith('填报日期')) filledOnColumn = column + 1;
  });
  return {
    headerRow,
    filledOnColumn,
    column: (role) => columns.get(role)!,
    rowOf: (code) => {
      for (let r = headerRow + 1; r <= sheet.rowCount; r++) if (sheet.getCell(r, columns.get('code')!).text === code) return r;
      throw new Error(`no row for ${code}`);
    },
  };
}

/** Everything an import could write, as plain data: equal before and after means nothing was written. */
export function fingerprint(sqlite: BetterSqlite3.Database): unknown {
  const tables = ['progress_reports', 'problems', 'task_events', 'round_tasks', 'tasks', 'attachments', 'milestones'];
  return Object.fromEntries(tables.map((table) => [table, sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()]));
}
