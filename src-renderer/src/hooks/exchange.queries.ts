import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../src-main/api/contract';
import type { PackageKind } from '../../../src-main/api/exchange-packages.types';
import { useApi } from '../api/ApiProvider';
import { saveExportedFile } from './excel.queries';

/** Data hooks of the 下发包 / 上报包 exchange between isolated PCs. */

export function useExchangeInfo() {
  const api = useApi();
  return useQuery({ queryKey: ['exchange.info'], queryFn: () => api.call('exchange.info', {}) });
}

export function useExportDispatch() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'exchange.exportDispatch'>) => api.call('exchange.exportDispatch', input),
    onSuccess: (file) => {
      saveExportedFile(file);
      void queryClient.invalidateQueries({ queryKey: ['exchange.info'] });
    },
  });
}

export function useExportReportPackage() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.call('exchange.exportReport', {}),
    onSuccess: (file) => {
      saveExportedFile(file);
      void queryClient.invalidateQueries({ queryKey: ['exchange.info'] });
    },
  });
}

export function usePreviewPackage(kind: PackageKind) {
  const api = useApi();
  return useMutation({
    mutationFn: (input: ChannelInput<'exchange.previewReport'>) => api.call(kind === 'dispatch' ? 'exchange.previewDispatch' : 'exchange.previewReport', input),
  });
}

export function useApplyPackage(kind: PackageKind) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'exchange.applyReport'>) => api.call(kind === 'dispatch' ? 'exchange.applyDispatch' : 'exchange.applyReport', input),
    // A package changes tasks, reports, rounds, notices and everything computed from them.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
