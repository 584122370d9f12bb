import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Space, Upload, type UploadFile } from 'antd';
import type { FileContent, FileRef } from '../../../../src-main/api/uploads';
import { saveFile } from '../../hooks/excel.queries';
import { toBase64 } from '../../hooks/plan-import.queries';

export async function uploadsOf(files: UploadFile[]): Promise<{ name: string; contentBase64: string }[]> {
  return Promise.all(files.map(async (file) => ({ name: file.name, contentBase64: toBase64(new Uint8Array(await (file.originFileObj as File).arrayBuffer())) })));
}

/** Chooses files to send with a record; nothing is sent until the form is. */
export function FilePicker({ files, onChange, label }: { files: UploadFile[]; onChange: (files: UploadFile[]) => void; label: string }) {
  return (
    <Upload
      multiple
      fileList={files}
      beforeUpload={(file) => {
        onChange([...files, { uid: file.uid, name: file.name, size: file.size, originFileObj: file }]);
        return false;
      }}
      onRemove={(file) => onChange(files.filter((f) => f.uid !== file.uid))}
    >
      <Button icon={<UploadOutlined />}>{label}</Button>
    </Upload>
  );
}

/** Saves a kept file, read by its id, under its own name; a failed read shows its message. */
export function useFileDownload(read: (id: number) => Promise<FileContent>): (id: number) => Promise<void> {
  const { message } = App.useApp();
  return async (id: number) => {
    try {
      const file = await read(id);
      saveFile(file.name, file.contentBase64);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };
}

/** The files kept with a record, each a button that saves it under its own name. */
export function FileLinks({ files, read }: { files: FileRef[]; read: (id: number) => Promise<FileContent> }) {
  const download = useFileDownload(read);
  if (files.length === 0) return null;
  return (
    <Space size={2} wrap>
      {files.map((file) => (
        <Button key={file.id} size="small" type="link" icon={<PaperClipOutlined />} onClick={() => download(file.id)} aria-label={`下载 ${file.name}`}>
          {file.name}
        </Button>
      ))}
    </Space>
  );
}
