import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Unit, UnitKind } from '../api/units.types';
import type { Database } from '../db/database.types';
import defaultUnitsJson from '../../resources/units/default-units.json';

const defaultUnitsSchema = z.object({
  units: z.array(
    z.strictObject({
      name: z.string().min(2),
      kind: z.enum(['office', 'department', 'city', 'investment_office']),
      aliases: z.array(z.string().min(2)),
    }),
  ),
});

/** The shipped default list (resources/units/default-units.json), checked on load. */
export function defaultUnits() {
  return defaultUnitsSchema.parse(defaultUnitsJson).units;
}

/** Fills an empty units table with the default list; a table that has units is left alone. */
export async function seedDefaultUnits(db: Kysely<Database>): Promise<number> {
  const { count } = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  if (count > 0) return 0;
  const units = defaultUnits();
  await db.transaction().execute(async (trx) => {
    for (const [index, unit] of units.entries()) {
      const { id } = await trx
        .insertInto('units')
        .values({ name: unit.name, kind: unit.kind, seq: index + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (unit.aliases.length > 0) {
        await trx.insertInto('unit_aliases').values(unit.aliases.map((alias) => ({ unit_id: id, alias }))).execute();
      }
    }
  });
  return units.length;
}

export async function listUnits(db: Kysely<Database>, options: { includeRetired?: boolean | undefined }): Promise<Unit[]> {
  let query = db.selectFrom('units').select(['id', 'name', 'kind', 'retired_at']).orderBy('seq');
  if (!options.includeRetired) query = query.where('retired_at', 'is', null);
  const [units, aliases] = await Promise.all([
    query.execute(),
    db.selectFrom('unit_aliases').select(['unit_id', 'alias']).orderBy('alias').execute(),
  ]);
  return units.map((unit) => ({
    id: unit.id,
    name: unit.name,
    kind: unit.kind as UnitKind,
    aliases: aliases.filter((a) => a.unit_id === unit.id).map((a) => a.alias),
    retired: unit.retired_at !== null,
  }));
}

/** Finds a unit by its name or any alias (发改委 → 省发展改革委). */
export async function findUnitByNameOrAlias(db: Kysely<Database>, text: string): Promise<{ id: number; name: string } | null> {
  const name = text.trim();
  const direct = await db.selectFrom('units').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
  if (direct) return direct;
  const viaAlias = await db
    .selectFrom('unit_aliases')
    .innerJoin('units', 'units.id', 'unit_aliases.unit_id')
    .select(['units.id', 'units.name'])
    .where('unit_aliases.alias', '=', name)
    .executeTakeFirst();
  return viaAlias ?? null;
}
