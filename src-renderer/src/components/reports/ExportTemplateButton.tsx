import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Select, Space } from 'antd';
import { useState } from 'react';
import { useExportTemplate, useReportOptions } from '../../hooks/excel.queries';

/**
 * 导出填报模板 for one unit: the latest state, or an open round. Used on 我的任务 (a unit working in its own copy
 * of the app) and in 报表.
 */
export function ExportTemplateButton({ planId, unitId, label = '导出填报模板' }: { planId: number | undefined; unitId: number | undefined; label?: string }) {
  const { message } = App.useApp();
  const options = useReportOptions(planId);
  const exportTemplate = useExportTemplate();
  const [roundId, setRoundId] = useState<number | null>(null);
  const openRounds = (options.data?.rounds ?? []).filter((round) => round.state === 'open');

  const run = () => {
    if (planId === undefined || unitId === undefined) return;
    exportTemplate.mutate(
      { planId, unitId, roundId },
      {
        onSuccess: (file) => void message.success(`已导出：${file.fileName}`),
        onError: (error) => void message.error(error.message),
      },
    );
  };

  return (
    <Space.Compact>
      <Select
        aria-label="填报模板的调度期"
        style={{ width: 220 }}
        value={roundId ?? 0}
        onChange={(value: number) => setRoundId(value === 0 ? null : value)}
        options={[{ value: 0, label: '最新进展（不限调度期）' }, ...openRounds.map((round) => ({ value: round.id, label: round.name }))]}
      />
      <Button icon={<DownloadOutlined />} onClick={run} loading={exportTemplate.isPending} disabled={planId === undefined || unitId === undefined}>
        {label}
      </Button>
    </Space.Compact>
  );
}
