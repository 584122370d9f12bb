import type { Kysely } from 'kysely';
import type { Handlers } from '../api/handler.types';
import { rowScope, scopeResult } from '../accounts/row-scope';
import { sessionActorResolver } from '../accounts/session-actor';
import { DEFAULT_POLICY, type SessionPolicy } from '../accounts/session-policy';
import type { SessionDeps } from '../accounts/sessions';
import { BEFORE_READS, isAudited, recordCall } from '../audit/call-audit';
import { databaseRequestStore, memoryRequestStore } from '../audit/request-results';
import { inCallTransaction } from '../db/call-transaction';
import type { Database } from '../db/database.types';
import type { ChannelName } from '../api/contract';
import { localActorResolver } from '../identity/local-actor';
import type { DispatcherOptions } from './dispatcher';

/**
 * How the dispatcher is wired in each shape of the app. Single seat (desktop, loopback browser mode): the actor is the
 * profile the window holds, nothing is row-scoped, repeats are answered from memory. Shared server: the actor is the
 * session's account, reads need a log-in, unit accounts are row-scoped, refusals are recorded too and repeats are
 * answered from the database (they survive a restart). Both record every write in the 操作日志.
 *
 * `db` is read at each call, not captured: after a restore the records go to the database now open.
 */
export interface WiringOptions {
  db: () => Kysely<Database>;
  now: () => Date;
  handlers: () => Handlers;
  shared: boolean;
  policy?: SessionPolicy;
}

export function sessionDeps(options: Pick<WiringOptions, 'db' | 'now' | 'policy'>): SessionDeps {
  return { db: options.db(), now: options.now, policy: options.policy ?? DEFAULT_POLICY };
}

/**
 * Writes not run as one transaction with their audit row: a restore closes the database under way and opens another
 * (its row is written to the restored database after the swap).
 */
const OUTSIDE_CALL_TRANSACTION: ReadonlySet<ChannelName> = new Set<ChannelName>(['backup.restore']);

export function callWiring(options: WiringOptions): Omit<DispatcherOptions, 'logError'> {
  const { db, now, shared } = options;
  return {
    resolveActor: shared ? sessionActorResolver(() => sessionDeps(options)) : (caller) => localActorResolver(db())(caller),
    shared,
    ...(shared ? { scope: rowScope(db), scopeResult } : {}),
    requests: shared ? databaseRequestStore(db, now) : memoryRequestStore(),
    transact: (channel, work) => (OUTSIDE_CALL_TRANSACTION.has(channel) ? work() : inCallTransaction(work)),
    audit: {
      records: isAudited,
      refusals: shared,
      before: async (channel, _input, actor) => {
        const read = BEFORE_READS[channel];
        return read ? (options.handlers()[read] as (input: unknown, actor: unknown) => unknown)({}, actor) : undefined;
      },
      record: (call) =>
        recordCall(db(), now(), {
          channel: call.channel,
          actor: call.actor,
          address: call.caller.address ?? (call.caller.kind === 'local' ? '本机' : '未知'),
          input: call.input,
          before: call.before,
          value: call.result.ok ? call.result.value : undefined,
          outcome: call.outcome,
          ...(call.result.ok ? {} : { refusal: call.result.error.message }),
        }),
    },
  };
}
