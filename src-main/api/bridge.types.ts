import type { ChannelInput, ChannelName, ChannelOutput } from './contract';
import type { ApiResult } from './errors';

/**
 * The shape of `window.planDesk` that the preload exposes in the desktop app: one function per channel, taking the
 * input and the profile the window holds. Type-only, so the renderer can declare the global without pulling the
 * contract's schemas into its bundle.
 */
export type PlanDeskBridge = {
  readonly [K in ChannelName]: (input: ChannelInput<K>, profile?: unknown, requestId?: string) => Promise<ApiResult<ChannelOutput<K>>>;
};
