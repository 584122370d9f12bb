import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertWithLibreOffice, missingTools, runPython, toolPolicy } from '../testing/office-tools';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { applyTemplateImport, exportTemplate, previewTemplateImport } from './template.service';
import { editTemplate, loadWorkbook, seedUnitRound, type RoundFixture } from './testing/template-fixtures';

/**
 * Files that passed through other programs must import: re-saved by LibreOffice (text comes back as rich text,
 * formulas as { formula, result }, frozen panes dropped) and edited by openpyxl (which keeps a range-anchored
 * picture that exceljs 4.4 cannot read). Each test asserts the exact progress recorded.
 */

const reason = await missingTools({ soffice: true, openpyxl: true });
const policy = toolPolicy(reason);

let dir: string;
let t: SeededDatabase;
let f: RoundFixture;
let template: Buffer;

beforeAll(async () => {
  if (policy.skip) return;
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-roundtrip-'));
  t = await createSeededDatabase();
  f = await seedUnitRound(t);
  // Exported on 1 April 2025, inside the round's window, so that the 填报日期 written below (April 2025) is accepted.
  const exported = await exportTemplate(t.db, t.office, { planId: t.planId, unitId: f.unitId, roundId: f.roundId }, new Date('2025-04-01T02:00:00Z'));
  template = Buffer.from(exported.contentBase64, 'base64');
});
afterAll(async () => {
  await t?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const reportsOf = (sourceRef: string) =>
  t.db
    .selectFrom('progress_reports')
    .select(['task_id', 'unit_id', 'status', 'percent', 'progress', 'problems', 'next_steps', 'coordination', 'source', 'source_ref', 'round_id'])
    .where('source_ref', '=', sourceRef)
    .orderBy('task_id')
    .execute();

describe('填报模板 through other programs', () => {
  if (policy.failUnderCi) {
    it('has LibreOffice and openpyxl installed (CI installs them: .ci/run)', () => {
      throw new Error(`${reason}。CI 必须安装它们才能验证经其他程序保存的模板能够导入。`);
    });
  }

  it.skipIf(policy.skip)('imports a template filled in and re-saved by LibreOffice (rich text, formulas) with the exact values', { timeout: 180_000 }, async () => {
    const filled = await editTemplate(
      template,
      {
        // Mixed Chinese and Latin text: LibreOffice writes it back as rich text runs.
        '4.1.1.1': { progress: '与 Shanghai Electric、SANY 签约 3 个项目，总投资 12.5 亿元。', status: '序时推进', problems: 'ERP 系统对接滞后' },
        '4.1.1.3': { status: '滞后', nextSteps: '=加快推进（以等号开头的文字）' },
      },
      {
        filledOn: '2025年4月9日',
        change: (sheet, at) => {
          // A percentage the unit computed with a formula: LibreOffice keeps { formula, result }.
          sheet.getCell(at.rowOf('4.1.1.1'), at.column('percent')).value = { formula: '30*2', result: 60 };
          sheet.getCell(at.rowOf('4.1.1.3'), at.column('percent')).value = { formula: 'ROUND(12.4,0)', result: 12 };
        },
      },
    );
    const source = join(dir, 'lo-in.xlsx');
    writeFileSync(source, filled);
    const outDir = join(dir, 'lo-out');
    await convertWithLibreOffice([source], 'xlsx:Calc MS Excel 2007 XML', outDir);
    const resaved = readFileSync(join(outDir, 'lo-in.xlsx'));

    // The file really has LibreOffice's quirks, or this test proves nothing.
    const seen = await loadWorkbook(resaved);
    const sheet = seen.getWorksheet('填报表')!;
    const values = [] as ExcelJS.CellValue[];
    sheet.eachRow((row) => row.eachCell((cell) => void values.push(cell.value)));
    expect(values.some((value) => typeof value === 'object' && value !== null && 'richText' in value)).toBe(true);
    expect(values.some((value) => typeof value === 'object' && value !== null && 'formula' in value)).toBe(true);

    const name = 'LibreOffice另存_省商务厅.xlsx';
    const preview = await previewTemplateImport(t.db, t.office, { fileName: name, contentBase64: resaved.toString('base64') });
    expect(preview).toMatchObject({ filledOn: '2025-04-09', counts: { report: 2, unchanged: 2, conflict: 0, blocked: 0 } });
    await applyTemplateImport(t.db, t.office, { fileName: name, contentBase64: resaved.toString('base64'), overrideConflicts: [] });
    expect(await reportsOf(name)).toEqual([
      {
        task_id: f.taskIds.get('4.1.1.1'),
        unit_id: f.unitId,
        status: '序时推进',
        percent: 60,
        progress: '与 Shanghai Electric、SANY 签约 3 个项目，总投资 12.5 亿元。',
        problems: 'ERP 系统对接滞后',
        next_steps: '',
        coordination: '',
        source: 'import',
        source_ref: name,
        round_id: f.roundId,
      },
      {
        task_id: f.taskIds.get('4.1.1.3'),
        unit_id: f.unitId,
        status: '滞后',
        percent: 12,
        progress: '',
        problems: '',
        next_steps: '=加快推进（以等号开头的文字）',
        coordination: '',
        source: 'import',
        source_ref: name,
        round_id: f.roundId,
      },
    ]);
  });

  it.skipIf(policy.skip)('imports a template edited by openpyxl with a range-anchored picture that exceljs alone cannot read', { timeout: 60_000 }, async () => {
    const source = join(dir, 'py-in.xlsx');
    const target = join(dir, 'py-out.xlsx');
    const edits = join(dir, 'edits.json');
    writeFileSync(source, template);
    writeFileSync(
      edits,
      JSON.stringify({
        rows: {
          '4.1.1.2': { 本期进展情况: '已完成装备制造基地选址 (Python)', 完成进度: 45, 完成状态: '序时推进', 需协调事项: '请省发展改革委协调能耗指标' },
          '4.1.2.1': { 本期进展情况: '示范区总体方案获批', 完成进度: 100, 完成状态: '已完成' },
        },
        filledOn: '2025-04-10',
        picture: true,
      }),
    );
    await runPython(fileURLToPath(new URL('./testing/openpyxl-edit.py', import.meta.url)), [source, target, edits]);
    const edited = readFileSync(target);
    // The trap from shared/FINDINGS.md: exceljs 4.4 throws on the drawing openpyxl wrote.
    await expect(new ExcelJS.Workbook().xlsx.load(new Uint8Array(edited).buffer)).rejects.toThrow(/anchors/u);

    const name = 'openpyxl编辑_省商务厅.xlsx';
    const preview = await previewTemplateImport(t.db, t.office, { fileName: name, contentBase64: edited.toString('base64') });
    expect(preview.notices).toEqual(['文件中的图片、图形或图表已忽略（导入只读取单元格内容）。']);
    expect(preview).toMatchObject({ filledOn: '2025-04-10', counts: { report: 2 } });
    await applyTemplateImport(t.db, t.office, { fileName: name, contentBase64: edited.toString('base64'), overrideConflicts: [] });
    expect(await reportsOf(name)).toEqual([
      {
        task_id: f.taskIds.get('4.1.1.2'),
        unit_id: f.unitId,
        status: '序时推进',
        percent: 45,
        progress: '已完成装备制造基地选址 (Python)',
        problems: '',
        next_steps: '',
        coordination: '请省发展改革委协调能耗指标',
        source: 'import',
        source_ref: name,
        round_id: f.roundId,
      },
      {
        task_id: f.taskIds.get('4.1.2.1'),
        unit_id: f.unitId,
        status: '已完成',
        percent: 100,
        progress: '示范区总体方案获批',
        problems: '',
        next_steps: '',
        coordination: '',
        source: 'import',
        source_ref: name,
        round_id: f.roundId,
      },
    ]);
  });

  it.skipIf(policy.skip)('refuses a sheet copied by openpyxl beside its hidden original, naming both sheets', { timeout: 60_000 }, async () => {
    const source = join(dir, 'copy-in.xlsx');
    const target = join(dir, 'copy-out.xlsx');
    const edits = join(dir, 'copy-edits.json');
    writeFileSync(source, template);
    writeFileSync(edits, JSON.stringify({ rows: { '4.1.1.2': { 本期进展情况: '在副本中填写的进展', 完成进度: 30, 完成状态: '滞后' } }, copySheet: true }));
    await runPython(fileURLToPath(new URL('./testing/openpyxl-edit.py', import.meta.url)), [source, target, edits]);
    const file = { fileName: 'openpyxl副本_省商务厅.xlsx', contentBase64: readFileSync(target).toString('base64') };
    await expect(previewTemplateImport(t.db, t.office, file)).rejects.toThrow(/文件中有 2 个填报表：“填报表”（隐藏）、“填报表 Copy”，无法确定以哪一个为准/u);
  });

  it.skipIf(policy.skip)('refuses a text cell where openpyxl wrote a formula it cannot compute, naming the cell', { timeout: 60_000 }, async () => {
    const source = join(dir, 'formula-in.xlsx');
    const target = join(dir, 'formula-out.xlsx');
    const edits = join(dir, 'formula-edits.json');
    writeFileSync(source, template);
    writeFileSync(edits, JSON.stringify({ rows: { '4.1.1.2': { 本期进展情况: '=B5&"已完成选址"', 完成进度: 30, 完成状态: '滞后' } } }));
    await runPython(fileURLToPath(new URL('./testing/openpyxl-edit.py', import.meta.url)), [source, target, edits]);
    const file = { fileName: 'openpyxl公式_省商务厅.xlsx', contentBase64: readFileSync(target).toString('base64') };
    await expect(previewTemplateImport(t.db, t.office, file)).rejects.toThrow(/工作表“填报表”第 5 行 F 列（本期进展情况）：单元格 F5 是公式（=B5&"已完成选址"），文件中却没有它的计算结果/u);
  });
});
