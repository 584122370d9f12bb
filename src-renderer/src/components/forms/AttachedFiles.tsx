import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Space, Upload, type UploadFile } from 'antd';
import type { FileContent, FileRef } from '../../../../src-main/api/uploads';

/** Files travel as base64 in the JSON, in slices (String.fromCharCode takes so many arguments at once). */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function uploadsOf(files: UploadFile[]): Promise<{ name: string; contentBase64: string }[]> {
  return Promise.all(files.map(async (file) => ({ name: file.name, contentBase64: await fileToBase64(file.originFileObj as File) })));
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
      const bytes = Uint8Array.from(atob(file.contentBase64), (ch) => ch.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes]));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.name;
      link.click();
      URL.revokeObjectURL(url);
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
