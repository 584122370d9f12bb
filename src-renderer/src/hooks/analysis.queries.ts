import { useQuery } from '@tanstack/react-query';
import type { ChannelInput } from '../../../src-main/api/contract';
import { useApi } from '../api/ApiProvider';

/** Data hooks for 主要指标, 重大项目, 考核 and 跟踪分析 (changes go through useChannelMutation, as everywhere). */

export function useIndicatorStatus(planId: number | undefined) {
  const api = useApi();
  return useQuery({ queryKey: ['indicators.list', planId], queryFn: () => api.call('indicators.list', { planId: planId! }), enabled: planId !== undefined });
}

export function useProjects(filter: ChannelInput<'projects.list'> | undefined) {
  const api = useApi();
  return useQuery({ queryKey: ['projects.list', filter], queryFn: () => api.call('projects.list', filter!), enabled: filter !== undefined });
}

export function useAssessmentScheme() {
  const api = useApi();
  return useQuery({ queryKey: ['assessment.getScheme'], queryFn: () => api.call('assessment.getScheme', {}) });
}

export function useAssessment(planId: number | undefined, year: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['assessment.compute', planId, year],
    queryFn: () => api.call('assessment.compute', { planId: planId!, year }),
    enabled: planId !== undefined,
  });
}

export function useDashboard(planId: number | undefined) {
  const api = useApi();
  return useQuery({ queryKey: ['dashboard.get', planId], queryFn: () => api.call('dashboard.get', { planId: planId! }), enabled: planId !== undefined });
}
