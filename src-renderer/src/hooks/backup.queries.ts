import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiProvider';

/** Data hooks for 数据备份 and the recovery screen. */

export function useBackups() {
  const api = useApi();
  return useQuery({ queryKey: ['backup.list'], queryFn: () => api.call('backup.list', {}) });
}

export function useRecoveryStatus() {
  const api = useApi();
  return useQuery({ queryKey: ['recovery.status'], queryFn: () => api.call('recovery.status', {}), staleTime: Infinity });
}

/** Asks, before a restore is confirmed, whose work it would set aside (fetched fresh each time). */
export function useFetchRestoreImpact() {
  const api = useApi();
  return (name: string) => api.call('backup.restoreImpact', { name });
}

export function useCreateBackup() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.call('backup.create', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['backup.list'] }),
  });
}

/**
 * Restoring replaces every piece of data the app shows, so afterwards every query is refetched; `recovery`
 * restores from the recovery screen instead of 设置.
 */
export function useRestoreBackup(from: 'settings' | 'recovery') {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.call(from === 'recovery' ? 'recovery.restore' : 'backup.restore', { name }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

/**
 * PostgreSQL: the databases restores kept (empty on SQLite). Asked only for the office and the 系统管理员, who may list
 * them: anyone else's call would be refused, and on the shared server each refusal is a row in the 操作日志.
 */
export function useKeptDatabases(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: ['backup.keptDatabases'], queryFn: () => api.call('backup.keptDatabases', {}), retry: false, enabled });
}

export function useDropKeptDatabase() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.call('backup.dropKeptDatabase', { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['backup.keptDatabases'] }),
  });
}
