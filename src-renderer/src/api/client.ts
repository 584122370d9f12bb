import type { ChannelName } from '../../../src-main/api/contract';
import type { ChannelInput, ChannelOutput } from '../../../src-main/api/contract';
import type { ApiResult, ErrorCode } from '../../../src-main/api/errors';

/** How a call travels: Electron IPC through the preload, or HTTP to the browser-mode server. */
export type Transport = (channel: ChannelName, input: unknown, options?: CallOptions) => Promise<ApiResult<unknown>>;

/** Per call: the request id of one user action, so a double-click or a retry makes one record, not two. */
export interface CallOptions {
  requestId?: string;
}

/** A failed call, with the Chinese message the main side wrote for the user. */
export class ApiCallError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
  }
}

/** The renderer's only way to the app's data. Typed per channel from the contract. */
export interface ApiClient {
  call<K extends ChannelName>(channel: K, input: ChannelInput<K>, options?: CallOptions): Promise<ChannelOutput<K>>;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call<K extends ChannelName>(channel: K, input: ChannelInput<K>, options?: CallOptions) {
      const result = await transport(channel, input, options);
      if (!result.ok) throw new ApiCallError(result.error.code, result.error.message);
      return result.value as ChannelOutput<K>;
    },
  };
}
