import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../src-main/api/contract';
import { useApi } from '../api/ApiProvider';

/** 导入规划: the preview writes nothing; the save adds a plan, so every list may change. */

export function usePlanImportPreview() {
  const api = useApi();
  return useMutation({ mutationFn: (input: ChannelInput<'planImport.preview'>) => api.call('planImport.preview', input) });
}

export function usePlanImportSave() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'planImport.save'>) => api.call('planImport.save', input),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

/** A file's bytes as base64, in slices so a large file does not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
