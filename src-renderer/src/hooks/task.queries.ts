import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelName } from '../../../src-main/api/channels';
import type { ChannelInput, ChannelOutput } from '../../../src-main/api/contract';
import { useApi } from '../api/ApiProvider';

/** Data hooks for tasks, progress, identity and units. Mutations refresh every list a change can touch. */

export type TaskFilterInput = ChannelInput<'tasks.list'>;

export function useTaskList(filter: TaskFilterInput, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ['tasks.list', filter],
    queryFn: () => api.call('tasks.list', filter),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTaskDetail(id: number | null) {
  const api = useApi();
  return useQuery({ queryKey: ['tasks.get', id], queryFn: () => api.call('tasks.get', { id: id! }), enabled: id !== null });
}

export function useIdentity() {
  const api = useApi();
  return useQuery({ queryKey: ['identity.get'], queryFn: () => api.call('identity.get', {}) });
}

export function useThresholds() {
  const api = useApi();
  return useQuery({ queryKey: ['warnings.getThresholds'], queryFn: () => api.call('warnings.getThresholds', {}) });
}

export function useAllUnits() {
  const api = useApi();
  return useQuery({ queryKey: ['units.list', 'all'], queryFn: () => api.call('units.list', { includeRetired: true }) });
}

/** Query keys whose data any change to tasks, reports, units or settings may alter. */
const AFFECTED_BY_CHANGES = ['tasks.list', 'tasks.get', 'plan.tree', 'plan.list', 'plan.node', 'units.list', 'identity.get', 'warnings.getThresholds'];

/** A mutation for one channel; on success every dependent query is refetched. */
export function useChannelMutation<K extends ChannelName>(channel: K) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation<ChannelOutput<K>, Error, ChannelInput<K>>({
    mutationFn: (input) => api.call(channel, input),
    onSuccess: async () => {
      await Promise.all(AFFECTED_BY_CHANGES.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
}
