import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Descriptions, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import type { PreviewRow, PreviewRowAction, TemplateImportPreview } from '../../../../src-main/api/templates.types';
import { useApplyTemplate, usePreviewTemplate } from '../../hooks/excel.queries';
import { toBase64 } from '../../hooks/plan-import.queries';

const ACTIONS: Record<PreviewRowAction, { label: string; color: string }> = {
  report: { label: '记入新进展', color: 'blue' },
  unchanged: { label: '无变化', color: 'default' },
  conflict: { label: '冲突', color: 'orange' },
  blocked: { label: '不导入', color: 'red' },
};

interface Upload {
  fileName: string;
  contentBase64: string;
}

/**
 * 导入填好的模板: the file is checked in full and previewed task by task (what changes, what conflicts with changes
 * made in the office since export); nothing is written until 确认导入, and then all of it at once.
 */
export function TemplateImportPanel({ expectUnitId, expectRoundId }: { expectUnitId: number | undefined; expectRoundId: number | null }) {
  const { message } = App.useApp();
  const previewMutation = usePreviewTemplate();
  const applyMutation = useApplyTemplate();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [preview, setPreview] = useState<TemplateImportPreview | null>(null);
  const [overrides, setOverrides] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const expectations = expectUnitId !== undefined ? { expectUnitId, expectRoundId } : {};

  const choose = async (file: File) => {
    setPreview(null);
    setError(null);
    setOverrides([]);
    const chosen = { fileName: file.name, contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())) };
    setUpload(chosen);
    previewMutation.mutate(
      { ...chosen, ...expectations },
      { onSuccess: setPreview, onError: (failure) => setError(failure.message) },
    );
  };

  const confirm = () => {
    if (!upload || !preview) return;
    applyMutation.mutate(
      { ...upload, ...expectations, overrideConflicts: overrides },
      {
        onSuccess: (result) => {
          void message.success(`导入完成：记入 ${result.recorded} 项进展，${result.unchanged} 项无变化${result.skipped > 0 ? `，${result.skipped} 项未导入` : ''}。`);
          setPreview(null);
          setUpload(null);
        },
        onError: (failure) => setError(failure.message),
      },
    );
  };

  const toRecord = preview ? preview.counts.report + overrides.length : 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Upload.Dragger
        accept=".xlsx,.xls"
        multiple={false}
        showUploadList={false}
        beforeUpload={(file) => {
          void choose(file);
          return false;
        }}
        aria-label="选择填好的填报模板"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖入填好的填报模板（.xlsx）</p>
        <p className="ant-upload-hint">
          先全面检查并预览，确认后才写入；{expectUnitId !== undefined ? '只接受上面所选单位和调度期的模板。' : '单位和调度期以模板中的为准。'}
        </p>
      </Upload.Dragger>
      {previewMutation.isPending && <Alert type="info" showIcon title={`正在检查“${upload?.fileName ?? ''}”……`} />}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title="文件未导入，数据没有改动"
          description={<div style={{ whiteSpace: 'pre-wrap' }}>{error}</div>}
          closable={{ onClose: () => setError(null) }}
        />
      )}
      {preview && (
        <section aria-label="导入预览">
          <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="文件">{preview.fileName}</Descriptions.Item>
            <Descriptions.Item label="填报单位">{preview.unitName}</Descriptions.Item>
            <Descriptions.Item label="调度期">{preview.roundName}</Descriptions.Item>
            <Descriptions.Item label="模板导出时间">{new Date(preview.exportedAt).toLocaleString('zh-CN')}</Descriptions.Item>
            <Descriptions.Item label="填报日期">{preview.filledOn ?? '未填写'}</Descriptions.Item>
            <Descriptions.Item label="汇总">
              记入 {preview.counts.report} 项 · 无变化 {preview.counts.unchanged} 项 · 冲突 {preview.counts.conflict} 项 · 不导入 {preview.counts.blocked} 项
            </Descriptions.Item>
          </Descriptions>
          {preview.notices.map((notice) => (
            <Alert key={notice} type="info" showIcon title={notice} style={{ marginBottom: 8 }} />
          ))}
          {preview.counts.conflict > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={`有 ${preview.counts.conflict} 项任务在模板导出后被办公室修改或另有填报。勾选“仍然导入”的以本文件为准，其余保持不变。`}
            />
          )}
          <Table<PreviewRow>
            rowKey="taskId"
            size="small"
            pagination={false}
            scroll={{ y: 460 }}
            dataSource={preview.rows}
            rowClassName={(row) => `import-row-${row.action}`}
            onRow={(row) => ({ 'data-code': row.code, 'data-action': row.action }) as HTMLAttributes<HTMLTableRowElement>}
            columns={[
              { title: '行', dataIndex: 'sheetRow', width: 56 },
              { title: '任务编号', dataIndex: 'code', width: 96 },
              { title: '任务', dataIndex: 'text', ellipsis: true },
              {
                title: '处理',
                width: 150,
                render: (_, row) => (
                  <Space orientation="vertical" size={2}>
                    <Tag color={ACTIONS[row.action].color}>{ACTIONS[row.action].label}</Tag>
                    {row.action === 'conflict' && (
                      <Checkbox
                        checked={overrides.includes(row.taskId)}
                        onChange={(event) => setOverrides((list) => (event.target.checked ? [...list, row.taskId] : list.filter((id) => id !== row.taskId)))}
                      >
                        仍然导入
                      </Checkbox>
                    )}
                  </Space>
                ),
              },
              {
                title: '变更内容',
                width: 420,
                render: (_, row) =>
                  row.changes.length === 0 ? (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ) : (
                    <ul className="import-changes">
                      {row.changes.map((change) => (
                        <li key={change.field}>
                          <b>{change.field}</b>：{change.before ? <del>{change.before.slice(0, 80)}</del> : <i>（空）</i>} → {change.after ? change.after.slice(0, 200) : <i>（空）</i>}
                        </li>
                      ))}
                    </ul>
                  ),
              },
              { title: '说明', dataIndex: 'reason', width: 260 },
            ]}
          />
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" onClick={confirm} loading={applyMutation.isPending} disabled={toRecord === 0}>
              确认导入（{toRecord} 项）
            </Button>
            <Button onClick={() => setPreview(null)}>取消</Button>
          </Space>
        </section>
      )}
    </Space>
  );
}
