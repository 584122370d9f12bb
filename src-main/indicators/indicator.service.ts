import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { IndicatorDirection, IndicatorFields, IndicatorStatus } from '../api/indicators.types';
import type { WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { requireActiveUnits, requireOffice, type Actor } from '../tasks/task-rules';
import { judgeIndicator, straightLinePath } from './indicator-math';

/** 主要指标: the editable indicator table of a plan and one actual value per indicator per year. */

export async function listIndicatorStatus(db: Kysely<Database>, planId: number, thresholds: WarningThresholds): Promise<IndicatorStatus[]> {
  const plan = await requirePlan(db, planId);
  const rows = await db
    .selectFrom('indicators')
    .leftJoin('units', 'units.id', 'indicators.responsible_unit_id')
    .selectAll('indicators')
    .select(['units.name as unit_name', 'units.retired_at as unit_retired_at'])
    .where('indicators.plan_id', '=', planId)
    .orderBy('indicators.seq')
    .execute();
  const values = await db
    .selectFrom('indicator_values')
    .innerJoin('indicators', 'indicators.id', 'indicator_values.indicator_id')
    .selectAll('indicator_values')
    .where('indicators.plan_id', '=', planId)
    .orderBy('indicator_values.year')
    .execute();

  return rows.map((row) => {
    const own = values.filter((v) => v.indicator_id === row.id);
    const last = own.at(-1);
    const latest = last ? { year: last.year, value: last.value } : null;
    const targets = {
      baselineYear: row.baseline_year,
      baselineValue: row.baseline_value,
      targetYear: row.target_year,
      targetValue: row.target_value,
      direction: row.direction as IndicatorDirection | null,
    };
    return {
      id: row.id,
      planId: row.plan_id,
      seq: row.seq,
      name: row.name,
      unit: row.unit,
      ...targets,
      targetText: row.target_text,
      responsibleUnit:
        row.responsible_unit_id !== null && row.unit_name !== null
          ? { id: row.responsible_unit_id, name: row.unit_name, retired: row.unit_retired_at !== null }
          : null,
      sourceText: row.source_text,
      note: row.note,
      values: own.map((v) => ({ year: v.year, value: v.value, note: v.note, recordedBy: v.recorded_by, recordedAt: v.recorded_at })),
      latest,
      path: straightLinePath(targets, plan.period_start),
      ...judgeIndicator(targets, latest, plan.period_start, thresholds),
    };
  });
}

async function requirePlan(db: Kysely<Database>, planId: number) {
  const plan = await db.selectFrom('plans').select(['id', 'period_start', 'period_end', 'outlook_year']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', `找不到编号为 ${planId} 的规划，请刷新后重试。`);
  return plan;
}

/** Rules every saved indicator satisfies, with messages that say which field to fix. */
export function checkIndicatorFields(fields: IndicatorFields): IndicatorFields {
  const name = fields.name.trim();
  if (!name) throw new AppError('INVALID_INPUT', '指标名称不能为空。');
  const clean = { ...fields, name, unit: fields.unit?.trim() || null, targetText: fields.targetText?.trim() || null, note: fields.note.trim() };
  if (clean.baselineValue !== null && clean.baselineYear === null) {
    throw new AppError('INVALID_INPUT', `指标“${name}”填写了基期值，请同时填写基期年份。`);
  }
  if (clean.baselineYear !== null && clean.targetYear !== null && clean.baselineYear >= clean.targetYear) {
    throw new AppError('INVALID_INPUT', `指标“${name}”的基期年份（${clean.baselineYear}）应早于目标年份（${clean.targetYear}）。`);
  }
  if (clean.targetValue !== null) {
    if (clean.targetYear === null) throw new AppError('INVALID_INPUT', `指标“${name}”填写了目标值，请同时填写目标年份。`);
    if (clean.direction === null) throw new AppError('INVALID_INPUT', `指标“${name}”填写了目标值，请选择指标方向（越大越好或越小越好）。`);
    if (clean.baselineValue !== null) {
      const wrongWay = clean.direction === 'higher' ? clean.targetValue <= clean.baselineValue : clean.targetValue >= clean.baselineValue;
      if (wrongWay) {
        const expected = clean.direction === 'higher' ? '大于' : '小于';
        throw new AppError(
          'INVALID_INPUT',
          `指标“${name}”为${clean.direction === 'higher' ? '越大越好' : '越小越好'}，目标值（${clean.targetValue}）应${expected}基期值（${clean.baselineValue}）。`,
        );
      }
    } else if (clean.direction === 'higher' && clean.targetValue === 0) {
      throw new AppError('INVALID_INPUT', `指标“${name}”没有基期值时，目标值不能为 0（完成度按 实际值÷目标值 计算）。`);
    }
  }
  return clean;
}

async function checkNameFree(db: Kysely<Database>, planId: number, name: string, exceptId: number | null): Promise<void> {
  let query = db.selectFrom('indicators').select('id').where('plan_id', '=', planId).where('name', '=', name);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw new AppError('CONFLICT', `本规划已有名为“${name}”的指标，请换一个名称。`);
}

function toRow(fields: IndicatorFields) {
  return {
    name: fields.name,
    unit: fields.unit,
    baseline_year: fields.baselineYear,
    baseline_value: fields.baselineValue,
    target_year: fields.targetYear,
    target_value: fields.targetValue,
    target_text: fields.targetText,
    direction: fields.direction,
    responsible_unit_id: fields.responsibleUnitId,
    note: fields.note,
  };
}

export async function createIndicator(db: Kysely<Database>, actor: Actor, input: IndicatorFields & { planId: number }): Promise<{ id: number }> {
  requireOffice(actor, '新增指标');
  await requirePlan(db, input.planId);
  const fields = checkIndicatorFields(input);
  if (fields.responsibleUnitId !== null) await requireActiveUnits(db, [fields.responsibleUnitId]);
  return db.transaction().execute(async (trx) => {
    await checkNameFree(trx, input.planId, fields.name, null);
    const last = await trx.selectFrom('indicators').select((eb) => eb.fn.max('seq').as('seq')).where('plan_id', '=', input.planId).executeTakeFirst();
    const { id } = await trx
      .insertInto('indicators')
      .values({ plan_id: input.planId, seq: (last?.seq ?? 0) + 1, source_text: '', ...toRow(fields) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id };
  });
}

export async function updateIndicator(db: Kysely<Database>, actor: Actor, input: IndicatorFields & { id: number }): Promise<void> {
  requireOffice(actor, '修改指标');
  const current = await requireIndicator(db, input.id);
  const fields = checkIndicatorFields(input);
  // A unit already responsible may since have been retired; only a newly chosen one must be active.
  if (fields.responsibleUnitId !== null && fields.responsibleUnitId !== current.responsible_unit_id) await requireActiveUnits(db, [fields.responsibleUnitId]);
  await db.transaction().execute(async (trx) => {
    await checkNameFree(trx, current.plan_id, fields.name, input.id);
    await trx.updateTable('indicators').set(toRow(fields)).where('id', '=', input.id).execute();
  });
}

/** Removes an indicator with its yearly values (the schema cascades them). */
export async function deleteIndicator(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  requireOffice(actor, '删除指标');
  await requireIndicator(db, id);
  await db.deleteFrom('indicators').where('id', '=', id).execute();
}

async function requireIndicator(db: Kysely<Database>, id: number) {
  const row = await db.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的指标，可能已被删除，请刷新后重试。`);
  return row;
}

/**
 * Records (or, with value null, clears) the actual value of one year inside the plan period. The office records
 * for any indicator; a unit only for those it is responsible for.
 */
export async function recordIndicatorValue(
  db: Kysely<Database>,
  actor: Actor,
  input: { indicatorId: number; year: number; value: number | null; note: string },
): Promise<void> {
  const indicator = await requireIndicator(db, input.indicatorId);
  if (actor.role !== 'office' && indicator.responsible_unit_id !== actor.unitId) {
    throw new AppError('FORBIDDEN', `“${actor.label}”不是指标“${indicator.name}”的责任单位，不能填报其实际值。`);
  }
  const plan = await requirePlan(db, indicator.plan_id);
  if (input.year < plan.period_start || input.year > plan.period_end) {
    throw new AppError('INVALID_INPUT', `实际值的年份应在规划期 ${plan.period_start}—${plan.period_end} 年之内，收到 ${input.year} 年。`);
  }
  if (input.value === null) {
    await db.deleteFrom('indicator_values').where('indicator_id', '=', input.indicatorId).where('year', '=', input.year).execute();
    return;
  }
  if (!Number.isFinite(input.value)) throw new AppError('INVALID_INPUT', `指标“${indicator.name}”的实际值应为数字。`);
  const row = { value: input.value, note: input.note.trim(), recorded_by: actor.label, recorded_at: new Date().toISOString() };
  await db
    .insertInto('indicator_values')
    .values({ indicator_id: input.indicatorId, year: input.year, ...row })
    .onConflict((oc) => oc.columns(['indicator_id', 'year']).doUpdateSet(row))
    .execute();
}
