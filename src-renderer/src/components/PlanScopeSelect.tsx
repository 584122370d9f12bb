import { Select } from 'antd';
import { usePlans } from '../hooks/queries';
import { effectiveScope, usePlanScope, type PlanScope } from '../plan-scope';

/** The plan switcher in the app frame: one plan, or 全部规划. */
export function PlanScopeSelect() {
  const plans = usePlans();
  const { planId, setPlanId } = usePlanScope();
  if (!plans.data) return null;
  return (
    <Select<PlanScope>
      aria-label="规划范围"
      value={effectiveScope(planId, plans.data)}
      onChange={setPlanId}
      popupMatchSelectWidth={360}
      style={{ width: '100%' }}
      options={[
        { value: 'all', label: '全部规划' },
        ...plans.data.map((plan) => ({ value: plan.id, label: plan.title, title: plan.title })),
      ]}
    />
  );
}
