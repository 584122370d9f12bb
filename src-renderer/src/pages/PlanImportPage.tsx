import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ColumnMapping, ImportPreview } from '../../../src-main/api/plan-import.types';
import { countPreview, unresolvedUnits } from '../../../src-main/api/plan-import.edits';
import { ImportColumnMapping } from '../components/ImportColumnMapping';
import { ImportPreviewEditor, type PreviewState } from '../components/ImportPreviewEditor';
import { toBase64, usePlanImportPreview, usePlanImportSave } from '../hooks/plan-import.queries';
import { usePlanScope } from '../plan-scope';

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * 导入规划: choose a .txt or .docx file, or a 分工表 / 台账 (.docx table or .xlsx), check and correct the recognised
 * structure, the columns of a table, the units and the text left out, then save it as a new plan. Nothing is written
 * before 确认导入.
 */
export function PlanImportPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { setPlanId } = usePlanScope();
  const preview = usePlanImportPreview();
  const save = usePlanImportSave();
  const [loaded, setLoaded] = useState<ImportPreview | null>(null);
  const [state, setState] = useState<PreviewState>({ chapters: [], leftovers: [] });
  const chapters = state.chapters;
  // The chosen file, to read again with the columns the office mapped.
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // Each file read starts a fresh editor: no selection, expansion or undo history carried over.
  const [previewRun, setPreviewRun] = useState(0);
  const [form] = Form.useForm<{ title: string; periodStart: number; periodEnd: number }>();

  const choose = async (file: File) => {
    setFileError(null);
    save.reset();
    if (file.size > MAX_BYTES) {
      setFileError(`文件“${file.name}”有 ${(file.size / 1024 / 1024).toFixed(1)} MB，超过 20 MB 的导入上限。`);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const chosen = { fileName: file.name, contentBase64: toBase64(bytes) };
    setFile(chosen);
    read(chosen);
  };

  const read = (input: { fileName: string; contentBase64: string; columns?: ColumnMapping }) =>
    preview.mutate(input, {
      onSuccess: (result) => {
        setLoaded(result);
        setState({ chapters: result.chapters, leftovers: result.leftovers });
        setPreviewRun((run) => run + 1);
        form.setFieldsValue({ title: result.title, periodStart: result.periodStart ?? undefined, periodEnd: result.periodEnd ?? undefined });
      },
      onError: (error) => {
        setLoaded(null);
        setFileError(error.message);
      },
    });

  const confirm = async () => {
    if (!loaded) return;
    const fields = await form.validateFields();
    save.mutate(
      { preview: { ...loaded, chapters, leftovers: state.leftovers }, ...fields },
      {
        onSuccess: (result) => {
          message.success(
            `已导入《${fields.title}》：${result.counts.chapters} 章、${result.counts.measures} 项措施、${result.counts.tasks} 项任务` +
              (result.assignedTasks > 0 ? `，其中 ${result.assignedTasks} 项已按文件分配单位或时限` : ''),
          );
          setPlanId(result.planId);
          navigate('/plan');
        },
      },
    );
  };

  const counts = countPreview(chapters);
  const openUnits = unresolvedUnits(chapters).length;
  return (
    <div style={{ padding: 20 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              导入规划
            </Typography.Title>
            <Button onClick={() => navigate('/plan')}>返回规划文本</Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {'选择规划或实施方案的 Word 文档（.docx）、文本文件（.txt，UTF-8 或 GBK 编码均可），或任务分工表、台账（Word 表格或 Excel .xlsx）。程序识别章、节、措施和任务，以及文件中写明的牵头、配合单位和完成时限；没有归入结构的文字列在“未导入的文字”中。核对、修改无误后点“确认导入”才会保存。'}
          </Typography.Paragraph>
        </Card>

        <Card size="small">
          <Upload.Dragger
            accept=".txt,.docx,.xlsx,.doc,.wps"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void choose(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或把文件拖到这里，选择要导入的规划</p>
            <p className="ant-upload-hint">支持 .docx、.txt 和 .xlsx，单个文件不超过 20 MB</p>
          </Upload.Dragger>
          {preview.isPending && (
            <Space style={{ marginTop: 12 }}>
              <Spin size="small" /> 正在识别文件结构…
            </Space>
          )}
          {fileError && <Alert style={{ marginTop: 12 }} type="error" showIcon title="无法导入该文件" description={fileError} role="alert" />}
        </Card>

        {loaded && (
          <>
            <Card size="small" title={`识别结果：${loaded.source.fileName}`}>
              <Form form={form} layout="inline" style={{ rowGap: 8 }}>
                <Form.Item label="规划名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写规划名称' }]} style={{ minWidth: 480, flex: 1 }}>
                  <Input aria-label="规划名称" maxLength={200} />
                </Form.Item>
                <Form.Item label="规划期" required>
                  <Space.Compact>
                    <Form.Item name="periodStart" noStyle rules={[{ required: true, message: '请填写开始年份' }]}>
                      <InputNumber aria-label="开始年份" min={2000} max={2100} precision={0} style={{ width: 96 }} />
                    </Form.Item>
                    <Form.Item name="periodEnd" noStyle rules={[{ required: true, message: '请填写结束年份' }]}>
                      <InputNumber aria-label="结束年份" min={2000} max={2100} precision={0} style={{ width: 96 }} />
                    </Form.Item>
                  </Space.Compact>
                </Form.Item>
              </Form>
              <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
                {loaded.source.format === 'docx' ? 'Word 文档' : loaded.source.format === 'xlsx' ? 'Excel 工作簿' : `文本文件（${loaded.source.encoding}）`} · 层级识别：
                {loaded.levels.join('；')}
              </Typography.Paragraph>
              {loaded.warnings.length > 0 && (
                <Alert
                  style={{ marginTop: 8 }}
                  type="warning"
                  showIcon
                  title={`请核对（${loaded.warnings.length} 条提示）`}
                  description={
                    <ul aria-label="导入提示" style={{ margin: 0, paddingInlineStart: 18, maxHeight: 120, overflow: 'auto' }}>
                      {loaded.warnings.map((warning, index) => (
                        <li key={index}>{warning}</li>
                      ))}
                    </ul>
                  }
                />
              )}
            </Card>

            {loaded.table && file && (
              <ImportColumnMapping key={previewRun} table={loaded.table} pending={preview.isPending} onApply={(columns) => read({ ...file, columns })} />
            )}

            <ImportPreviewEditor key={previewRun} state={state} onChange={setState} />

            <Card size="small">
              <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                <Typography.Text>
                  将新增一部规划：{counts.chapters} 章、{counts.sections} 节、{counts.measures} 项措施、{counts.tasks} 项任务
                  {counts.proposals > 0 ? `，${counts.proposals} 项任务按文件分配单位或时限` : ''}。
                  {openUnits > 0 && <Typography.Text type="warning">{` 还有 ${openUnits} 个单位不在名单中，请先处理。`}</Typography.Text>}
                </Typography.Text>
                <Space>
                  <Button
                    onClick={() => {
                      setLoaded(null);
                      setState({ chapters: [], leftovers: [] });
                    }}
                  >
                    放弃
                  </Button>
                  <Button type="primary" loading={save.isPending} onClick={() => void confirm()} disabled={counts.chapters === 0 || openUnits > 0}>
                    确认导入
                  </Button>
                </Space>
              </Space>
              {save.error && <Alert style={{ marginTop: 12 }} type="error" showIcon title="保存失败，没有写入任何内容" description={save.error.message} role="alert" />}
            </Card>
          </>
        )}
      </Space>
    </div>
  );
}
