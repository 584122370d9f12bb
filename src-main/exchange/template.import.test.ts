import { deflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRound, openRound } from '../rounds/rounds.service';
import { assignTasks } from '../tasks/task-assign.service';
import { updateTask } from '../tasks/task-edit.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { submitReport } from '../progress/progress.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { statementsRun } from '../testing/statements-run';
import { META_SHEET, TEMPLATE_SHEET } from './template-format';
import { applyTemplateImport, exportTemplate, previewTemplateImport, type TemplateImportInput } from './template.service';
import { copySheet, editTemplate, fingerprint, loadWorkbook, locate, seedUnitRound, UNIT, type RoundFixture } from './testing/template-fixtures';
import { sheetCells } from './xlsx-cells';
import { readXlsx } from './xlsx-reader';
import { XLSX_LIMITS } from './xlsx-guard';

let t: SeededDatabase;
let f: RoundFixture;
let template: Buffer;
let fileName: string;

async function setup(): Promise<void> {
  t = await createSeededDatabase();
  f = await seedUnitRound(t);
  const exported = await exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId: f.roundId }, new Date('2025-04-01T02:00:00Z'));
  template = Buffer.from(exported.contentBase64, 'base64');
  fileName = exported.fileName;
}

const input = (bytes: Buffer, extra: Partial<TemplateImportInput> = {}): TemplateImportInput => ({ fileName, contentBase64: bytes.toString('base64'), ...extra });
const apply = (bytes: Buffer, overrideConflicts: number[] = [], extra: Partial<TemplateImportInput> = {}) =>
  applyTemplateImport(t.db, t.office, { ...input(bytes, extra), overrideConflicts });

const FILLED = {
  '4.1.1.1': { progress: '已与上海、江苏对接装备制造项目 12 个，签约 5 个（总投资 38.6 亿元）。', percent: 60, status: '序时推进', problems: '项目用地指标紧张', nextSteps: '推动签约项目开工', coordination: '请省自然资源厅协调用地指标' },
  '4.1.2.1': { progress: '=示范区建设方案已报省政府', percent: 100, status: '已完成', nextSteps: '-持续跟踪' },
};

describe('填报模板 export', () => {
  beforeEach(setup);
  afterEach(() => t.dispose());

  it('lists the unit’s round tasks with the fill-in columns open, the rest locked, keys hidden and a status dropdown', async () => {
    expect(fileName).toBe('省商务厅_2025年第一季度调度_进展填报模板.xlsx');
    const workbook = await loadWorkbook(template);
    const sheet = workbook.getWorksheet(TEMPLATE_SHEET)!;
    const at = locate(sheet);
    expect([...f.taskIds.keys()].map((code) => at.rowOf(code))).toEqual([4, 5, 6, 7]);
    expect(sheet.getCell(1, 1).text).toContain('省商务厅');
    expect(sheet.getColumn(at.column('key')).hidden).toBe(true);
    expect(sheet.getCell(4, at.column('progress')).protection).toMatchObject({ locked: false });
    expect(sheet.getCell(4, at.column('code')).protection?.locked).not.toBe(false);
    expect(sheet.getCell(4, at.column('status')).dataValidation).toMatchObject({ type: 'list', formulae: ['"已完成,超序时进度,序时推进,滞后,未启动,暂缓"'] });
    expect(sheet.getCell(4, at.column('percent')).dataValidation).toMatchObject({ type: 'whole', formulae: [0, 100] });
    expect(workbook.getWorksheet(META_SHEET)!.state).toBe('veryHidden');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('is refused for a closed round and for another unit’s identity', async () => {
    await expect(exportTemplate(t.db, await t.actorFor('太原市'), { planId: t.planId, unitId: f.unitId, roundId: f.roundId })).rejects.toThrow(/只能导出本单位/);
    await closeRound(t.db, t.office, f.roundId, '2025-04-20', DEFAULT_WARNING_THRESHOLDS);
    await expect(exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId: f.roundId })).rejects.toThrow(/已结束/);
  });

  it('of a unit’s own copy lists its live lead tasks when no round is chosen', async () => {
    const own = await exportTemplate(t.db, await t.actorFor(UNIT), { planId: t.planId, unitId: f.unitId, roundId: null });
    expect(own.fileName).toMatch(/^省商务厅_截至\d{4}-\d{2}-\d{2}_进展填报模板\.xlsx$/u);
    const { workbook } = await readXlsx(Buffer.from(own.contentBase64, 'base64'));
    const codes = sheetCells(workbook.sheets.find((s) => s.name === TEMPLATE_SHEET)!).filter(([row, column]) => row > 3 && column === 2).map(([, , v]) => v.t === 's' && v.v);
    expect(codes).toEqual([...f.taskIds.keys()]);
  });
});

describe('填报模板 import', () => {
  beforeEach(setup);
  afterEach(() => t.dispose());

  it('previews per task what changes, then records every change in one go with its file, unit and round', async () => {
    const filled = await editTemplate(template, FILLED, { filledOn: '2025/4/8' });
    const before = (await fingerprint(t.db));
    const preview = await previewTemplateImport(t.db, t.office, input(filled, { expectUnitId: f.unitId, expectRoundId: f.roundId }));
    expect((await fingerprint(t.db))).toEqual(before);
    expect(preview).toMatchObject({ unitName: UNIT, roundName: '2025年第一季度调度', filledOn: '2025-04-08', counts: { report: 2, unchanged: 2, conflict: 0, blocked: 0 } });
    const first = preview.rows.find((row) => row.code === '4.1.1.1')!;
    expect(first.changes.map((c) => [c.field, c.before, c.after])).toEqual([
      ['完成状态', '未启动', '序时推进'],
      ['完成进度', '0%', '60%'],
      ['进展情况', '', FILLED['4.1.1.1'].progress],
      ['存在问题', '', '项目用地指标紧张'],
      ['下步打算', '', '推动签约项目开工'],
      ['需协调事项', '', '请省自然资源厅协调用地指标'],
    ]);

    const result = await apply(filled);
    expect(result).toMatchObject({ recorded: 2, unchanged: 2, skipped: 0 });
    const reports = await t.db
      .selectFrom('progress_reports')
      .select(['task_id', 'unit_id', 'status', 'percent', 'progress', 'next_steps', 'source', 'source_ref', 'round_id', 'reporter'])
      .orderBy('id')
      .execute();
    expect(reports).toEqual([
      {
        task_id: f.taskIds.get('4.1.1.1'),
        unit_id: f.unitId,
        status: '序时推进',
        percent: 60,
        progress: FILLED['4.1.1.1'].progress,
        next_steps: '推动签约项目开工',
        source: 'import',
        source_ref: fileName,
        round_id: f.roundId,
        reporter: `${UNIT}（Excel 导入，经办：${t.office.label}）`,
      },
      {
        task_id: f.taskIds.get('4.1.2.1'),
        unit_id: f.unitId,
        status: '已完成',
        percent: 100,
        // Text that looks like a formula came back as the text the unit typed.
        progress: '=示范区建设方案已报省政府',
        next_steps: '-持续跟踪',
        source: 'import',
        source_ref: fileName,
        round_id: f.roundId,
        reporter: `${UNIT}（Excel 导入，经办：${t.office.label}）`,
      },
    ]);
    // The round counts them as reported, the problems are tracked, the history says where they came from.
    const reported = await t.db.selectFrom('round_tasks').select('task_id').where('round_id', '=', f.roundId).where('report_id', 'is not', null).orderBy('task_id').execute();
    expect(reported).toEqual([{ task_id: f.taskIds.get('4.1.1.1') }, { task_id: f.taskIds.get('4.1.2.1') }]);
    expect(await t.db.selectFrom('problems').select(['kind', 'text']).orderBy('id').execute()).toEqual([
      { kind: '存在问题', text: '项目用地指标紧张' },
      { kind: '需协调事项', text: '请省自然资源厅协调用地指标' },
    ]);
    expect(await t.db.selectFrom('task_events').select('summary').where('kind', '=', 'reported').orderBy('id').execute()).toEqual([
      { summary: `填报进展：序时推进，完成 60%（2025年第一季度调度）（导入自 ${fileName}）` },
      { summary: `填报进展：已完成，完成 100%（2025年第一季度调度）（导入自 ${fileName}）` },
    ]);

    // Re-importing the same file changes nothing.
    const after = (await fingerprint(t.db));
    const again = await previewTemplateImport(t.db, t.office, input(filled));
    expect(again.counts).toEqual({ report: 0, unchanged: 4, conflict: 0, blocked: 0 });
    expect(await apply(filled)).toMatchObject({ recorded: 0, unchanged: 4 });
    expect((await fingerprint(t.db))).toEqual(after);
  });

  it('checks again against the database when applying a file it previewed (the parse is reused, the checks are not)', async () => {
    const filled = await editTemplate(template, FILLED);
    expect((await previewTemplateImport(t.db, t.office, input(filled))).counts).toMatchObject({ report: 2, conflict: 0 });
    // Between preview and confirmation the office edits a task the file reports on, and a unit reports on the other.
    await updateTask(t.db, t.office, { id: f.taskIds.get('4.1.1.1')!, text: '对接长三角装备制造产业转移（调整后）' });
    await submitReport(t.db, t.files, await t.actorFor(UNIT), {
      taskId: f.taskIds.get('4.1.2.1')!,
      status: '序时推进',
      percent: 80,
      progress: '直接填报。',
      problems: '',
      nextSteps: '',
      coordination: '',
      attachments: [],
    });
    const before = (await fingerprint(t.db));
    expect(await apply(filled)).toMatchObject({ recorded: 0, skipped: 2 });
    expect((await fingerprint(t.db))).toEqual(before);
    // Closing the round after a preview refuses the apply outright.
    await closeRound(t.db, t.office, f.roundId, '2025-04-20', DEFAULT_WARNING_THRESHOLDS);
    const closed = (await fingerprint(t.db));
    await expect(apply(filled)).rejects.toThrow(/已结束/);
    expect((await fingerprint(t.db))).toEqual(closed);
  });

  it('checks again when another program wrote to the database between preview and apply', async () => {
    const filled = await editTemplate(template, FILLED);
    expect((await previewTemplateImport(t.db, t.office, input(filled))).counts).toMatchObject({ report: 2, conflict: 0 });
    // Someone else (another office PC on the shared server, another program) changes a task the file reports on.
    await t.db.updateTable('tasks').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', f.taskIds.get('4.1.1.1')!).execute();
    // The changed task is now a conflict, left unrecorded unless confirmed; the other row is recorded.
    expect(await apply(filled)).toMatchObject({ recorded: 1, skipped: 1 });
  });

  it('records what the preview showed when nothing changed in between, and again nothing on a second apply', async () => {
    const filled = await editTemplate(template, FILLED);
    const preview = await previewTemplateImport(t.db, t.office, input(filled));
    expect(preview.counts).toMatchObject({ report: 2, unchanged: 2 });
    expect(await apply(filled)).toMatchObject({ recorded: 2, unchanged: 2 });
    // The preview's plan serves one apply only: applying the same file again compares with what was just recorded.
    const after = (await fingerprint(t.db));
    expect(await apply(filled)).toMatchObject({ recorded: 0, unchanged: 4 });
    expect((await fingerprint(t.db))).toEqual(after);
  });

  it('applies a previewed round template on the tasks the preview read, without reading them again for the report rules', async () => {
    const filled = await editTemplate(template, FILLED);
    expect((await previewTemplateImport(t.db, t.office, input(filled))).counts).toMatchObject({ report: 2, unchanged: 2 });
    const { result, statements } = await statementsRun(t.db, () => apply(filled));
    expect(result).toMatchObject({ recorded: 2, unchanged: 2 });
    expect(statements.some((sql) => sql.startsWith('insert into "progress_reports"'))).toBe(true);
    // Neither the tasks' heads nor the rounds asking them are read again: the preview read both, nothing changed since.
    expect(statements.filter((sql) => /^select "id", "code", "plan_id", "lead_unit_id", "retired_at" from "tasks"|from "round_tasks" where "round_id" in/u.test(sql))).toEqual([]);
    const recorded = await t.db.selectFrom('progress_reports').select(['task_id', 'round_id', 'reporter']).where('source', '=', 'import').orderBy('task_id').execute();
    expect(recorded).toEqual(
      [f.taskIds.get('4.1.1.1')!, f.taskIds.get('4.1.2.1')!].sort((a, b) => a - b).map((taskId) => ({ task_id: taskId, round_id: f.roundId, reporter: expect.stringContaining('Excel 导入') })),
    );
  });

  it('records the file sent with the apply, not the one previewed before it under the same name', async () => {
    const previewed = await editTemplate(template, FILLED);
    expect((await previewTemplateImport(t.db, t.office, input(previewed))).counts).toMatchObject({ report: 2 });
    // The unit corrects its file and it is sent again under the same name, straight to the apply.
    const corrected = await editTemplate(template, { '4.1.1.1': { ...FILLED['4.1.1.1'], percent: 70, progress: '已签约 6 个。' } });
    expect(await apply(corrected)).toMatchObject({ recorded: 1, unchanged: 3 });
    const latest = await t.db.selectFrom('progress_reports').select(['percent', 'progress']).where('task_id', '=', f.taskIds.get('4.1.1.1')!).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(latest).toEqual({ percent: 70, progress: '已签约 6 个。' });
  });

  it('shows a conflict when the office changed the task since export, and records it only when confirmed', async () => {
    const taskId = f.taskIds.get('4.1.1.1')!;
    await updateTask(t.db, t.office, { id: taskId, standard: '签约项目不少于 10 个' });
    await submitReport(t.db, t.files, t.office, { taskId, status: '滞后', percent: 20, progress: '办公室电话核实', problems: '', nextSteps: '', coordination: '', attachments: [] });
    const filled = await editTemplate(template, { '4.1.1.1': FILLED['4.1.1.1'] });
    const preview = await previewTemplateImport(t.db, t.office, input(filled));
    const row = preview.rows.find((r) => r.taskId === taskId)!;
    expect(row.action).toBe('conflict');
    expect(row.reason).toMatch(/导出后办公室修改过该任务（版本 2 → 3）；导出后已有 1 次新的进展填报/u);

    const before = (await fingerprint(t.db));
    expect(await apply(filled)).toMatchObject({ recorded: 0, skipped: 1 });
    expect((await fingerprint(t.db))).toEqual(before);
    expect(await apply(filled, [taskId])).toMatchObject({ recorded: 1 });
    expect(await t.db.selectFrom('tasks').select(['status', 'percent']).where('id', '=', taskId).executeTakeFirst()).toEqual({ status: '序时推进', percent: 60 });
  });

  it('names in a conflict how many reports came since export and the earliest of them, not counting the file’s own', async () => {
    const taskId = f.taskIds.get('4.1.1.1')!;
    const filled = await editTemplate(template, { '4.1.1.1': FILLED['4.1.1.1'] });
    // The file is recorded once; then a copy of it under another name (confirmed over the conflict), and the office
    // reports on the task directly.
    expect(await apply(filled)).toMatchObject({ recorded: 1 });
    const copy = await editTemplate(template, { '4.1.1.1': { ...FILLED['4.1.1.1']!, percent: 62 } });
    expect(await apply(copy, [taskId], { fileName: '省商务厅_另一份.xlsx' })).toMatchObject({ recorded: 1 });
    await submitReport(t.db, t.files, t.office, { taskId, status: '滞后', percent: 20, progress: '办公室电话核实', problems: '', nextSteps: '', coordination: '', attachments: [] });
    const earliest = await t.db.selectFrom('progress_reports').select('created_at').where('source_ref', '=', '省商务厅_另一份.xlsx').executeTakeFirstOrThrow();
    // Its figures changed again: the file's own earlier report is not a conflict, the two others are.
    const again = await editTemplate(template, { '4.1.1.1': { ...FILLED['4.1.1.1']!, percent: 65 } });
    const row = (await previewTemplateImport(t.db, t.office, input(again))).rows.find((r) => r.taskId === taskId)!;
    expect(row.action).toBe('conflict');
    expect(row.reason).toContain(`导出后已有 2 次新的进展填报（最早 ${earliest.created_at.slice(0, 16).replace('T', ' ')}，导入自 省商务厅_另一份.xlsx）`);
  });

  it('reads rows by their keys whatever the unit did to the layout: sorted rows, moved and hidden columns', async () => {
    const filled = await editTemplate(template, FILLED, {
      change: (sheet) => {
        // Reverse the four task rows and swap two fill-in columns, as a unit sorting and rearranging would.
        const rows = [4, 5, 6, 7].map((r) => sheet.getRow(r).values as ExcelJS.CellValue[]);
        [4, 5, 6, 7].forEach((r, i) => {
          sheet.getRow(r).values = rows[3 - i]!;
        });
        const at = locate(sheet);
        const [a, b] = [at.column('problems'), at.column('nextSteps')];
        for (let r = 3; r <= 7; r++) {
          const x = sheet.getCell(r, a).value;
          sheet.getCell(r, a).value = sheet.getCell(r, b).value;
          sheet.getCell(r, b).value = x;
        }
        sheet.getColumn(4).hidden = true;
      },
    });
    expect(await apply(filled)).toMatchObject({ recorded: 2 });
    expect(await t.db.selectFrom('progress_reports').select(['problems', 'next_steps']).where('task_id', '=', f.taskIds.get('4.1.1.1')!).executeTakeFirst()).toEqual({
      problems: '项目用地指标紧张',
      next_steps: '推动签约项目开工',
    });
  });

  it('blocks rows whose task was reassigned since export and records the rest', async () => {
    const taskId = f.taskIds.get('4.1.2.1')!;
    await t.db.deleteFrom('round_tasks').where('task_id', '=', taskId).execute();
    const filled = await editTemplate(template, FILLED);
    const preview = await previewTemplateImport(t.db, t.office, input(filled));
    expect(preview.rows.find((r) => r.taskId === taskId)).toMatchObject({ action: 'blocked', reason: expect.stringMatching(/不在本单位本期调度/u) });
    expect(await apply(filled)).toMatchObject({ recorded: 1, skipped: 1 });
  });

  it('counts characters, not UTF-16 units: 5,000 𠮷 is within the limit, 5,001 is one over', async () => {
    const within = await editTemplate(template, { '4.1.1.1': { status: '序时推进', percent: 50, progress: '𠮷'.repeat(5000) } });
    expect((await previewTemplateImport(t.db, t.office, input(within))).counts).toMatchObject({ report: 1 });
    const over = await editTemplate(template, { '4.1.1.1': { status: '序时推进', percent: 50, progress: '𠮷'.repeat(5001) } });
    await expect(previewTemplateImport(t.db, t.office, input(over))).rejects.toThrow(/第 4 行 F 列（本期进展情况）：内容有 5001 个字，超过 5000 字的上限/u);
  });

  it('accepts 填报日期 written as text or as a date cell (every form: cell-values.test.ts)', async () => {
    for (const [written, expected] of [
      ['二〇二五年四月八日', '2025-04-08'],
      [new Date(Date.UTC(2025, 3, 8)), '2025-04-08'],
    ] as const) {
      const filled = await editTemplate(template, {}, { filledOn: written });
      expect((await previewTemplateImport(t.db, t.office, input(filled))).filledOn, String(written)).toBe(expected);
    }
  });
});

describe('which sheet is read: the visible 填报表, never a hidden one', () => {
  beforeEach(setup);
  afterEach(() => t.dispose());

  /** The unit copies 填报表 (建立副本), fills in the copy and hides the original. */
  const copyFilledOriginalHidden = (originalEdits: Parameters<typeof editTemplate>[1]) =>
    editTemplate(template, originalEdits, {
      change: (sheet) => {
        const copy = copySheet(sheet.workbook, sheet, '填报表 (2)');
        const at = locate(copy);
        copy.getCell(at.rowOf('4.1.1.1'), at.column('status')).value = '滞后';
        copy.getCell(at.rowOf('4.1.1.1'), at.column('percent')).value = 30;
        copy.getCell(at.rowOf('4.1.1.1'), at.column('progress')).value = '签约项目落地慢于计划';
        sheet.state = 'hidden';
      },
    });

  const refused = async (bytes: Buffer, error: RegExp) => {
    const before = (await fingerprint(t.db));
    await expect(previewTemplateImport(t.db, t.office, input(bytes))).rejects.toThrow(error);
    await expect(apply(bytes, [...f.taskIds.values()])).rejects.toThrow(error);
    expect((await fingerprint(t.db))).toEqual(before);
  };

  it('refuses a file whose hidden 填报表 says 已完成 100% while the visible copy says 滞后 30%, naming both sheets', async () => {
    const bytes = await copyFilledOriginalHidden({ '4.1.1.1': { status: '已完成', percent: 100, progress: '已全部完成' } });
    await refused(bytes, /文件中有 2 个填报表：“填报表”（隐藏）、“填报表 \(2\)”，无法确定以哪一个为准/u);
  });

  it('refuses a filled copy beside its hidden, untouched original instead of reading the original as 无变化', async () => {
    await refused(await copyFilledOriginalHidden({}), /文件中有 2 个填报表：“填报表”（隐藏）、“填报表 \(2\)”/u);
  });

  it('refuses a file whose only 填报表 is hidden, and one with two visible copies', async () => {
    const hidden = await editTemplate(template, FILLED, { change: (sheet) => (sheet.state = 'hidden') });
    await refused(hidden, /填报表被隐藏了：“填报表”（隐藏）。导入只读取看得见的填报表/u);
    const twoVisible = await editTemplate(template, FILLED, { change: (sheet) => void copySheet(sheet.workbook, sheet, '填报表备份') });
    await refused(twoVisible, /文件中有 2 个填报表：“填报表”、“填报表备份”/u);
  });

  it('reads the one visible template sheet whatever it is called', async () => {
    const renamed = await editTemplate(template, FILLED, { change: (sheet) => (sheet.name = '商务厅一季度') });
    expect(await apply(renamed)).toMatchObject({ recorded: 2 });
  });
});

describe('a template exported and returned untouched', () => {
  beforeEach(async () => {
    t = await createSeededDatabase();
  });
  afterEach(() => t.dispose());

  it('imports as 无变化 for a task in every status, 已完成 and 暂缓 included, latest and round alike', async () => {
    const unitId = await t.unitId(UNIT);
    const unit = await t.actorFor(UNIT);
    const states = [
      ['4.1.1.1', '已完成', 100],
      ['4.1.1.2', '超序时进度', 70],
      ['4.1.1.3', '序时推进', 40],
      ['4.1.1.4', '滞后', 10],
      ['4.1.1.5', '未启动', 0],
      ['4.1.2.1', '暂缓', 30],
    ] as const;
    const ids = await Promise.all(states.map(([code]) => t.taskId(code)));
    await assignTasks(t.db, t.office, { taskIds: ids, leadUnitId: unitId, cooperatorUnitIds: [], deadline: '2026-12-31' });
    for (const [index, [, status, percent]] of states.entries()) {
      await submitReport(t.db, t.files, unit, { taskId: ids[index]!, status, percent, progress: `${status}的说明`, problems: '', nextSteps: '', coordination: '', attachments: [] });
    }
    const roundTrip = async (roundId: number | null) => {
      const exported = await exportTemplate(t.db, unit, { planId: t.planId, unitId, roundId }, new Date('2025-04-01T02:00:00Z'));
      const file = { fileName: exported.fileName, contentBase64: exported.contentBase64 };
      const before = (await fingerprint(t.db));
      const preview = await previewTemplateImport(t.db, unit, file);
      expect(await applyTemplateImport(t.db, unit, { ...file, overrideConflicts: [] })).toMatchObject({ recorded: 0, skipped: 0 });
      expect((await fingerprint(t.db))).toEqual(before);
      return preview;
    };
    const latest = await roundTrip(null);
    expect(latest.rows.map((row) => [row.code, row.status, row.action])).toEqual(states.map(([code, status]) => [code, status, 'unchanged']));
    // A round asks for every task not yet 已完成; the template shows each task's current state.
    const { id: roundId } = await openRound(t.db, t.office, { planId: t.planId, name: '2025年第一季度调度', periodStart: '2025-01-01', periodEnd: '2025-03-31', dueDate: '2025-04-10', unitIds: [unitId] });
    const round = await roundTrip(roundId);
    expect(round.counts).toEqual({ report: 0, unchanged: 5, conflict: 0, blocked: 0 });
  });

  it('still holds a changed 已完成 row to the report rules, naming the cell', async () => {
    const unitId = await t.unitId(UNIT);
    const unit = await t.actorFor(UNIT);
    const taskId = await t.taskId('4.1.1.1');
    await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: unitId, cooperatorUnitIds: [], deadline: '2026-12-31' });
    await submitReport(t.db, t.files, unit, { taskId, status: '已完成', percent: 100, progress: '已建成', problems: '', nextSteps: '', coordination: '', attachments: [] });
    const exported = await exportTemplate(t.db, unit, { planId: t.planId, unitId, roundId: null }, new Date('2025-04-01T02:00:00Z'));
    // The unit adds a problem but leaves 本期进展情况 blank: a new 已完成 report must say what was done.
    const edited = await editTemplate(Buffer.from(exported.contentBase64, 'base64'), { '4.1.1.1': { problems: '验收资料未齐' } });
    const before = (await fingerprint(t.db));
    await expect(previewTemplateImport(t.db, unit, { fileName: exported.fileName, contentBase64: edited.toString('base64') })).rejects.toThrow(
      /工作表“填报表”第 4 行 F 列（本期进展情况）：完成状态为“已完成”时，必须写明完成了什么/u,
    );
    expect((await fingerprint(t.db))).toEqual(before);
  });
});

/** Rewrites one part of the package, as a damaged or hand-edited file would have it. */
async function patchPart(bytes: Buffer, part: string, change: (xml: string) => string, compression: 'DEFLATE' | 'STORE' = 'DEFLATE'): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file(part, change(await zip.file(part)!.async('string')));
  return zip.generateAsync({ type: 'nodebuffer', compression });
}

const addRow = (xml: string, row: string) => xml.replace('</sheetData>', `${row}</sheetData>`);
const SHEET = 'xl/worksheets/sheet1.xml';

/** A zip whose one entry inflates to `size` bytes while the central directory claims it is `claimed` bytes. */
function lyingZip(size: number, claimed: number): Buffer {
  const name = Buffer.from('xl/workbook.xml');
  const data = deflateRawSync(Buffer.alloc(size, 0x20));
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(claimed, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(claimed, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

interface BadFile {
  name: string;
  file: () => Promise<Buffer>;
  /** What the importer says: the message names the sheet, row and column where there is one. */
  error: RegExp;
  input?: () => Promise<Partial<TemplateImportInput>>;
}

const badFiles: BadFile[] = [
  { name: 'an empty file', file: async () => Buffer.alloc(0), error: /文件是空的/u },
  { name: 'a text file renamed .xlsx', file: async () => Buffer.from('任务编号,完成进度\n4.1.1.1,60\n'), error: /不是 Excel 工作簿/u },
  { name: 'a web page saved as .xlsx', file: async () => Buffer.from('<html><body><table><tr><td>4.1.1.1</td></tr></table></body></html>'), error: /网页（HTML）文件/u },
  {
    name: 'an old .xls (Excel 97-2003)',
    file: async () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
    error: /旧版 Excel 97-2003 格式（\.xls）/u,
  },
  { name: 'a Word document', file: async () => new JSZip().file('word/document.xml', '<w:document/>').generateAsync({ type: 'nodebuffer' }), error: /这是 Word 文档/u },
  { name: 'a truncated file', file: async () => template.subarray(0, Math.floor(template.length * 0.6)), error: /文件不完整/u },
  { name: 'a file over 20 MB', file: async () => Buffer.concat([template, Buffer.alloc(XLSX_LIMITS.fileBytes)]), error: /超过 20 MB 的导入上限/u },
  {
    name: 'a zip bomb (110 MB of sheet, honestly declared)',
    file: () => patchPart(template, SHEET, (xml) => xml.replace('<sheetData>', `<sheetData>${' '.repeat(110 * 1024 * 1024)}`)),
    error: /解压后超过 100 MB/u,
  },
  { name: 'a zip bomb that lies about its size', file: async () => lyingZip(120 * 1024 * 1024, 1000), error: /解压后超过 100 MB/u },
  {
    name: 'a sheet using row 30000',
    file: () => patchPart(template, SHEET, (xml) => addRow(xml, '<row r="30000"><c r="A30000" t="inlineStr"><is><t>x</t></is></c></row>')),
    error: /工作表“填报表”用到第 30000 行，超过 20000 行的导入上限/u,
  },
  {
    name: 'one cell at A99999999 (10 s in exceljs)',
    file: () => patchPart(template, SHEET, (xml) => addRow(xml, '<row r="99999999"><c r="A99999999" t="inlineStr"><is><t>x</t></is></c></row>')),
    error: /工作表“填报表”用到第 99999999 行/u,
  },
  {
    name: 'a sheet using column ZZ',
    file: () => patchPart(template, SHEET, (xml) => addRow(xml, '<row r="40"><c r="ZZ40" t="inlineStr"><is><t>x</t></is></c></row>')),
    error: /工作表“填报表”用到第 702 列，超过 256 列/u,
  },
  {
    name: 'a sheet compressed in a way no spreadsheet program writes (the message names no internal part)',
    file: async () => {
      // The sheet's compression method, in its central directory record, set to 12 (bzip2).
      const bytes = Buffer.from(template);
      const name = Buffer.from(SHEET);
      const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
      for (let p = bytes.indexOf(signature); p >= 0; p = bytes.indexOf(signature, p + 4)) {
        if (bytes.subarray(p + 46, p + 46 + name.length).equals(name)) bytes.writeUInt16LE(12, p + 10);
      }
      return bytes;
    },
    error: /^(?![\s\S]*sheet1\.xml)[\s\S]*文件使用了不支持的压缩方式，请在 Excel 或 WPS 中打开后另存为 \.xlsx 再导入/u,
  },
  {
    name: 'a damaged sheet (not XML)',
    file: () => patchPart(template, SHEET, () => '<worksheet><sheetData><row r="1"><c r="A1"'),
    error: /文件内容无法解析/u,
  },
  {
    name: 'another unit’s template',
    file: async () => template,
    input: async () => ({ expectUnitId: await t.unitId('太原市') }),
    error: /是省商务厅的填报模板，不是太原市的/u,
  },
  {
    name: 'another round’s template',
    file: async () => template,
    input: async () => ({ expectRoundId: null }),
    error: /是“2025年第一季度调度”的填报模板，不是“最新进展”的/u,
  },
  {
    name: 'an edited row key',
    file: () => editTemplate(template, {}, { change: (sheet, at) => (sheet.getCell(5, at.column('key')).value = `${sheet.getCell(5, at.column('key')).text.slice(0, -1)}0`) }),
    error: /工作表“填报表”第 5 行 L 列（系统键（请勿修改））：系统键与本模板不符/u,
  },
  {
    name: 'a row pasted from another unit’s template',
    file: async () => {
      const other = await exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId: null });
      const otherSheet = await loadWorkbook(Buffer.from(other.contentBase64, 'base64'));
      const key = otherSheet.getWorksheet(TEMPLATE_SHEET)!.getCell(4, 12).text;
      return editTemplate(template, {}, { change: (sheet, at) => (sheet.getCell(4, at.column('key')).value = key) });
    },
    error: /第 4 行 L 列.*从其他单位、其他调度期的模板复制来的/u,
  },
  {
    name: 'edited template information',
    file: () => patchPart(template, 'xl/sharedStrings.xml', (xml) => xml.replace('2025年第一季度调度</t>', '2025年第二季度调度</t>')),
    error: /工作表“模板信息”：模板信息与校验码不符/u,
  },
  {
    name: 'a file without the template information sheet',
    file: async () => {
      const workbook = await loadWorkbook(template);
      workbook.removeWorksheet(workbook.getWorksheet(META_SHEET)!.id);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    },
    error: /缺少隐藏的“模板信息”工作表/u,
  },
  {
    name: 'a duplicated row',
    file: () =>
      editTemplate(template, FILLED, {
        change: (sheet) => {
          sheet.getRow(8).values = sheet.getRow(4).values as ExcelJS.CellValue[];
        },
      }),
    error: /第 8 行 L 列（系统键（请勿修改））：与第 4 行是同一项任务（4\.1\.1\.1），重复的行/u,
  },
  {
    name: 'an inserted row without a key',
    file: () => editTemplate(template, {}, { change: (sheet, at) => (sheet.getCell(9, at.column('progress')).value = '另报一项工作') }),
    error: /第 9 行 L 列.*没有系统键/u,
  },
  {
    name: 'merged cells over the data',
    file: () => editTemplate(template, FILLED, { change: (sheet) => sheet.mergeCells('F4:F5') }),
    error: /工作表“填报表”第 4 行 F 列：单元格 F4:F5 被合并/u,
  },
  {
    name: 'a deleted column',
    file: () => editTemplate(template, {}, { change: (sheet) => sheet.spliceColumns(8, 1) }),
    error: /工作表“填报表”第 3 行：缺少“完成状态”列/u,
  },
  {
    name: 'percent above 100',
    file: () => editTemplate(template, { '4.1.1.2': { percent: 120, status: '超序时进度' } }),
    error: /工作表“填报表”第 5 行 G 列（完成进度（%））：应在 0 到 100 之间，收到“120”/u,
  },
  {
    name: 'a negative percent typed as text',
    file: () => editTemplate(template, { '4.1.1.2': { percent: '-5%', status: '滞后' } }),
    error: /第 5 行 G 列（完成进度（%））：应在 0 到 100 之间，收到“-5%”/u,
  },
  { name: 'percent in words', file: () => editTemplate(template, { '4.1.1.2': { percent: '约五成' } }), error: /第 5 行 G 列（完成进度（%））：.*“约五成”不是数字/u },
  { name: 'a fractional percent', file: () => editTemplate(template, { '4.1.1.2': { percent: 55.5, status: '滞后' } }), error: /第 5 行 G 列（完成进度（%））：应为整数，收到“55.5”/u },
  { name: 'an unknown status', file: () => editTemplate(template, { '4.1.1.3': { status: '基本完成' } }), error: /第 6 行 H 列（完成状态）：“基本完成”不是有效的完成状态/u },
  { name: 'a blank status', file: () => editTemplate(template, { '4.1.1.3': { status: null } }), error: /第 6 行 H 列（完成状态）：不能为空/u },
  {
    name: '已完成 below 100%',
    file: () => editTemplate(template, { '4.1.1.3': { status: '已完成', percent: 90, progress: '完成' } }),
    error: /第 6 行 G 列（完成进度（%））：完成状态为“已完成”时，完成进度应为 100/u,
  },
  {
    // What a script writes (openpyxl, exceljs): a formula and no result, which only a spreadsheet program computes.
    name: 'a text cell holding a formula with no computed value',
    file: () => editTemplate(template, { '4.1.1.1': { status: '序时推进', percent: 50 } }, { change: (sheet, at) => (sheet.getCell(at.rowOf('4.1.1.1'), at.column('progress')).value = { formula: 'CONCATENATE("已签约","5个")' }) }),
    error: /工作表“填报表”第 4 行 F 列（本期进展情况）：单元格 F4 是公式（=CONCATENATE\("已签约","5个"\)），文件中却没有它的计算结果/u,
  },
  {
    name: 'a percent holding a formula with no computed value',
    file: () => editTemplate(template, {}, { change: (sheet, at) => (sheet.getCell(at.rowOf('4.1.1.2'), at.column('percent')).value = { formula: '30*2' }) }),
    error: /第 5 行 G 列（完成进度（%））：单元格 G5 是公式（=30\*2）/u,
  },
  { name: 'a date that is no date', file: () => editTemplate(template, {}, { filledOn: '下月底前' }), error: /第 2 行 I 列（填报日期）：“下月底前”不是可识别的日期/u },
  { name: 'an impossible date', file: () => editTemplate(template, {}, { filledOn: '2025年2月30日' }), error: /第 2 行 I 列（填报日期）：“2025年2月30日”不是可识别的日期/u },
];

describe('bad files get a Chinese error naming sheet, row and column, and nothing is written', () => {
  // Nothing is written by any case (that is what each asserts), so they share one database.
  beforeAll(setup);
  afterAll(() => t.dispose());

  it.each(badFiles.map((entry) => [entry.name, entry]))('%s', async (_name, entry) => {
    const bytes = await entry.file();
    const extra = (await entry.input?.()) ?? {};
    const before = (await fingerprint(t.db));
    await expect(previewTemplateImport(t.db, t.office, input(bytes, extra))).rejects.toThrow(entry.error);
    await expect(apply(bytes, [...f.taskIds.values()], extra)).rejects.toThrow(entry.error);
    expect((await fingerprint(t.db))).toEqual(before);
  });

  it('a template of a round closed since (run last: closing the round is the one change made here)', async () => {
    await closeRound(t.db, t.office, f.roundId, '2025-04-20', DEFAULT_WARNING_THRESHOLDS);
    const before = (await fingerprint(t.db));
    await expect(previewTemplateImport(t.db, t.office, input(template))).rejects.toThrow(/调度“2025年第一季度调度”已结束/u);
    await expect(apply(template, [...f.taskIds.values()])).rejects.toThrow(/调度“2025年第一季度调度”已结束/u);
    expect((await fingerprint(t.db))).toEqual(before);
  });

  it('lists every problem of a file at once, not just the first', async () => {
    const bad = await editTemplate(template, { '4.1.1.1': { percent: 150 }, '4.1.1.2': { status: '差不多' }, '4.1.1.3': { percent: 'abc' } });
    const error = await previewTemplateImport(t.db, t.office, input(bad)).catch((e: Error) => e);
    expect(String(error)).toMatch(/第 4 行 G 列[\s\S]*第 5 行 H 列[\s\S]*第 6 行 G 列/u);
  });
});
