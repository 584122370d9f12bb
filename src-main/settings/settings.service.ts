import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../api/errors';
import type { Identity, WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { DEFAULT_WARNING_THRESHOLDS } from '../tasks/task-warning';

/** App settings kept in the database (key → JSON), so they travel with backups. */

const identitySchema = z.object({ role: z.enum(['office', 'unit']).nullable(), unitId: z.number().int().nullable(), person: z.string() });
const thresholdsSchema = z.object({
  yellowLag: z.number().int(),
  redLag: z.number().int(),
  dueSoonDays: z.number().int(),
  notStartedMonths: z.number().int(),
});

async function readSetting<T>(db: Kysely<Database>, key: string, schema: z.ZodType<T>): Promise<T | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  const parsed = schema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : null;
}

async function writeSetting(db: Kysely<Database>, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db.insertInto('settings').values({ key, value: json }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })).execute();
}

export async function getIdentity(db: Kysely<Database>): Promise<Identity> {
  const stored = await readSetting(db, 'identity', identitySchema);
  if (!stored || stored.role === null) return { role: null, unitId: null, unitName: null, person: stored?.person ?? '' };
  const unit =
    stored.role === 'office'
      ? await db.selectFrom('units').select(['id', 'name']).where('kind', '=', 'office').orderBy('seq').executeTakeFirst()
      : await db.selectFrom('units').select(['id', 'name']).where('id', '=', stored.unitId ?? -1).executeTakeFirst();
  if (!unit) return { role: null, unitId: null, unitName: null, person: stored.person };
  return { role: stored.role, unitId: unit.id, unitName: unit.name, person: stored.person };
}

export async function setIdentity(
  db: Kysely<Database>,
  input: { role: 'office' | 'unit'; unitId?: number | null | undefined; person: string },
): Promise<Identity> {
  if (input.role === 'unit') {
    const unit = await db.selectFrom('units').select(['id', 'retired_at']).where('id', '=', input.unitId ?? -1).executeTakeFirst();
    if (!unit) throw new AppError('INVALID_INPUT', '请选择一个有效的单位作为使用身份。');
    if (unit.retired_at) throw new AppError('INVALID_INPUT', '该单位已撤销，不能作为使用身份。');
  }
  await writeSetting(db, 'identity', { role: input.role, unitId: input.role === 'unit' ? input.unitId : null, person: input.person.trim() });
  return getIdentity(db);
}

/** The identity a change is recorded under; refuses to record anything before one is chosen. */
export async function requireActor(db: Kysely<Database>): Promise<{ role: 'office' | 'unit'; unitId: number; label: string }> {
  const identity = await getIdentity(db);
  if (!identity.role || identity.unitId === null || !identity.unitName) {
    throw new AppError('FORBIDDEN', '请先在“设置”中选择使用身份（领导小组办公室或具体单位），以便记录是谁做的修改。');
  }
  return {
    role: identity.role,
    unitId: identity.unitId,
    label: identity.person ? `${identity.unitName}（${identity.person}）` : identity.unitName,
  };
}

export async function getWarningThresholds(db: Kysely<Database>): Promise<WarningThresholds> {
  return (await readSetting(db, 'warningThresholds', thresholdsSchema)) ?? DEFAULT_WARNING_THRESHOLDS;
}

export async function setWarningThresholds(db: Kysely<Database>, thresholds: WarningThresholds): Promise<WarningThresholds> {
  if (thresholds.yellowLag >= thresholds.redLag) {
    throw new AppError('INVALID_INPUT', `黄色预警的落后点数（${thresholds.yellowLag}）必须小于红色预警的落后点数（${thresholds.redLag}）。`);
  }
  await writeSetting(db, 'warningThresholds', thresholds);
  return thresholds;
}
