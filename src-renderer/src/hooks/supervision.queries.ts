import { useQuery } from '@tanstack/react-query';
import type { ChannelInput } from '../../../src-main/api/contract';
import { useApi } from '../api/ApiProvider';

/** Data hooks for 调度, 督办 and the problem register. */

export function useRounds(planId: number | undefined) {
  const api = useApi();
  return useQuery({ queryKey: ['rounds.list', planId], queryFn: () => api.call('rounds.list', { planId }) });
}

export function useRound(id: number | null) {
  const api = useApi();
  return useQuery({ queryKey: ['rounds.get', id], queryFn: () => api.call('rounds.get', { id: id! }), enabled: id !== null });
}

export function useNotices(filter: ChannelInput<'notices.list'>) {
  const api = useApi();
  return useQuery({ queryKey: ['notices.list', filter], queryFn: () => api.call('notices.list', filter) });
}

export function useNotice(id: number | null) {
  const api = useApi();
  return useQuery({ queryKey: ['notices.get', id], queryFn: () => api.call('notices.get', { id: id! }), enabled: id !== null });
}

export function useProblems(filter: ChannelInput<'problems.list'>, enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: ['problems.list', filter], queryFn: () => api.call('problems.list', filter), enabled });
}
