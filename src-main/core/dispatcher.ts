import { z } from 'zod';
import { PASSWORD_CHANGE_CHANNELS, refusal, sharedAccess, type Access, type Actor } from '../api/access';
import { contract, isChannelName, type ChannelName } from '../api/contract';
import { REQUEST_ID_PATTERN, type Caller, type Handlers, type ResolveActor } from '../api/handler.types';
import { AppError, failure, type ApiResult } from '../api/errors';
import { storageFailure } from '../db/storage-errors';

// Validation messages in Chinese, for every schema in the contract.
z.config(z.locales.zhCN());

export const NOBODY: Caller = { kind: 'nobody' };

export type Dispatch = (channel: string, payload: unknown, caller?: Caller) => Promise<ApiResult<unknown>>;

/** One write as the audit trail records it: who, from where, what was sent, what came of it. */
export interface CallRecord {
  channel: ChannelName;
  actor: Actor | null;
  caller: Caller;
  input: unknown;
  /** The state the call changed, read before it ran (thresholds, the 考核 scheme …), when known. */
  before: unknown;
  result: ApiResult<unknown>;
  outcome: 'ok' | 'refused';
}

export interface CallAudit {
  /** Whether a channel's calls are recorded (the writes). */
  records(channel: ChannelName): boolean;
  /** Reads the state a write is about to change, for the record's before/after. */
  before?(channel: ChannelName, input: unknown, actor: Actor | null): Promise<unknown>;
  record(call: CallRecord): Promise<void>;
  /** Also record calls refused by the channel's rule (the shared server); the single-seat modes record what was done. */
  refusals?: boolean;
}

/** Where the first answers to creating calls are kept (see CallFacts.requestId): memory, or the shared server's database. */
export interface RequestStore {
  get(key: string): Promise<ApiResult<unknown> | undefined>;
  put(key: string, result: ApiResult<unknown>): Promise<void>;
}

export interface DispatcherOptions {
  resolveActor: ResolveActor;
  /** The rule a channel is held to: the contract's, unless an app state overrides it (recovery mode). */
  accessOf?: (channel: ChannelName) => Access;
  /** The shared server: reads need a log-in, and an account with a password to change can do nothing else. */
  shared?: boolean;
  /**
   * Row scope (the shared server's unit accounts): may narrow the input to the caller's unit (a list) or refuse a call
   * naming another unit's record. Runs after the rule, before the handler.
   */
  scope?: (channel: ChannelName, input: unknown, actor: Actor | null) => Promise<unknown>;
  /** Row scope's other half: narrows what a read answers for every unit to the caller's own rows. */
  scopeResult?: (channel: ChannelName, value: unknown, actor: Actor | null) => unknown;
  audit?: CallAudit;
  /**
   * Runs one audited write — the handler, its 操作日志 row and the remembered answer to its request id — as one
   * transaction, so none of them lands without the others (the single connection's call transaction). Without it
   * they are written one after another.
   */
  transact?: (channel: ChannelName, work: () => Promise<ApiResult<unknown>>) => Promise<ApiResult<unknown>>;
  requests?: RequestStore;
  logError: (error: unknown, channel: string) => void;
  /** Calls slower than this are logged with their duration (ms). */
  slowCallMs?: number;
  logSlow?: (channel: string, ms: number) => void;
}

/** Who a cached answer belongs to: the account, or the single-seat profile (role, unit, person). */
export function actorKey(actor: Actor | null): string {
  if (!actor) return 'nobody';
  return actor.accountId !== undefined ? `account:${actor.accountId}` : `local:${actor.role}:${actor.unitId}:${actor.person}`;
}

/**
 * The single entry point behind both doors (Electron IPC and HTTP): checks the channel name, parses the payload with
 * the channel's schema, resolves who is calling and checks the channel's rule (contract `access`) and the row scope,
 * then runs the handler and turns every outcome into an `ApiResult`. Nothing the caller sends reaches a service
 * unparsed or unauthorised, and no stack trace reaches the caller. A write is recorded in the audit trail; a repeat of
 * a creating call (same request id) gets the first answer.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const slowCallMs = options.slowCallMs ?? 200;
  const contractAccess = options.accessOf ?? ((channel: ChannelName) => contract[channel].access);
  const accessOf = options.shared ? (channel: ChannelName) => sharedAccess(channel, contractAccess(channel)) : contractAccess;
  const logSlow = options.logSlow ?? ((channel, ms) => console.warn(`[slow] ${channel} 用时 ${ms.toFixed(0)} ms`));
  // Calls under way by request key: a double-click's second call waits for the first and gets its answer.
  const inFlight = new Map<string, Promise<ApiResult<unknown>>>();

  /** `remember`: keeps a done call's answer for its request id (inside the call's transaction, with its audit row). */
  async function run(channel: ChannelName, payload: unknown, caller: Caller, actor: Actor | null, remember?: (result: ApiResult<unknown>) => Promise<void>): Promise<ApiResult<unknown>> {
    const parsed = contract[channel].input.safeParse(payload);
    if (!parsed.success) return failure('INVALID_INPUT', describeInvalidInput(parsed.error));
    const audited = options.audit?.records(channel) ?? false;
    const refused = refusal(accessOf(channel), actor) ?? passwordChangeFirst(channel, actor);
    if (refused) {
      const result = failure(refused.code, refused.message);
      if (audited && actor && options.audit?.refusals) {
        await options.audit.record({ channel, actor, caller, input: parsed.data, before: undefined, result, outcome: 'refused' });
      }
      return result;
    }
    const input = options.scope ? await options.scope(channel, parsed.data, actor) : parsed.data;
    // TypeScript cannot correlate `channel` with its handler's parameters; the schema and rule above guarantee them.
    const handler = handlers[channel] as (input: unknown, actor: Actor | null) => unknown;
    const work = async (): Promise<ApiResult<unknown>> => {
      const before = audited && options.audit?.before ? await options.audit.before(channel, input, actor) : undefined;
      const value = await handler(input, actor);
      const result: ApiResult<unknown> = { ok: true, value: options.scopeResult ? options.scopeResult(channel, value, actor) : value };
      if (audited) await options.audit!.record({ channel, actor, caller, input, before, result, outcome: 'ok' });
      if (remember) await remember(result);
      return result;
    };
    return audited && options.transact ? options.transact(channel, work) : work();
  }

  return async (channel, payload, caller = NOBODY) => {
    if (!isChannelName(channel)) return failure('UNKNOWN_CHANNEL', `没有名为“${String(channel).slice(0, 60)}”的接口。`);
    const started = performance.now();
    try {
      const actor = await options.resolveActor(caller);
      const requestId = caller.requestId !== undefined && REQUEST_ID_PATTERN.test(caller.requestId) ? caller.requestId : undefined;
      const remembered = requestId !== undefined && contractAccess(channel).who !== 'anyone';
      if (!remembered) return await run(channel, payload, caller, actor);

      const key = `${actorKey(actor)}|${channel}|${requestId}`;
      const pending = inFlight.get(key);
      if (pending) return await pending;
      const answer = (async () => {
        const earlier = await options.requests?.get(key);
        if (earlier) return earlier;
        // Only what was done is remembered: a refused or failed call may be tried again with the same id.
        return run(channel, payload, caller, actor, async (result) => options.requests?.put(key, result));
      })();
      inFlight.set(key, answer);
      try {
        return await answer;
      } finally {
        inFlight.delete(key);
      }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApiError() };
      options.logError(error, channel);
      // A full disk, a database held by another program, a damaged file: say which, not "internal error".
      const storage = storageFailure(error);
      if (storage) return { ok: false, error: storage };
      return failure('INTERNAL', '程序内部错误，本次操作未完成，数据没有改动。请重试；如仍出错，请把日志发给维护人员。');
    } finally {
      const ms = performance.now() - started;
      if (ms >= slowCallMs) logSlow(channel, ms);
    }
  };
}

/** An account still holding a password someone else chose may only change it (and read who it is). */
function passwordChangeFirst(channel: ChannelName, actor: Actor | null) {
  if (!actor?.mustChangePassword || PASSWORD_CHANGE_CHANNELS.has(channel)) return null;
  return { code: 'FORBIDDEN' as const, message: '首次登录（或密码被重置后）须先修改密码，才能进行其他操作。' };
}

function describeInvalidInput(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? `字段“${issue.path.join('.')}”` : '请求内容';
    return `${where}：${issue.message}`;
  });
  const more = error.issues.length > 3 ? `等 ${error.issues.length} 处` : '';
  return `提交的数据不符合要求（${issues.join('；')}${more}），操作未执行。`;
}
