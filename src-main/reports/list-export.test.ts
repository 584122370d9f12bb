import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListExportInput } from '../api/reports.contract';
import { issueNotice, listNotices } from '../notices/notices.service';
import { registerProblem } from '../problems/problem-register.service';
import { listProblems } from '../problems/problems.service';
import { roundDetail } from '../rounds/rounds.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { listTasks } from '../tasks/task-query';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { seedUnitRound, type RoundFixture } from '../exchange/testing/template-fixtures';
import { exportList } from './list-export';

/**
 * 导出当前列表: each list exports exactly the rows its list call returns for the same input — all pages of them, in
 * the list's order — as a 台账 laid out like the other reports (title, 填报单位/填报日期 line, frozen header, A4
 * landscape with the header repeated), naming its filters under the table.
 */

let t: SeededDatabase;
let f: RoundFixture;
const TODAY = '2025-04-20';
const context = { today: TODAY, thresholds: DEFAULT_WARNING_THRESHOLDS, exporter: '省发展改革委' };

beforeAll(async () => {
  t = await createSeededDatabase();
  f = await seedUnitRound(t);
  const taiyuan = await t.unitId('太原市');
  await registerProblem(t.db, t.office, { taskId: f.taskIds.get('4.1.1.1')!, kind: '存在问题', text: '项目用地指标紧张' });
  await registerProblem(t.db, t.office, { taskId: f.taskIds.get('4.1.1.2')!, kind: '需协调事项', text: '请协调能耗指标' });
  for (const [unitId, code] of [[f.unitId, '4.1.1.2'], [taiyuan, '4.1.1.3'], [f.unitId, '4.1.2.1']] as const) {
    await issueNotice(t.db, t.office, { taskIds: [f.taskIds.get(code)!], unitId, level: '黄', reason: `任务 ${code} 滞后`, requirement: '限期报送', replyDue: '2025-04-30' }, TODAY);
  }
});
afterAll(() => t.dispose());

interface ReadBack {
  title: string;
  metaLine: string;
  header: string[];
  /** Per data row (a row whose 序号 is a number), its cells as text. */
  rows: string[][];
  notes: string;
  sheet: ExcelJS.Worksheet;
}

async function exported(input: ListExportInput): Promise<ReadBack & { fileName: string }> {
  const file = await exportList(t.db, input, context);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const text = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value)));
  const rows: string[][] = [];
  const trailing: string[] = [];
  for (let r = 4; r <= sheet.rowCount; r++) {
    const cells = text(r);
    if (typeof sheet.getRow(r).getCell(1).value === 'number') rows.push(cells);
    else trailing.push(cells.join(''));
  }
  return { fileName: file.fileName, title: text(1).join(''), metaLine: text(2).join(' '), header: text(3), rows, notes: trailing.join('\n'), sheet };
}

const column = (read: ReadBack, header: string) => read.rows.map((row) => row[read.header.indexOf(header)]);

describe('导出当前列表: the file holds the list’s rows for the same input', () => {
  it('任务分解 with its filters and sort: every matching task, not only the page shown, in the list’s order', async () => {
    const filter = { planId: t.planId, search: '产业', sort: { field: 'code' as const, order: 'desc' as const }, offset: 20, limit: 20 };
    const page = await listTasks(t.db, filter, TODAY, DEFAULT_WARNING_THRESHOLDS);
    const { offset: _o, limit: _l, ...all } = filter;
    const { rows } = await listTasks(t.db, all, TODAY, DEFAULT_WARNING_THRESHOLDS);
    expect(page.total).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(40);

    const read = await exported({ list: 'tasks', filter });
    expect(column(read, '任务编号')).toEqual(rows.map((row) => row.code));
    expect(column(read, '牵头单位')).toEqual(rows.map((row) => row.leadUnit?.name ?? '待分配'));
    expect(column(read, '序号')).toEqual(rows.map((_, i) => String(i + 1)));
    expect(read.title).toContain('任务分解清单');
    expect(read.metaLine).toContain('填报单位');
    expect(read.metaLine).toContain('省发展改革委');
    expect(read.metaLine).toContain(`截至 ${TODAY}`);
    expect(read.notes).toContain('检索“产业”');
    expect(read.notes).toContain('按任务编号降序');
    expect(read.notes).toContain(`共 ${rows.length} 项任务`);
    expect(read.fileName).toBe(`截至${TODAY}_任务分解清单.xlsx`);
    // The 台账 layout of the other reports: header frozen under the title, A4 landscape with the header on every page.
    expect(read.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(read.sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '3:3' });
  });

  it('任务分解 filtered by unit and light: the same rows the list finds', async () => {
    const filter = { planId: t.planId, unitId: f.unitId, unitRole: 'lead' as const, statuses: ['未启动' as const] };
    const { rows } = await listTasks(t.db, filter, TODAY, DEFAULT_WARNING_THRESHOLDS);
    const read = await exported({ list: 'tasks', filter });
    expect(column(read, '任务编号')).toEqual(rows.map((row) => row.code));
    expect(rows.map((row) => row.code)).toEqual(['4.1.1.1', '4.1.1.2', '4.1.1.3', '4.1.2.1']);
    expect(read.notes).toContain('单位：省商务厅（牵头）');
  });

  it('问题台账', async () => {
    const rows = await listProblems(t.db, { planId: t.planId });
    const read = await exported({ list: 'problems', filter: { planId: t.planId } });
    expect(column(read, '问题')).toEqual(rows.map((row) => row.text));
    expect(column(read, '任务编号')).toEqual(rows.map((row) => row.taskCode));
    expect(rows).toHaveLength(2);
    expect(read.title).toContain('问题台账');
  });

  it('督办 list, narrowed to one unit as a unit sees it', async () => {
    const all = await listNotices(t.db, { planId: t.planId }, TODAY);
    expect(column(await exported({ list: 'notices', filter: { planId: t.planId } }), '督办编号')).toEqual(all.map((row) => row.number));
    const mine = await listNotices(t.db, { planId: t.planId, unitId: f.unitId }, TODAY);
    const read = await exported({ list: 'notices', filter: { planId: t.planId, unitId: f.unitId } });
    expect(column(read, '督办编号')).toEqual(mine.map((row) => row.number));
    expect(mine).toHaveLength(2);
    expect(read.notes).toContain('督办单位：省商务厅');
  });

  it('a round’s 任务报送明细, whole or for one unit', async () => {
    const detail = await roundDetail(t.db, f.roundId, TODAY, DEFAULT_WARNING_THRESHOLDS);
    const read = await exported({ list: 'round', id: f.roundId });
    expect(column(read, '任务编号')).toEqual(detail.tasks.map((row) => row.code));
    expect(column(read, '本期报送')).toEqual(detail.tasks.map(() => '未报'));
    expect(read.title).toContain('2025年第一季度调度任务报送明细');
    expect(read.metaLine).toContain('调度期');
    const one = await exported({ list: 'round', id: f.roundId, unitId: f.unitId });
    expect(column(one, '报送单位')).toEqual(detail.tasks.filter((row) => row.unitId === f.unitId).map(() => '省商务厅'));
  });
});
