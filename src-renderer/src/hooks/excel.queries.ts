import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../src-main/api/contract';
import type { ExportedFile } from '../../../src-main/api/reports.types';
import { useApi } from '../api/ApiProvider';

/** Data hooks of 报表 and the 填报模板 round trip. */

export function useReportOptions(planId: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['reports.options', planId],
    queryFn: () => api.call('reports.options', { planId: planId! }),
    enabled: planId !== undefined,
  });
}

/** Saves an exported file through the browser's download (works the same in Electron: no native dialog needed). */
export function saveExportedFile(file: ExportedFile): void {
  saveFile(file.fileName, file.contentBase64, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}

/** Saves any file the app sends (base64) under `name`, through the browser's download. */
export function saveFile(name: string, contentBase64: string, type?: string): void {
  const bytes = Uint8Array.from(atob(contentBase64), (ch) => ch.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], type ? { type } : {}));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked a little later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useExportReport() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: ChannelInput<'reports.export'>) => api.call('reports.export', input),
    onSuccess: saveExportedFile,
  });
}

export function useExportTemplate() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: ChannelInput<'templates.export'>) => api.call('templates.export', input),
    onSuccess: saveExportedFile,
  });
}

export function usePreviewTemplate() {
  const api = useApi();
  return useMutation({ mutationFn: (input: ChannelInput<'templates.preview'>) => api.call('templates.preview', input) });
}

export function useApplyTemplate() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'templates.apply'>) => api.call('templates.apply', input),
    // An import changes tasks, reports, rounds, problems and everything computed from them.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
