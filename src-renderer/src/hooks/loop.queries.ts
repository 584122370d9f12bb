import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiProvider';

/** Data hooks for 待办, 延期申请 and 催办. */

export function useTodo() {
  const api = useApi();
  // Refreshed every few minutes: the badges should follow what others do (a 催办, a notice) without a reload.
  return useQuery({ queryKey: ['todo.list'], queryFn: () => api.call('todo.list', {}), refetchInterval: 300_000 });
}

export function useTaskExtensions(taskId: number | null) {
  const api = useApi();
  return useQuery({ queryKey: ['extensions.list', taskId], queryFn: () => api.call('extensions.list', { taskId: taskId! }), enabled: taskId !== null });
}

export function useTaskDeadlines(taskId: number | null) {
  const api = useApi();
  return useQuery({ queryKey: ['extensions.deadlines', taskId], queryFn: () => api.call('extensions.deadlines', { taskId: taskId! }), enabled: taskId !== null });
}

export function useRoundReminders(roundId: number | null) {
  const api = useApi();
  return useQuery({ queryKey: ['reminders.forRound', roundId], queryFn: () => api.call('reminders.forRound', { roundId: roundId! }), enabled: roundId !== null });
}
