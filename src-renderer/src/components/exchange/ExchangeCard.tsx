import { App, Button, Card, Descriptions, Divider, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ExchangeLogEntry, ExchangePeer } from '../../../../src-main/api/exchange-packages.types';
import { PACKAGE_KIND_NAMES } from '../../../../src-main/api/exchange-packages.types';
import { useExchangeInfo, useExportDispatch, useExportReportPackage } from '../../hooks/exchange.queries';
import { useAllUnits, useIdentity } from '../../hooks/task.queries';
import { QueryError } from '../QueryError';
import { PackageImportPanel } from './PackageImportPanel';

/**
 * 设置 → 交换包: this PC's fingerprint (read aloud to the other side before either trusts a package), the keys it
 * trusts, the packages that went in and out; the office exports 下发包 and imports 上报包 here, a unit's PC imports
 * 下发包 and makes its 上报包.
 */
export function ExchangeCard() {
  const info = useExchangeInfo();
  const identity = useIdentity();
  if (info.error) return <Card title="交换包（与不联网的电脑往来）"><QueryError error={info.error} /></Card>;
  const data = info.data;
  const bound = data?.boundUnit ?? null;
  const isOffice = identity.data?.role === 'office' && bound === null;
  return (
    <Card title="交换包（与不联网的电脑往来）">
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label="本机指纹">
          <Typography.Text strong style={{ fontSize: 18, letterSpacing: 1 }} data-testid="own-fingerprint">
            {data?.fingerprint ?? '…'}
          </Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            对方首次导入本机的包时，请电话念给对方核对。
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label="本机编号">{data?.installId}</Descriptions.Item>
        <Descriptions.Item label="本机用途">
          {bound ? `“${bound.name}”的填报机（由下发包建立）：任务、时限、调度、督办等由领导小组办公室负责的内容以下发包为准，在本机只读。` : '领导小组办公室或单独使用'}
        </Descriptions.Item>
      </Descriptions>

      {isOffice && <OfficeExport />}
      {bound && identity.data?.role === 'unit' && identity.data.unitId === bound.id && <UnitExport />}

      <Divider titlePlacement="start">{bound || data?.fresh ? '导入下发包' : '导入上报包'}</Divider>
      {bound || data?.fresh ? <PackageImportPanel kind="dispatch" /> : isOffice ? <PackageImportPanel kind="report" /> : <Typography.Text type="secondary">以领导小组办公室身份使用时可导入各单位的上报包。</Typography.Text>}

      <Divider titlePlacement="start">已确认的对方电脑</Divider>
      <Table<ExchangePeer>
        rowKey="installId"
        size="small"
        pagination={false}
        dataSource={data?.peers ?? []}
        locale={{ emptyText: '尚未确认任何对方电脑' }}
        columns={[
          { title: '对方', render: (_, peer) => (peer.role === 'office' ? '领导小组办公室' : peer.unitName) },
          { title: '指纹', dataIndex: 'fingerprint', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
          { title: '确认人', dataIndex: 'confirmedBy', width: 180 },
          { title: '确认时间', dataIndex: 'confirmedAt', width: 170, render: (value: string) => new Date(value).toLocaleString('zh-CN') },
        ]}
      />
      <Divider titlePlacement="start">最近的交换包</Divider>
      <Table<ExchangeLogEntry>
        rowKey={(entry) => `${entry.direction}-${entry.kind}-${entry.unitId}-${entry.seq}`}
        size="small"
        pagination={false}
        dataSource={data?.recent ?? []}
        locale={{ emptyText: '还没有导出或导入过交换包' }}
        columns={[
          { title: '', dataIndex: 'direction', width: 70, render: (d: string) => <Tag color={d === 'sent' ? 'blue' : 'green'}>{d === 'sent' ? '导出' : '导入'}</Tag> },
          { title: '种类', dataIndex: 'kind', width: 80, render: (kind: 'dispatch' | 'report') => PACKAGE_KIND_NAMES[kind] },
          { title: '单位', dataIndex: 'unitName', width: 140 },
          { title: '编号', dataIndex: 'seq', width: 70, render: (seq: number) => `第 ${seq} 号` },
          { title: '文件', dataIndex: 'fileName', ellipsis: true },
          { title: '缺号', dataIndex: 'gap', render: (gap: string | null) => gap ?? '—' },
          { title: '时间', dataIndex: 'createdAt', width: 170, render: (value: string) => new Date(value).toLocaleString('zh-CN') },
        ]}
      />
    </Card>
  );
}

/** The office picks a unit and saves its 下发包 (also offered per unit on the 调度 page). */
function OfficeExport() {
  const { message } = App.useApp();
  const units = useAllUnits();
  const exportDispatch = useExportDispatch();
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  return (
    <>
      <Divider titlePlacement="start">导出下发包</Divider>
      <Space>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder="选择单位"
          aria-label="下发给单位"
          style={{ width: 240 }}
          value={unitId}
          onChange={setUnitId}
          options={(units.data ?? []).filter((u) => !u.retired && u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }))}
        />
        <Button
          type="primary"
          disabled={unitId === undefined}
          loading={exportDispatch.isPending}
          onClick={() => unitId !== undefined && exportDispatch.mutate({ unitId }, { onSuccess: (file) => message.success(`已生成 ${file.fileName}`), onError: (e) => message.error(e.message) })}
        >
          导出下发包
        </Button>
      </Space>
    </>
  );
}

/** A unit's PC saves its 上报包: everything written since the office's last acknowledgement. */
function UnitExport() {
  const { message } = App.useApp();
  const exportReport = useExportReportPackage();
  return (
    <>
      <Divider titlePlacement="start">生成上报包</Divider>
      <Button
        type="primary"
        loading={exportReport.isPending}
        onClick={() => exportReport.mutate(undefined, { onSuccess: (file) => message.success(`已生成 ${file.fileName}，请交给领导小组办公室导入`), onError: (e) => message.error(e.message) })}
      >
        生成上报包
      </Button>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        包含办公室确认收到之后本单位填报的进展、佐证材料、阶段目标勾选和督办签收、反馈。
      </Typography.Paragraph>
    </>
  );
}
