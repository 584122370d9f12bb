import type { ChannelName } from '../../../src-main/api/contract';
import type { ChannelInput, ChannelOutput } from '../../../src-main/api/contract';
import type { ApiResult, ErrorCode } from '../../../src-main/api/errors';

/** How a call travels: Electron IPC through the preload, or HTTP to the browser-mode server. */
export type Transport = (channel: ChannelName, input: unknown) => Promise<ApiResult<unknown>>;

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
  call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>>;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call<K extends ChannelName>(channel: K, input: ChannelInput<K>) {
      const result = await transport(channel, input);
      if (!result.ok) throw new ApiCallError(result.error.code, result.error.message);
      return result.value as ChannelOutput<K>;
    },
  };
}
