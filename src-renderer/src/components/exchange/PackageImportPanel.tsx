import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Descriptions, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { PackageApplyResult, PackageKind, PackagePreview, PackagePreviewLine } from '../../../../src-main/api/exchange-packages.types';
import { PACKAGE_KIND_NAMES } from '../../../../src-main/api/exchange-packages.types';
import { useApplyPackage, usePreviewPackage } from '../../hooks/exchange.queries';
import { toBase64 } from '../../hooks/plan-import.queries';

const ACTIONS: Record<PackagePreviewLine['action'], { label: string; color: string }> = {
  new: { label: '新增', color: 'blue' },
  update: { label: '更新', color: 'cyan' },
  unchanged: { label: '已有', color: 'default' },
  conflict: { label: '冲突', color: 'orange' },
  blocked: { label: '不导入', color: 'red' },
};

interface Chosen {
  fileName: string;
  contentBase64: string;
}

/**
 * 导入下发包 / 导入上报包: the package is checked in full (signature, every file's hash, sender, order) and previewed
 * record by record; nothing is written until 确认导入, and then all of it at once. A key seen for the first time is
 * taken only after the person confirms its fingerprint, read with the other side over the phone.
 */
export function PackageImportPanel({ kind, onApplied }: { kind: PackageKind; onApplied?: (result: PackageApplyResult, preview: PackagePreview) => void }) {
  const { message } = App.useApp();
  const previewMutation = usePreviewPackage(kind);
  const applyMutation = useApplyPackage(kind);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [preview, setPreview] = useState<PackagePreview | null>(null);
  const [trusted, setTrusted] = useState(false);
  const [acceptGap, setAcceptGap] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = PACKAGE_KIND_NAMES[kind];

  const choose = async (file: File) => {
    setPreview(null);
    setError(null);
    setTrusted(false);
    setAcceptGap(false);
    const upload = { fileName: file.name, contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())) };
    setChosen(upload);
    previewMutation.mutate(upload, { onSuccess: setPreview, onError: (failure) => setError(failure.message) });
  };

  const confirm = () => {
    if (!chosen || !preview) return;
    applyMutation.mutate(
      { ...chosen, acceptGap, ...(preview.needsTrust ? { confirmFingerprint: preview.sender.fingerprint } : {}) },
      {
        onSuccess: (result) => {
          void message.success(result.unchanged ? `${name}此前已导入，没有改动。` : `已导入第 ${result.seq} 号${name}。`);
          onApplied?.(result, preview);
          setPreview(null);
          setChosen(null);
        },
        onError: (failure) => setError(failure.message),
      },
    );
  };

  const blocked = preview !== null && ((preview.needsTrust && !trusted) || (preview.gap !== null && !acceptGap));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Upload.Dragger
        accept=".zip"
        multiple={false}
        showUploadList={false}
        beforeUpload={(file) => {
          void choose(file);
          return false;
        }}
        aria-label={`选择${name}`}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖入{name}（.zip）</p>
        <p className="ant-upload-hint">先核对签名和每个文件的校验值并预览，确认后才写入。</p>
      </Upload.Dragger>
      {previewMutation.isPending && <Alert type="info" showIcon title={`正在检查“${chosen?.fileName ?? ''}”……`} />}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={`${name}未导入，数据没有改动`}
          description={<div style={{ whiteSpace: 'pre-wrap' }}>{error}</div>}
          closable={{ onClose: () => setError(null) }}
        />
      )}
      {preview && (
        <section aria-label={`${name}预览`}>
          <Descriptions size="small" bordered column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="文件">{preview.fileName}</Descriptions.Item>
            <Descriptions.Item label="编号">
              第 {preview.seq} 号{preview.seqFrom < preview.seq && kind === 'report' ? `（含第 ${preview.seqFrom}–${preview.seq} 号的内容）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="发出方">{preview.sender.unitName}</Descriptions.Item>
            <Descriptions.Item label="单位">{preview.unitName}</Descriptions.Item>
            <Descriptions.Item label="生成时间">{new Date(preview.createdAt).toLocaleString('zh-CN')}</Descriptions.Item>
            <Descriptions.Item label="发出方密钥指纹">
              <Typography.Text code data-testid="sender-fingerprint">
                {preview.sender.fingerprint}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {preview.stale && <Alert type="info" showIcon title={preview.stale} style={{ marginBottom: 8 }} />}
          {preview.needsTrust && !preview.stale && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={`首次收到${preview.sender.role === 'office' ? '领导小组办公室' : `“${preview.sender.unitName}”`}这台电脑的包`}
              description={
                <Checkbox checked={trusted} onChange={(event) => setTrusted(event.target.checked)}>
                  已与对方电话核对，对方“设置 → 交换包”中的本机指纹与上面的发出方密钥指纹完全一致
                </Checkbox>
              }
            />
          )}
          {preview.gap && !preview.stale && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={`${preview.gap}。可以先导入缺少的包。`}
              description={
                <Checkbox checked={acceptGap} onChange={(event) => setAcceptGap(event.target.checked)}>
                  不再补缺少的包，仍然导入（缺号记录在案）
                </Checkbox>
              }
            />
          )}
          {!preview.stale && (
            <>
              <Typography.Paragraph>
                新增 {preview.counts.new} · 更新 {preview.counts.update} · 已有 {preview.counts.unchanged} · 冲突 {preview.counts.conflict} · 不导入 {preview.counts.blocked}
              </Typography.Paragraph>
              <Table<PackagePreviewLine>
                rowKey={(line) => `${line.what}-${line.subject}-${line.note}`}
                size="small"
                pagination={false}
                scroll={{ y: 420 }}
                dataSource={preview.lines}
                columns={[
                  { title: '内容', dataIndex: 'what', width: 90 },
                  { title: '对象', dataIndex: 'subject', ellipsis: true },
                  { title: '处理', dataIndex: 'action', width: 90, render: (action: PackagePreviewLine['action']) => <Tag color={ACTIONS[action].color}>{ACTIONS[action].label}</Tag> },
                  { title: '说明', dataIndex: 'note', ellipsis: true },
                ]}
              />
            </>
          )}
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" onClick={confirm} disabled={blocked} loading={applyMutation.isPending}>
              {preview.stale ? '知道了' : '确认导入'}
            </Button>
            <Button onClick={() => (setPreview(null), setChosen(null))}>取消</Button>
          </Space>
        </section>
      )}
    </Space>
  );
}
