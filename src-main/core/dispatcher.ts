import { z } from 'zod';
import { refusal, type Access, type Actor } from '../api/access';
import { contract, isChannelName, type ChannelName } from '../api/contract';
import type { Caller, Handlers, ResolveActor } from '../api/handler.types';
import { AppError, failure, type ApiResult } from '../api/errors';
import { storageFailure } from '../db/storage-errors';

// Validation messages in Chinese, for every schema in the contract.
z.config(z.locales.zhCN());

export const NOBODY: Caller = { kind: 'nobody' };

export type Dispatch = (channel: string, payload: unknown, caller?: Caller) => Promise<ApiResult<unknown>>;

export interface DispatcherOptions {
  resolveActor: ResolveActor;
  /** The rule a channel is held to: the contract's, unless an app state overrides it (recovery mode). */
  accessOf?: (channel: ChannelName) => Access;
  logError: (error: unknown, channel: string) => void;
  /** Calls slower than this are logged with their duration (ms). */
  slowCallMs?: number;
  logSlow?: (channel: string, ms: number) => void;
}

/**
 * The single entry point behind both doors (Electron IPC and HTTP): checks the channel name, parses the payload with
 * the channel's schema, resolves who is calling and checks the channel's rule (contract `access`), then runs the
 * handler and turns every outcome into an `ApiResult`. Nothing the caller sends reaches a service unparsed or
 * unauthorised, and no stack trace reaches the caller.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const slowCallMs = options.slowCallMs ?? 200;
  const accessOf = options.accessOf ?? ((channel: ChannelName) => contract[channel].access);
  const logSlow = options.logSlow ?? ((channel, ms) => console.warn(`[slow] ${channel} 用时 ${ms.toFixed(0)} ms`));
  return async (channel, payload, caller = NOBODY) => {
    if (!isChannelName(channel)) return failure('UNKNOWN_CHANNEL', `没有名为“${String(channel).slice(0, 60)}”的接口。`);
    const started = performance.now();
    try {
      const parsed = contract[channel].input.safeParse(payload);
      if (!parsed.success) return failure('INVALID_INPUT', describeInvalidInput(parsed.error));
      const actor = await options.resolveActor(caller);
      const refused = refusal(accessOf(channel), actor);
      if (refused) return failure(refused.code, refused.message);
      // TypeScript cannot correlate `channel` with its handler's parameters; the schema and rule above guarantee them.
      const handler = handlers[channel] as (input: unknown, actor: Actor | null) => unknown;
      return { ok: true, value: await handler(parsed.data, actor) };
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

function describeInvalidInput(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? `字段“${issue.path.join('.')}”` : '请求内容';
    return `${where}：${issue.message}`;
  });
  const more = error.issues.length > 3 ? `等 ${error.issues.length} 处` : '';
  return `提交的数据不符合要求（${issues.join('；')}${more}），操作未执行。`;
}
