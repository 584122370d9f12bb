import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';

/**
 * A unit's PC made by a 下发包 takes what the office owns (tasks, deadlines, rounds, notices, thresholds) from the
 * office's packages only: acting as the office there would change what the next 下发包 overwrites, and what never
 * reaches the office. The identity check refuses the office's seat on such a PC with `officeSeatRefusal`.
 */
export async function boundUnitOf(db: Kysely<Database>): Promise<{ id: number; name: string } | null> {
  const row = await db
    .selectFrom('exchange_install')
    .innerJoin('units', 'units.id', 'exchange_install.unit_id')
    .select(['units.id', 'units.name'])
    .where('exchange_install.id', '=', 1)
    .executeTakeFirst();
  return row ?? null;
}

export function officeSeatRefusal(unitName: string): AppError {
  return new AppError(
    'UNAUTHORIZED',
    `本机是“${unitName}”的填报机（由下发包建立）：任务、时限、调度、督办等由领导小组办公室负责的内容以下发包为准，在本机只读。请以“${unitName}”的身份使用。`,
  );
}
