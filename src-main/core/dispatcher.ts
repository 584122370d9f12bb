import { z } from 'zod';
import { isChannelName, type ChannelName } from '../api/channels';
import { contract, type ChannelOutput, type ParsedInput } from '../api/contract';
import { AppError, failure, type ApiResult } from '../api/errors';
import { storageFailure } from '../db/storage-errors';

// Validation messages in Chinese, for every schema in the contract.
z.config(z.locales.zhCN());

/** One function per channel; a channel without a handler is a compile error. */
export type Handlers = {
  [K in ChannelName]: (input: ParsedInput<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};

export type Dispatch = (channel: string, payload: unknown) => Promise<ApiResult<unknown>>;

/**
 * The single entry point behind both doors (Electron IPC and HTTP): checks the channel name, parses the
 * payload with the channel's schema, runs the handler and turns every outcome into an `ApiResult`.
 * Nothing the caller sends reaches a service unparsed, and no stack trace reaches the caller.
 */
export function createDispatcher(handlers: Handlers, logError: (error: unknown, channel: string) => void): Dispatch {
  return async (channel, payload) => {
    if (!isChannelName(channel)) return failure('UNKNOWN_CHANNEL', `没有名为“${String(channel).slice(0, 60)}”的接口。`);
    const parsed = contract[channel].input.safeParse(payload);
    if (!parsed.success) return failure('INVALID_INPUT', describeInvalidInput(parsed.error));
    try {
      // TypeScript cannot correlate `channel` with its handler's parameter; the schema above guarantees the shape.
      const handler = handlers[channel] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApiError() };
      logError(error, channel);
      // A full disk, a database held by another program, a damaged file: say which, not "internal error".
      const storage = storageFailure(error);
      if (storage) return { ok: false, error: storage };
      return failure('INTERNAL', '程序内部错误，本次操作未完成，数据没有改动。请重试；如仍出错，请把日志发给维护人员。');
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
