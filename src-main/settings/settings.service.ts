import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../api/errors';
import type { WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { refreshAllTaskLights, storedLightsHold } from '../tasks/task-lights';

/**
 * App settings kept in the database (key → JSON), so they travel with backups. Who is using the app is not one of
 * them: each call carries its actor (src-main/identity).
 */

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

export async function getWarningThresholds(db: Kysely<Database>): Promise<WarningThresholds> {
  return (await readSetting(db, 'warningThresholds', thresholdsSchema)) ?? DEFAULT_WARNING_THRESHOLDS;
}

export async function setWarningThresholds(db: Kysely<Database>, thresholds: WarningThresholds): Promise<WarningThresholds> {
  if (thresholds.yellowLag >= thresholds.redLag) {
    throw new AppError('INVALID_INPUT', `黄色预警的落后点数（${thresholds.yellowLag}）必须小于红色预警的落后点数（${thresholds.redLag}）。`);
  }
  // With every task's light dates worked out for the new thresholds, in the same transaction (tasks/task-lights.ts).
  const write = async (trx: Kysely<Database>) => {
    await writeSetting(trx, 'warningThresholds', thresholds);
    if (!(await storedLightsHold(trx, thresholds))) await refreshAllTaskLights(trx, thresholds);
  };
  // A package's import sets them inside its own transaction.
  await (db.isTransaction ? write(db) : db.transaction().execute(write));
  return thresholds;
}
