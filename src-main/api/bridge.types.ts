import type { ChannelName } from './channels';
import type { ChannelInput, ChannelOutput } from './contract';
import type { ApiResult } from './errors';

/**
 * The shape of `window.planDesk` that the preload exposes in the desktop app: one function per channel.
 * Type-only, so the renderer can declare the global without pulling the contract's schemas into its bundle.
 */
export type PlanDeskBridge = {
  readonly [K in ChannelName]: (input: ChannelInput<K>) => Promise<ApiResult<ChannelOutput<K>>>;
};
