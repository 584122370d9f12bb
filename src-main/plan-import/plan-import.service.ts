import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { ColumnMapping, ImportPreview, ImportSaveResult, NewUnitKind, PreviewNode, TaskProposal, UnitRef } from '../api/plan-import.types';
import type { Database } from '../db/database.types';
import { regionOf, type ParsedChapter, type ParsedPlan } from '../plan/plan.parser';
import { savePlan } from '../plan/plan.store';
import { recordTaskEvent } from '../tasks/task-events';
import { refreshTaskLights } from '../tasks/task-lights';
import { requireOffice, type Actor } from '../tasks/task-rules';
import { findUnitByNameOrAlias, listUnits } from '../units/units.service';
import { buildPreview, MAX_IMPORT_BYTES, MAX_IMPORT_LABEL } from './plan-import.preview';
import { countPreview } from '../api/plan-import.edits';
import { isWithinPlan, planDateRange } from '../rules/plan-period';
import { decodeBase64Strict } from '../files/upload-content';
import { assignmentStart } from '../tasks/task-start';

/**
 * 导入规划: the preview (nothing written) and the save of the office's corrected tree, with the units and
 * deadlines the document names, in one transaction.
 */

export async function previewPlanImport(
  db: Kysely<Database>,
  input: { fileName: string; contentBase64: string; columns?: ColumnMapping | undefined },
): Promise<ImportPreview> {
  const bytes = decodeBase64(input.fileName, input.contentBase64);
  const units = await listUnits(db, {});
  const preview = await buildPreview(input.fileName, bytes, { units, columns: input.columns });
  const previous = await db
    .selectFrom('plan_imports')
    .innerJoin('plans', 'plans.id', 'plan_imports.plan_id')
    .select(['plans.title', 'plan_imports.imported_at'])
    .where('plan_imports.sha256', '=', preview.source.sha256)
    .orderBy('plan_imports.id', 'desc')
    .executeTakeFirst();
  if (previous) {
    preview.previousImport = { planTitle: previous.title, importedAt: previous.imported_at };
    preview.warnings.unshift(`这个文件已于 ${previous.imported_at.slice(0, 10)} 导入为《${previous.title}》。再次保存将新增一部规划。`);
  }
  return preview;
}

function decodeBase64(fileName: string, content: string): Uint8Array {
  if (Math.floor((content.length * 3) / 4) > MAX_IMPORT_BYTES + 2) {
    throw new AppError('INVALID_INPUT', `文件“${fileName}”超过 ${MAX_IMPORT_LABEL} 的导入上限。`);
  }
  return new Uint8Array(decodeBase64Strict(content, `文件“${fileName}”`));
}

export interface SaveImportInput {
  preview: ImportPreview;
  title: string;
  periodStart: number;
  periodEnd: number;
}

const MAX_NODES = 20_000;

/**
 * Saves the previewed plan. `today` is the app's date: a task the document gives a lead unit starts its 序时 clock that
 * day (assignmentStart), as one assigned in 任务分解 does; without it the plan's first day is kept (tests).
 */
export async function savePlanImport(db: Kysely<Database>, actor: Actor, input: SaveImportInput, today?: string): Promise<ImportSaveResult> {
  requireOffice(actor, '导入规划');
  const { preview } = input;
  const title = input.title.trim().replace(/^《(.*)》$/u, '$1');
  if (input.periodEnd < input.periodStart) {
    throw new AppError('INVALID_INPUT', `规划期的结束年份（${input.periodEnd}）早于开始年份（${input.periodStart}），请改正后再保存。`);
  }
  if (input.periodEnd - input.periodStart > 30) throw new AppError('INVALID_INPUT', '规划期超过 30 年，请核对开始和结束年份。');
  const counts = countPreview(preview.chapters);
  if (counts.chapters === 0) throw new AppError('INVALID_INPUT', '预览中没有任何章，无法保存。请重新导入文件。');
  if (counts.chapters + counts.sections + counts.measures + counts.tasks > MAX_NODES) {
    throw new AppError('INVALID_INPUT', `规划条目超过 ${MAX_NODES} 项，不像是一份规划文本，未保存。`);
  }
  const keys = new Set<string>();
  for (const node of walk(preview.chapters)) {
    if (keys.has(node.key)) throw new AppError('INVALID_INPUT', '预览数据有重复的条目，请重新导入文件。');
    keys.add(node.key);
  }

  const unresolved = unresolvedNames(preview.chapters);
  if (unresolved.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `以下单位不在单位名单中：${unresolved.slice(0, 10).join('、')}${unresolved.length > 10 ? ` 等 ${unresolved.length} 个` : ''}。请在预览的“不在名单中的单位”里对应到已有单位或新增为单位后再保存。`,
    );
  }
  const plan = toParsedPlan(preview, { title, periodStart: input.periodStart, periodEnd: input.periodEnd });
  const proposals = new Map<string, TaskProposal>();
  forEachTask(preview.chapters, (task, code) => {
    if (task.proposal) proposals.set(code, task.proposal);
  });

  return db.transaction().execute(async (trx) => {
    const created = await createProposedUnits(trx, preview.chapters);
    const code = await uniquePlanCode(trx, title, input.periodStart);
    const planId = await savePlan(trx, plan, { code, sourceName: preview.source.fileName });
    await trx
      .insertInto('plan_imports')
      .values({
        plan_id: planId,
        file_name: preview.source.fileName,
        format: preview.source.format,
        encoding: preview.source.encoding,
        byte_size: preview.source.byteSize,
        sha256: preview.source.sha256,
        levels: preview.levels.join('\n'),
        warnings: preview.warnings.join('\n'),
        imported_by: actor.label,
      })
      .execute();
    const assignedTasks = await writeProposals(trx, actor, planId, plan, resolveProposals(proposals, created), today);
    return { planId, code, counts, assignedTasks };
  });
}

/** The corrected tree as the parser's shape, with every code numbered from the final order. */
function toParsedPlan(preview: ImportPreview, fields: { title: string; periodStart: number; periodEnd: number }): ParsedPlan {
  const chapters: ParsedChapter[] = preview.chapters.map((chapter, c) => {
    const chapterCode = String(c + 1);
    return {
      code: chapterCode,
      heading: chapter.heading,
      title: chapter.title.trim(),
      intro: chapter.body,
      region: regionOf(chapter.title),
      hasTasks: chapter.hasTasks,
      sections: chapter.children.map((section, s) => {
        const sectionCode = `${chapterCode}.${s + 1}`;
        return {
          code: sectionCode,
          heading: section.heading,
          title: section.title.trim(),
          intro: section.body,
          measures: section.children.map((measure, m) => {
            const measureCode = `${sectionCode}.${m + 1}`;
            return {
              code: measureCode,
              title: measure.title.trim(),
              text: measure.body || `${measure.title.trim()}。${measure.children.map((t) => t.title).join('')}`,
              tasks: measure.children.map((task, t) => ({ code: `${measureCode}.${t + 1}`, text: task.title.trim() })),
            };
          }),
        };
      }),
    };
  });
  return {
    title: fields.title,
    issuedOn: preview.issuedOn,
    periodStart: fields.periodStart,
    periodEnd: fields.periodEnd,
    outlookYear: preview.outlookYear,
    preface: preview.preface,
    chapters,
    indicators: preview.indicators.map((indicator) => ({
      ...indicator,
      // The target year follows the period the office confirmed.
      targetYear: preview.periodEnd === null || indicator.targetYear === preview.periodEnd ? fields.periodEnd : indicator.targetYear,
    })),
    indicatorNotes: preview.indicatorNotes,
    warnings: [],
  };
}

/** Names the office has neither mapped to a unit nor chosen to add (a set such as 各市 is resolved). */
function unresolvedNames(chapters: PreviewNode[]): string[] {
  const names = new Set<string>();
  for (const node of walk(chapters)) {
    for (const unit of [node.proposal?.leadUnit, ...(node.proposal?.cooperatingUnits ?? [])]) {
      if (unit && unit.unitId === null && !unit.group && !unit.create) names.add(unit.name);
    }
  }
  return [...names];
}

/**
 * Adds the units the office chose to create in the preview, with their kind, in the import's transaction. A name
 * that is meanwhile in the list (as a name or an alias) is used as it is.
 */
async function createProposedUnits(trx: Kysely<Database>, chapters: PreviewNode[]): Promise<Map<string, { unitId: number; name: string }>> {
  const wanted = new Map<string, NewUnitKind>();
  for (const node of walk(chapters)) {
    for (const unit of [node.proposal?.leadUnit, ...(node.proposal?.cooperatingUnits ?? [])]) {
      if (unit && unit.unitId === null && unit.create) wanted.set(unit.name, unit.create);
    }
  }
  const created = new Map<string, { unitId: number; name: string }>();
  for (const [name, kind] of wanted) {
    const existing = await findUnitByNameOrAlias(trx, name);
    if (existing) {
      created.set(name, { unitId: existing.id, name: existing.name });
      continue;
    }
    const { max } = await trx.selectFrom('units').select((eb) => eb.fn.max<number>('seq').as('max')).executeTakeFirstOrThrow();
    const { id } = await trx.insertInto('units').values({ name, kind, seq: (max ?? 0) + 1 }).returning('id').executeTakeFirstOrThrow();
    created.set(name, { unitId: id, name });
  }
  return created;
}

/** Proposals with created units given their ids, and a set of units (各市) opened into its members as cooperating units. */
function resolveProposals(proposals: Map<string, TaskProposal>, created: Map<string, { unitId: number; name: string }>): Map<string, TaskProposal & { cityGroup: boolean }> {
  const resolve = (unit: UnitRef): UnitRef => (unit.unitId === null && unit.create ? (created.get(unit.name) ?? unit) : unit);
  const out = new Map<string, TaskProposal & { cityGroup: boolean }>();
  for (const [code, proposal] of proposals) {
    const all = [proposal.leadUnit, ...proposal.cooperatingUnits].filter((u): u is UnitRef => u !== null);
    out.set(code, {
      ...proposal,
      leadUnit: proposal.leadUnit && !proposal.leadUnit.group ? resolve(proposal.leadUnit) : null,
      cooperatingUnits: proposal.cooperatingUnits.filter((u) => !u.group).map(resolve),
      cityGroup: all.some((u) => u.group === 'city'),
    });
  }
  return out;
}

/**
 * Writes the lead unit, cooperating units and deadline the document names as each task's assignment (the columns
 * and tables of 0002), inside the import's transaction — `assignTasks` opens its own transaction, and Kysely does
 * not nest them. A name that is not in the unit list, or a deadline outside the plan's dates, goes into the task's
 * 备注 so that nothing the document said is lost. Each assignment is recorded in the task's history.
 */
async function writeProposals(
  trx: Kysely<Database>,
  actor: Actor,
  planId: number,
  plan: ParsedPlan,
  proposals: Map<string, TaskProposal & { cityGroup: boolean }>,
  today: string | undefined,
): Promise<number> {
  if (proposals.size === 0) return 0;
  const cities = (await trx.selectFrom('units').select(['id', 'name']).where('kind', '=', 'city').where('retired_at', 'is', null).orderBy('seq').execute()).map(
    (unit) => ({ unitId: unit.id, name: unit.name }),
  );
  const tasks = await trx.selectFrom('tasks').select(['id', 'code']).where('plan_id', '=', planId).execute();
  const idByCode = new Map(tasks.map((task) => [task.code, task.id]));
  const active = new Set(
    (await trx.selectFrom('units').select('id').where('retired_at', 'is', null).execute()).map((unit) => unit.id),
  );
  const { first, last } = planDateRange(plan);

  let assigned = 0;
  for (const [code, proposal] of proposals) {
    const taskId = idByCode.get(code);
    if (taskId === undefined) continue;
    const known = (unit: TaskProposal['leadUnit']) => unit !== null && unit.unitId !== null && active.has(unit.unitId);
    const lead = known(proposal.leadUnit) ? proposal.leadUnit! : null;
    const cooperating = [...proposal.cooperatingUnits, ...(proposal.cityGroup ? cities : [])].filter(
      (unit, i, all) => known(unit) && unit.unitId !== lead?.unitId && all.findIndex((u) => u.unitId === unit.unitId) === i,
    );
    const deadline = proposal.deadline && isWithinPlan(proposal.deadline, plan) ? proposal.deadline : null;

    const notes: string[] = [];
    if (proposal.leadUnit && !lead) notes.push(`牵头单位：${proposal.leadUnit.name}（不在单位名单中）`);
    const unknown = proposal.cooperatingUnits.filter((unit) => !known(unit) && unit.unitId !== lead?.unitId);
    if (unknown.length > 0) notes.push(`配合单位：${unknown.map((u) => u.name).join('、')}（不在单位名单中）`);
    if (proposal.deadline && !deadline) notes.push(`完成时限：${proposal.deadline}（不在规划期 ${first}—${last} 内）`);

    await trx
      .updateTable('tasks')
      .set({
        lead_unit_id: lead?.unitId ?? null,
        deadline,
        ...(lead && today !== undefined ? { start_date: assignmentStart(today, plan, deadline) } : {}),
        ...(notes.length > 0 ? { note: `导入时文件写明：${notes.join('；')}` } : {}),
      })
      .where('id', '=', taskId)
      .execute();
    if (cooperating.length > 0) {
      await trx
        .insertInto('task_cooperators')
        .values([...new Set(cooperating.map((u) => u.unitId!))].map((unitId) => ({ task_id: taskId, unit_id: unitId })))
        .execute();
    }
    const summary = [
      lead ? `牵头单位：${lead.name}` : null,
      cooperating.length > 0 ? `配合单位：${cooperating.map((u) => u.name).join('、')}` : null,
      deadline ? `完成时限：${deadline}` : null,
      ...notes.map((note) => `未写入：${note}`),
    ].filter(Boolean);
    await recordTaskEvent(trx, { taskId, kind: 'assigned', summary: `导入规划时按文件分配（“${proposal.source}”）：${summary.join('；')}`, actor });
    if (lead || cooperating.length > 0 || deadline) assigned++;
  }
  // The lead units and deadlines just written light the tasks.
  await refreshTaskLights(trx, [...idByCode.values()]);
  return assigned;
}

/**
 * A short key from the title, unique in the database: `太原市深化区域融合发展-2023`, then `-2`, `-3`…
 * Codes stay readable to the office, who see them in lists and reports.
 */
export async function uniquePlanCode(db: Kysely<Database>, title: string, periodStart: number): Promise<string> {
  const core = title
    .replace(/^关于(印发|做好)?/u, '')
    .replace(/[（(]?\d{4}\s*[—–\-至]\s*\d{4}年?[)）]?/gu, '')
    .replace(/[《》“”"'‘’「」（）()【】\s，。、：；·—–-]/gu, '');
  // What kind of document it is says little; the subject is the part people recognise.
  const subject = core.replace(/(?:(?:[一二三五]|\d)年)?(?:行动|实施|工作|专项)?(?:方案|计划|规划|要点|纲要|意见)$/u, '');
  const short = (subject.length >= 4 ? subject : core).slice(0, 16);
  const base = `${short || '规划'}-${periodStart}`;
  const taken = new Set(
    (await db.selectFrom('plans').select('code').where('code', 'like', `${base}%`).execute()).map((row) => row.code),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function* walk(nodes: PreviewNode[]): Generator<PreviewNode> {
  for (const node of nodes) {
    yield node;
    yield* walk(node.children);
  }
}

function forEachTask(chapters: PreviewNode[], visit: (task: PreviewNode, code: string) => void): void {
  chapters.forEach((chapter, c) =>
    chapter.children.forEach((section, s) =>
      section.children.forEach((measure, m) => measure.children.forEach((task, t) => visit(task, `${c + 1}.${s + 1}.${m + 1}.${t + 1}`))),
    ),
  );
}
