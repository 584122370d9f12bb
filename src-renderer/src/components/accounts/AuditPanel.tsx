import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ChannelInput } from '../../../../src-main/api/contract';
import type { AuditEntry, AuditVerification } from '../../../../src-main/api/audit.types';
import { useApi } from '../../api/ApiProvider';
import { saveExportedFile } from '../../hooks/excel.queries';

type Filter = ChannelInput<'audit.list'>;

const beijingTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

/** 操作日志 (the office and the admin): filters, the list newest first, export to Excel, and the chain's check. */
export function AuditPanel() {
  const api = useApi();
  const [filter, setFilter] = useState<Filter>({ limit: 50, offset: 0 });
  const [verdict, setVerdict] = useState<AuditVerification | null>(null);
  const [exporting, setExporting] = useState(false);
  const page = useQuery({ queryKey: ['audit.list', filter], queryFn: () => api.call('audit.list', filter) });
  const set = (change: Partial<Filter>) => setFilter((current) => ({ ...current, ...change, offset: 0 }));
  const day = (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined);
  const { limit: _limit, offset: _offset, ...exportFilter } = filter;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker.RangePicker aria-label="日期范围" onChange={(range) => set({ from: day(range?.[0] ?? null), to: day(range?.[1] ?? null) })} />
        <Input.Search placeholder="操作人（单位或姓名）" allowClear style={{ width: 200 }} onSearch={(who) => set({ who: who || undefined })} />
        <Input.Search placeholder="操作（接口名）" allowClear style={{ width: 180 }} onSearch={(channel) => set({ channel: channel || undefined })} />
        <Select
          placeholder="结果"
          allowClear
          style={{ width: 110 }}
          onChange={(outcome?: 'ok' | 'refused' | 'failed') => set({ outcome })}
          options={[
            { value: 'ok', label: '成功' },
            { value: 'refused', label: '拒绝' },
            { value: 'failed', label: '失败' },
          ]}
        />
        <Button
          loading={exporting}
          onClick={async () => {
            setExporting(true);
            try {
              saveExportedFile(await api.call('audit.export', exportFilter));
            } finally {
              setExporting(false);
            }
          }}
        >
          导出 Excel
        </Button>
        <Button onClick={async () => setVerdict(await api.call('audit.verify', {}))}>校验操作日志</Button>
      </Space>
      {verdict && (
        <Alert
          type={verdict.ok ? 'success' : 'error'}
          showIcon
          message={verdict.ok ? `校验通过：共 ${verdict.rows} 条记录，哈希链完整，未发现改动或删除。` : `校验失败：${verdict.brokenAt?.reason ?? ''}`}
        />
      )}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={page.isPending}
        dataSource={page.data?.rows ?? []}
        pagination={{
          current: Math.floor((filter.offset ?? 0) / (filter.limit ?? 50)) + 1,
          pageSize: filter.limit ?? 50,
          total: page.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (current) => setFilter((f) => ({ ...f, offset: (current - 1) * (f.limit ?? 50) })),
        }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 160, render: beijingTime },
          { title: '操作人', dataIndex: 'who', width: 180 },
          { title: '地址', dataIndex: 'address', width: 110 },
          { title: '操作', dataIndex: 'action', width: 150 },
          { title: '结果', dataIndex: 'outcome', width: 70, render: (outcome: AuditEntry['outcome']) => <Tag color={outcome === 'ok' ? 'green' : 'red'}>{{ ok: '成功', refused: '拒绝', failed: '失败' }[outcome]}</Tag> },
          { title: '对象', dataIndex: 'targets', width: 150 },
          { title: '摘要', dataIndex: 'summary', ellipsis: true },
        ]}
      />
    </Space>
  );
}
