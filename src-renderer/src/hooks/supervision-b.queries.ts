import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelName } from '../../../src-main/api/contract';
import type { ChannelInput, ChannelOutput } from '../../../src-main/api/contract';
import { useApi } from '../api/ApiProvider';

/** Data hooks for 主要指标, 重大项目, 考核 and 跟踪分析. */

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

/** What a change to indicators, projects or the scheme may alter on screen. */
const AFFECTED = ['indicators.list', 'plan.indicators', 'projects.list', 'assessment.getScheme', 'assessment.compute', 'dashboard.get'];

export function useSupervisionBMutation<K extends ChannelName>(channel: K) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation<ChannelOutput<K>, Error, ChannelInput<K>>({
    mutationFn: (input) => api.call(channel, input),
    onSuccess: async () => {
      await Promise.all(AFFECTED.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
}

