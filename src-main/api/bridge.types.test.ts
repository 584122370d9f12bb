import { describe, expectTypeOf, it } from 'vitest';
import type { PlanDeskBridge } from './bridge.types';
import type { ChannelName } from './contract';
import type { AppInfo } from './app.types';
import type { ApiResult } from './errors';
import type { PlanSummary } from './plan.types';

// Checked by `tsc`: the bridge type follows the contract, channel by channel.
describe('PlanDeskBridge', () => {
  it('has exactly one function per channel', () => {
    expectTypeOf<keyof PlanDeskBridge>().toEqualTypeOf<ChannelName>();
  });

  it('takes the channel input and resolves to the channel result', () => {
    expectTypeOf<PlanDeskBridge['app.info']>().returns.toEqualTypeOf<Promise<ApiResult<AppInfo>>>();
    expectTypeOf<PlanDeskBridge['plan.list']>().returns.toEqualTypeOf<Promise<ApiResult<PlanSummary[]>>>();
    expectTypeOf<PlanDeskBridge['plan.tree']>().parameter(0).toEqualTypeOf<{ planId: number }>();
    expectTypeOf<PlanDeskBridge['units.list']>().toBeCallableWith({});
    expectTypeOf<PlanDeskBridge['units.list']>().toBeCallableWith({ includeRetired: true });
    expectTypeOf<PlanDeskBridge['plan.node']>().toBeCallableWith({ kind: 'task', id: 3 });
  });
});
