import { App, Button } from 'antd';
import type { ChannelInput } from '../../../../src-main/api/contract';
import { useApi } from '../../api/ApiProvider';
import { saveExportedFile } from '../../hooks/excel.queries';
import { useInFlight } from '../forms/in-flight';

/**
 * 导出 Excel for a list: sends the list's own input (its filters and sort), so the file holds the rows the list shows —
 * every page of them — as a 台账 in the reports' layout. One file per click.
 */
export function ExportListButton({ input, label = '导出 Excel', disabled }: { input: ChannelInput<'reports.exportList'>; label?: string; disabled?: boolean }) {
  const api = useApi();
  const { message } = App.useApp();
  const exporting = useInFlight();
  return (
    <Button
      disabled={disabled}
      loading={exporting.busy}
      onClick={() =>
        void exporting.run(async () => {
          try {
            const file = await api.call('reports.exportList', input);
            saveExportedFile(file);
            message.success(`已导出 ${file.fileName}`);
          } catch (error) {
            message.error(`导出失败：${(error as Error).message}`);
          }
        })
      }
    >
      {label}
    </Button>
  );
}
