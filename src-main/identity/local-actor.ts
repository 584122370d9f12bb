import type { Kysely } from 'kysely';
import { actorLabel, type Actor } from '../api/access';
import { AppError } from '../api/errors';
import { profileSchema } from '../api/identity.contract';
import type { Identity } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import type { Caller, ResolveActor } from '../api/handler.types';
import { boundUnitOf, officeSeatRefusal } from '../exchange-packages/bound-install';

/**
 * The single-seat modes (desktop, browser mode on 127.0.0.1) have no log-in: the person chosen at first run is held
 * by the window or tab and sent with each call. It is checked like any input — the role is one of ours, the unit
 * exists and is not retired, and on a unit's PC made by a 下发包 it is that unit — and turned into the actor the handlers
 * receive. Nothing is read from or written to
 * the database about "who is using the app".
 */
export function localActorResolver(db: Kysely<Database>): ResolveActor {
  return async (caller: Caller) => (caller.kind === 'local' && caller.profile !== null && caller.profile !== undefined ? resolveProfile(db, caller.profile) : null);
}

export async function resolveProfile(db: Kysely<Database>, profile: unknown): Promise<Actor> {
  const parsed = profileSchema.safeParse(profile);
  if (!parsed.success) throw new AppError('UNAUTHORIZED', '使用身份不完整或格式不正确，请在“设置”中重新选择使用身份。');
  const { role, unitId, person } = parsed.data;
  // A unit's PC made by a 下发包 is that unit's: the office's fields come only from the office's packages there.
  const bound = await boundUnitOf(db);
  if (bound && (role !== 'unit' || unitId !== bound.id)) throw officeSeatRefusal(bound.name);
  const unit =
    role === 'office'
      ? await db.selectFrom('units').select(['id', 'name', 'retired_at']).where('kind', '=', 'office').orderBy('seq').executeTakeFirst()
      : await db.selectFrom('units').select(['id', 'name', 'retired_at']).where('id', '=', unitId ?? -1).where('kind', '!=', 'office').executeTakeFirst();
  if (!unit) throw new AppError('UNAUTHORIZED', '使用身份中的单位不存在（可能已被删除），请在“设置”中重新选择使用身份。');
  if (unit.retired_at) throw new AppError('UNAUTHORIZED', `“${unit.name}”已撤销，不能作为使用身份。请在“设置”中重新选择。`);
  return { role, unitId: unit.id, unitName: unit.name, person, label: actorLabel(unit.name, person) };
}

/** The identity the UI shows for an actor (role null: nobody chosen yet). */
export function identityOf(actor: Actor | null): Identity {
  return actor
    ? {
        role: actor.role,
        unitId: actor.unitId,
        unitName: actor.unitName,
        person: actor.person,
        ...(actor.accountId !== undefined ? { account: { id: actor.accountId, mustChangePassword: actor.mustChangePassword === true } } : {}),
      }
    : { role: null, unitId: null, unitName: null, person: '' };
}
