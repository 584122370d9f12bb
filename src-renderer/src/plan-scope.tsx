import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { PlanSummary } from '../../src-main/api/plan.types';

/**
 * Which plan the app is looking at: one plan, or 全部规划. Chosen in the app frame and kept in localStorage, so
 * lists, reports and scores can all follow it. (In browser mode each launch gets a new port, and with it a new
 * localStorage, so the choice lasts for that launch.)
 */

export type PlanScope = number | 'all';

interface PlanScopeValue {
  planId: PlanScope;
  setPlanId(planId: PlanScope): void;
}

const STORAGE_KEY = 'plan-desk.plan-scope';
const PlanScopeContext = createContext<PlanScopeValue | null>(null);

export function PlanScopeProvider({ children }: { children: ReactNode }) {
  const [planId, setState] = useState<PlanScope>(readStored);
  const setPlanId = useCallback((next: PlanScope) => {
    setState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(next));
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for this session.
    }
  }, []);
  const value = useMemo(() => ({ planId, setPlanId }), [planId, setPlanId]);
  return <PlanScopeContext.Provider value={value}>{children}</PlanScopeContext.Provider>;
}

export function usePlanScope(): PlanScopeValue {
  const value = useContext(PlanScopeContext);
  if (!value) throw new Error('usePlanScope must be used inside <PlanScopeProvider>');
  return value;
}

/** The scoped plan if it still exists; 'all' otherwise (a stored id from a plan no longer there). */
export function effectiveScope(scope: PlanScope, plans: PlanSummary[] | undefined): PlanScope {
  return typeof scope === 'number' && plans?.some((plan) => plan.id === scope) ? scope : 'all';
}

function readStored(): PlanScope {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    const id = Number(stored);
    return stored && Number.isInteger(id) && id > 0 ? id : 'all';
  } catch {
    return 'all';
  }
}
