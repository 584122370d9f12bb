import { App, Button } from 'antd';
import { useExportDispatch } from '../../hooks/exchange.queries';

/** 下发包 for one unit, from a row of the 调度 page (the office only). */
export function ExportDispatchButton({ unitId, unitName }: { unitId: number; unitName: string }) {
  const { message } = App.useApp();
  const exportDispatch = useExportDispatch();
  return (
    <Button
      size="small"
      aria-label={`导出${unitName}的下发包`}
      loading={exportDispatch.isPending}
      onClick={(event) => {
        // The row itself filters the task list below; the button only exports.
        event.stopPropagation();
        exportDispatch.mutate({ unitId }, { onSuccess: (file) => message.success(`已生成 ${file.fileName}`), onError: (e) => message.error(e.message) });
      }}
    >
      下发包
    </Button>
  );
}
