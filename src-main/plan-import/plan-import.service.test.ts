import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../api/plan-import.types';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { seedShippedPlan } from '../plan/plan.seed';
import { listPlans, planTree } from '../plan/plan.service';
import type { Actor } from '../tasks/task-rules';
import { seedDefaultUnits } from '../units/units.service';
import { previewPlanImport, savePlanImport } from './plan-import.service';
import { applyEdit } from '../api/plan-import.edits';
import { CITY_ACTION_PLAN } from './testing/sample-documents';
import { DIVISION_TABLE_HEADER, DIVISION_TABLE_ROWS, DIVISION_TABLE_TITLE } from './testing/office-documents';
import { makeLedgerXlsx } from './testing/xlsx-fixture';

let t: TestDatabase;
let office: Actor;
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const rowCounts = async () => {
  const count = async (table: 'plans' | 'tasks' | 'plan_imports' | 'task_cooperators' | 'task_events') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { plans: await count('plans'), tasks: await count('tasks'), imports: await count('plan_imports'), cooperators: await count('task_cooperators'), events: await count('task_events') };
};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDefaultUnits(t.db);
  await seedShippedPlan(t.db);
  const unit = await t.db.selectFrom('units').select('id').where('kind', '=', 'office').executeTakeFirstOrThrow();
  office = { role: 'office', unitId: unit.id, label: '省区域融合发展领导小组办公室（张三）' };
});
afterAll(() => t.dispose());

describe('导入规划 against a real database', () => {
  let preview: ImportPreview;

  it('previews without writing anything', async () => {
    const before = await rowCounts();
    preview = await previewPlanImport(t.db, { fileName: '行动方案.txt', contentBase64: base64(CITY_ACTION_PLAN) });
    expect(preview.chapters).toHaveLength(3);
    expect(preview.previousImport).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });

  it('saves the edited tree in one go: codes renumbered, units and deadlines assigned, the file recorded', async () => {
    const before = await rowCounts();
    // The office drops 一、总体要求 (background) and merges the two tasks of 3.1.1 加强组织领导.
    // Saving with a name that is not in the unit list is refused: the office decides what it is.
    await expect(savePlanImport(t.db, office, { preview, title: '测试', periodStart: 2023, periodEnd: 2025 })).rejects.toThrow(/以下单位不在单位名单中：民航山西监管局/u);
    let chapters = applyEdit(preview.chapters, { op: 'resolveUnit', name: '民航山西监管局', to: { create: 'department' } });
    chapters = applyEdit(chapters, { op: 'drop', key: preview.chapters[0]!.key });
    const organise = chapters[1]!.children[0]!.children[0]!;
    chapters = applyEdit(chapters, { op: 'merge', key: organise.children[1]!.key });
    const result = await savePlanImport(t.db, office, { preview: { ...preview, chapters }, title: '《太原市深化区域融合发展三年行动方案》', periodStart: 2023, periodEnd: 2025 });

    expect(result.code).toBe('太原市深化区域融合发展-2023');
    expect(result.counts).toEqual({ chapters: 2, sections: 3, measures: 6, tasks: 8, proposals: 5 });
    expect(result.assignedTasks).toBe(5);
    const plans = await listPlans(t.db);
    expect(plans.map((p) => p.title)).toEqual(['山西省“十四五”京津冀、长三角、大湾区等区域融合发展实现高水平崛起规划', '太原市深化区域融合发展三年行动方案']);
    expect(plans[1]).toMatchObject({ id: result.planId, periodStart: 2023, periodEnd: 2025, chapterCount: 2, measureCount: 6, taskCount: 8 });

    const tree = await planTree(t.db, result.planId);
    expect(tree.children.map((c) => c.label)).toEqual(['二、 重点任务', '三、 保障措施']);
    expect(tree.children[1]!.children[0]!.children[0]!.children.map((task) => task.label)).toEqual(['2.1.1.1 成立工作专班，统筹推进各项工作。建立月调度制度。']);

    const task = await t.db
      .selectFrom('tasks')
      .leftJoin('units', 'units.id', 'tasks.lead_unit_id')
      .select(['tasks.id', 'tasks.deadline', 'tasks.note', 'units.name'])
      .where('tasks.plan_id', '=', result.planId)
      .where('tasks.code', '=', '1.1.1.2')
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ name: '省发展改革委', deadline: '2024-12-31' });
    const cooperators = await t.db.selectFrom('task_cooperators').innerJoin('units', 'units.id', 'task_cooperators.unit_id').select('units.name').where('task_id', '=', task.id).orderBy('units.name').execute();
    expect(cooperators.map((c) => c.name).sort()).toEqual(['省商务厅', '省工业和信息化厅'].sort());
    // The unit the office added from the preview exists, with its kind, and cooperates; nothing went into 备注.
    const flight = await t.db.selectFrom('tasks').select(['id', 'note', 'deadline']).where('plan_id', '=', result.planId).where('code', '=', '1.2.1.1').executeTakeFirstOrThrow();
    expect(flight.note ?? '').toBe('');
    const added = await t.db.selectFrom('units').select(['id', 'kind']).where('name', '=', '民航山西监管局').executeTakeFirstOrThrow();
    expect(added.kind).toBe('department');
    const flightCooperators = await t.db.selectFrom('task_cooperators').select('unit_id').where('task_id', '=', flight.id).execute();
    expect(flightCooperators.map((c) => c.unit_id)).toEqual([added.id]);
    const event = await t.db.selectFrom('task_events').select(['kind', 'summary', 'actor']).where('task_id', '=', task.id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ kind: 'assigned', actor: office.label });
    expect(event.summary).toContain('牵头单位：省发展改革委');

    const record = await t.db.selectFrom('plan_imports').selectAll().where('plan_id', '=', result.planId).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ file_name: '行动方案.txt', format: 'txt', encoding: 'UTF-8', sha256: preview.source.sha256, imported_by: office.label });
    const after = await rowCounts();
    expect(after.plans - before.plans).toBe(1);
    expect(after.tasks - before.tasks).toBe(8);
    expect(after.plans - before.plans).toBe(1);
  });

  it('points out a second import of the same file and gives the new plan a code of its own', async () => {
    const again = await previewPlanImport(t.db, { fileName: '副本.txt', contentBase64: base64(CITY_ACTION_PLAN) });
    expect(again.previousImport?.planTitle).toBe('太原市深化区域融合发展三年行动方案');
    expect(again.warnings[0]).toMatch(/^这个文件已于 \d{4}-\d{2}-\d{2} 导入为《太原市深化区域融合发展三年行动方案》/u);
    const saved = await savePlanImport(t.db, office, { preview: again, title: '太原市深化区域融合发展三年行动方案', periodStart: 2023, periodEnd: 2025 });
    expect(saved.code).toBe('太原市深化区域融合发展-2023-2');
  });

  it('saves an Excel 台账: the unit the office added, 各市人民政府 as every city, the deadlines, the format recorded', async () => {
    const xlsx = await makeLedgerXlsx(DIVISION_TABLE_TITLE, DIVISION_TABLE_HEADER, DIVISION_TABLE_ROWS);
    const ledger = await previewPlanImport(t.db, { fileName: '台账.xlsx', contentBase64: Buffer.from(xlsx).toString('base64') });
    const chapters = applyEdit(ledger.chapters, { op: 'resolveUnit', name: '市人力资源和社会保障局', to: { create: 'department' } });
    const result = await savePlanImport(t.db, office, { preview: { ...ledger, chapters }, title: ledger.title, periodStart: 2024, periodEnd: 2025 });
    expect(result.assignedTasks).toBe(5);
    const record = await t.db.selectFrom('plan_imports').select('format').where('plan_id', '=', result.planId).executeTakeFirstOrThrow();
    expect(record.format).toBe('xlsx');
    const cooperatorsOf = async (code: string) =>
      (
        await t.db
          .selectFrom('task_cooperators')
          .innerJoin('tasks', 'tasks.id', 'task_cooperators.task_id')
          .innerJoin('units', 'units.id', 'task_cooperators.unit_id')
          .select(['units.name', 'units.kind'])
          .where('tasks.plan_id', '=', result.planId)
          .where('tasks.code', '=', code)
          .execute()
      ).map((u) => `${u.name}/${u.kind}`);
    expect((await cooperatorsOf('1.1.2.1')).sort()).toEqual(['太原市/city', '大同市/city', '朔州市/city', '忻州市/city', '阳泉市/city', '吕梁市/city', '晋中市/city', '长治市/city', '晋城市/city', '临汾市/city', '运城市/city'].sort());
    expect(await cooperatorsOf('1.1.2.2')).toEqual(['市人力资源和社会保障局/department']);
    const leads = await t.db.selectFrom('tasks').select(['code', 'deadline']).where('plan_id', '=', result.planId).orderBy('code').execute();
    expect(leads.map((l) => l.deadline)).toEqual(['2025-12-31', '2024-12-31', null, '2025-06-30', '2025-12-31']);
  });

  it('starts the 序时 clock of each task the document assigns on the day it is saved, not on the plan\'s first day', async () => {
    const xlsx = await makeLedgerXlsx(DIVISION_TABLE_TITLE, DIVISION_TABLE_HEADER, DIVISION_TABLE_ROWS);
    const ledger = await previewPlanImport(t.db, { fileName: '台账.xlsx', contentBase64: Buffer.from(xlsx).toString('base64') });
    // The database is shared by this file's tests: the unit may already have been added by the test before.
    const known = (await t.db.selectFrom('units').select('id').where('name', '=', '市人力资源和社会保障局').executeTakeFirst()) !== undefined;
    const chapters = known ? ledger.chapters : applyEdit(ledger.chapters, { op: 'resolveUnit', name: '市人力资源和社会保障局', to: { create: 'department' } });
    const result = await savePlanImport(t.db, office, { preview: { ...ledger, chapters }, title: ledger.title, periodStart: 2024, periodEnd: 2025 }, '2024-09-02');
    const tasks = await t.db.selectFrom('tasks').select(['lead_unit_id', 'start_date', 'deadline']).where('plan_id', '=', result.planId).orderBy('code').execute();
    const assigned = tasks.filter((task) => task.lead_unit_id !== null);
    expect(assigned).toHaveLength(result.assignedTasks);
    // On the saving day, or on an earlier deadline (a task assigned after its deadline is simply overdue).
    expect(assigned.map((task) => task.start_date)).toEqual(assigned.map((task) => (task.deadline !== null && task.deadline < '2024-09-02' ? task.deadline : '2024-09-02')));
    expect(tasks.filter((task) => task.lead_unit_id === null).every((task) => task.start_date !== '2024-09-02')).toBe(true);
  });

  it('writes nothing when the save fails, whether refused up front or part-way through', async () => {
    const before = await rowCounts();
    const input = { preview, title: '测试', periodStart: 2023, periodEnd: 2025 };
    await expect(savePlanImport(t.db, { ...office, role: 'unit' }, input)).rejects.toThrow(/只有领导小组办公室可以导入规划/u);
    await expect(savePlanImport(t.db, office, { ...input, periodStart: 2026 })).rejects.toThrow(/结束年份（2025）早于开始年份（2026）/u);
    await expect(savePlanImport(t.db, office, { ...input, preview: { ...preview, chapters: [] } })).rejects.toThrow(/没有任何章/u);
    // An actor whose unit does not exist fails on the task history, after the plan rows were inserted.
    await expect(savePlanImport(t.db, { ...office, unitId: 999_999 }, input)).rejects.toThrow();
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a file that is not base64, or not a plan, in Chinese and without writing', async () => {
    const before = await rowCounts();
    await expect(previewPlanImport(t.db, { fileName: 'a.txt', contentBase64: '不是base64' })).rejects.toThrow(/不是有效的 base64/u);
    await expect(previewPlanImport(t.db, { fileName: 'a.txt', contentBase64: '' })).rejects.toThrow(/为空/u);
    expect(await rowCounts()).toEqual(before);
  });
});
