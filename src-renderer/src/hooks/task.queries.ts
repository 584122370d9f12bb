import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelName } from '../../../src-main/api/contract';
import type { ChannelInput, ChannelOutput } from '../../../src-main/api/contract';
import { useState } from 'react';
import { useApi, useProfiles } from '../api/ApiProvider';
import type { Profile } from '../api/profile';
import { ActionIds, actionKey } from '../../../src-main/api/request-ids';
import type { Identity } from '../../../src-main/api/tasks.types';
import { FIRST_PAGE, type TaskPageView } from '../components/TaskTable';

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

/** A task list's filter and the page shown; a new filter starts again at the first page. */
export function useTaskListView(initial: TaskFilterInput = {}) {
  const [filter, setFilterState] = useState<TaskFilterInput>(initial);
  const [view, setView] = useState<TaskPageView>(FIRST_PAGE);
  const firstPage = () => setView((current) => ({ ...current, offset: 0 }));
  const setFilter = (next: TaskFilterInput) => {
    setFilterState(next);
    firstPage();
  };
  return { filter, setFilter, view, setView, firstPage };
}

export function useTaskDetail(id: number | null) {
  const api = useApi();
  return useQuery({ queryKey: ['tasks.get', id], queryFn: () => api.call('tasks.get', { id: id! }), enabled: id !== null });
}

/** Who this window or tab acts as, as the main side resolved the profile it holds (role null: not chosen yet). */
export function useIdentity() {
  const api = useApi();
  return useQuery({ queryKey: ['identity.get'], queryFn: () => api.call('identity.get', {}) });
}

/**
 * Chooses the person this window or tab acts as: the main side checks the profile (the unit exists and is not
 * retired), then this tab keeps it and every list is fetched again under it.
 */
export function useChooseIdentity() {
  const api = useApi();
  const profiles = useProfiles();
  const queryClient = useQueryClient();
  return useMutation<Identity, Error, Profile>({
    mutationFn: (profile) => api.call('identity.check', profile),
    onSuccess: async (_identity, profile) => {
      profiles.set(profile);
      await queryClient.invalidateQueries();
    },
  });
}

export function useThresholds() {
  const api = useApi();
  return useQuery({ queryKey: ['warnings.getThresholds'], queryFn: () => api.call('warnings.getThresholds', {}) });
}

export function useAllUnits() {
  const api = useApi();
  return useQuery({ queryKey: ['units.list', 'all'], queryFn: () => api.call('units.list', { includeRetired: true }) });
}

/**
 * A mutation for one channel. On success every query is marked stale: a change to a task, report, round or
 * unit can show up in almost any list, and refetching a local database is cheaper than tracking which.
 */
export function useChannelMutation<K extends ChannelName>(channel: K) {
  const api = useApi();
  const queryClient = useQueryClient();
  // One request id per user action: a double-click's second call repeats the first's id (api/request-ids.ts).
  const [actions] = useState(() => new ActionIds());
  return useMutation<ChannelOutput<K>, Error, ChannelInput<K>>({
    mutationFn: async (input) => {
      const key = actionKey(input);
      try {
        return await api.call(channel, input, { requestId: actions.begin(key) });
      } finally {
        actions.end(key);
      }
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries();
    },
  });
}
