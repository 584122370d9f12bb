import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { UnitKind } from '../api/units.types';
import type { Database } from '../db/database.types';
import { requireOffice, type Actor } from '../tasks/task-rules';

/**
 * Editing the units list: add, rename, aliases, retire. Units are never deleted: a retired unit keeps its name on
 * the tasks, reports and history that mention it.
 */

async function checkNamesFree(db: Kysely<Database>, names: string[], exceptUnitId: number | null): Promise<void> {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new AppError('INVALID_INPUT', `名称“${name}”重复填写了。`);
    seen.add(name);
  }
  if (names.length === 0) return;
  const [units, aliases] = await Promise.all([
    db.selectFrom('units').select(['id', 'name']).where('name', 'in', names).execute(),
    db.selectFrom('unit_aliases').innerJoin('units', 'units.id', 'unit_aliases.unit_id').select(['units.id', 'units.name', 'unit_aliases.alias']).where('alias', 'in', names).execute(),
  ]);
  const clash = units.find((u) => u.id !== exceptUnitId);
  if (clash) throw new AppError('CONFLICT', `已有名为“${clash.name}”的单位。`);
  const aliasClash = aliases.find((a) => a.id !== exceptUnitId);
  if (aliasClash) throw new AppError('CONFLICT', `“${aliasClash.alias}”已是“${aliasClash.name}”的简称。`);
}

export async function createUnit(db: Kysely<Database>, actor: Actor, input: { name: string; kind: UnitKind; aliases: string[] }): Promise<{ id: number }> {
  requireOffice(actor, '新增单位');
  if (input.kind === 'office') throw new AppError('INVALID_INPUT', '领导小组办公室只有一个，不能再新增。');
  return db.transaction().execute(async (trx) => {
    await checkNamesFree(trx, [input.name, ...input.aliases], null);
    const { max } = await trx.selectFrom('units').select((eb) => eb.fn.max<number>('seq').as('max')).executeTakeFirstOrThrow();
    const { id } = await trx.insertInto('units').values({ name: input.name, kind: input.kind, seq: (max ?? 0) + 1 }).returning('id').executeTakeFirstOrThrow();
    if (input.aliases.length > 0) await trx.insertInto('unit_aliases').values(input.aliases.map((alias) => ({ unit_id: id, alias }))).execute();
    return { id };
  });
}

export async function updateUnit(db: Kysely<Database>, actor: Actor, input: { id: number; name: string; aliases: string[] }): Promise<void> {
  requireOffice(actor, '修改单位');
  await db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('units').select(['id', 'name']).where('id', '=', input.id).executeTakeFirst();
    if (!unit) throw new AppError('NOT_FOUND', '找不到该单位，请刷新后重试。');
    await checkNamesFree(trx, [input.name, ...input.aliases], input.id);
    await trx.updateTable('units').set({ name: input.name }).where('id', '=', input.id).execute();
    await trx.deleteFrom('unit_aliases').where('unit_id', '=', input.id).execute();
    // The old name stays findable (imported reports may still use it).
    const aliases = unit.name !== input.name && !input.aliases.includes(unit.name) ? [...input.aliases, unit.name] : input.aliases;
    if (aliases.length > 0) await trx.insertInto('unit_aliases').values(aliases.map((alias) => ({ unit_id: input.id, alias }))).execute();
  });
}

export async function setUnitRetired(db: Kysely<Database>, actor: Actor, input: { id: number; retired: boolean }): Promise<{ openLeadTasks: number }> {
  requireOffice(actor, '撤销或恢复单位');
  return db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('units').select(['id', 'kind', 'name']).where('id', '=', input.id).executeTakeFirst();
    if (!unit) throw new AppError('NOT_FOUND', '找不到该单位，请刷新后重试。');
    if (unit.kind === 'office') throw new AppError('INVALID_INPUT', '领导小组办公室不能撤销。');
    const { n } = await trx
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('lead_unit_id', '=', input.id)
      .where('retired_at', 'is', null)
      .where('status', '<>', '已完成')
      .executeTakeFirstOrThrow();
    await trx.updateTable('units').set({ retired_at: input.retired ? new Date().toISOString() : null }).where('id', '=', input.id).execute();
    return { openLeadTasks: Number(n) };
  });
}
