import { useQuery } from '@tanstack/react-query';
import type { PlanNodeKind } from '../../../src-main/api/plan.types';
import { useApi } from '../api/ApiProvider';
import { effectiveScope, usePlanScope } from '../plan-scope';

/** Data hooks: each wraps one channel in TanStack Query; components never call the client directly. */

export function useAppInfo() {
  const api = useApi();
  return useQuery({ queryKey: ['app.info'], queryFn: () => api.call('app.info', {}), staleTime: Infinity });
}

/**
 * The app's year (its clock: China Standard Time, or the date browser mode was started with --today), not this
 * computer's: the years offered by 考核, 报表 and 指标 follow it. Until app.info answers, the computer's year.
 */
export function useAppYear(): number {
  const info = useAppInfo();
  return info.data ? Number(info.data.today.slice(0, 4)) : new Date().getFullYear();
}

export function usePlans() {
  const api = useApi();
  return useQuery({ queryKey: ['plan.list'], queryFn: () => api.call('plan.list', {}) });
}

export function usePlanTree(planId: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['plan.tree', planId],
    queryFn: () => api.call('plan.tree', { planId: planId! }),
    enabled: planId !== undefined,
  });
}

export function usePlanNode(node: { kind: PlanNodeKind; id: number } | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['plan.node', node?.kind, node?.id],
    queryFn: () => api.call('plan.node', node!),
    enabled: node !== null,
  });
}

export function useIndicators(planId: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['plan.indicators', planId],
    queryFn: () => api.call('plan.indicators', { planId: planId! }),
    enabled: planId !== undefined,
  });
}

export function useUnits() {
  const api = useApi();
  return useQuery({ queryKey: ['units.list'], queryFn: () => api.call('units.list', {}) });
}

/** The plan the app frame's switcher points at; under 全部规划, the first plan (these screens show one plan). */
export function useScopedPlan() {
  const plans = usePlans();
  const scope = effectiveScope(usePlanScope().planId, plans.data);
  const planId = scope !== 'all' ? scope : plans.data?.[0]?.id;
  return { plans, scope, planId, plan: plans.data?.find((p) => p.id === planId) };
}
