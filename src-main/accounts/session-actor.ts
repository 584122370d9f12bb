import type { Caller, ResolveActor } from '../api/handler.types';
import { resolveSession, type SessionDeps } from './sessions';

/**
 * The shared server's resolver: the actor is the account behind the session cookie, whatever profile the client
 * sends (a tab cannot declare itself the office). No cookie, or an ended session: nobody.
 */
export function sessionActorResolver(deps: () => SessionDeps): ResolveActor {
  return async (caller: Caller) => (caller.kind === 'session' && caller.token ? resolveSession(deps(), caller.token) : null);
}
