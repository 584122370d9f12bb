import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { saveExportedFile } from '../../hooks/excel.queries';

interface CircularValues {
  docNumber: string;
  requirements: string;
}

/** 起草调度情况通报: a closed round's circular as a .docx in 公文 layout, with the office's 发文字号 and 下步工作要求. */
export function RoundCircularButton({ roundId }: { roundId: number }) {
  const api = useApi();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CircularValues>();
  const draft = useMutation({
    mutationFn: (values: CircularValues) =>
      api.call('circulars.round', {
        roundId,
        ...(values.docNumber?.trim() ? { docNumber: values.docNumber.trim() } : {}),
        ...(values.requirements?.trim() ? { requirements: values.requirements.split(/\n+/u).map((line) => line.trim()).filter(Boolean) } : {}),
      }),
    onSuccess: (file) => {
      saveExportedFile(file);
      message.success(`已生成 ${file.fileName}`);
      setOpen(false);
    },
    onError: (error) => message.error(error.message),
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>起草调度情况通报</Button>
      <Modal
        open={open}
        title="起草调度情况通报（Word）"
        okText="生成并保存"
        cancelText="取消"
        confirmLoading={draft.isPending}
        onOk={() => form.validateFields().then((values) => draft.mutate(values))}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="docNumber" label="发文字号" extra="如 晋区融办〔2026〕3号；不填时生成占位字号，可在 Word 中修改。">
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="requirements" label="下步工作要求" extra="每行一段；不填时使用通用要求。">
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 督办通知单: the notice as the one page the office prints, seals and sends (.docx). */
export function NoticeFormButton({ noticeId }: { noticeId: number }) {
  const api = useApi();
  const { message } = App.useApp();
  const print = useMutation({
    mutationFn: () => api.call('circulars.notice', { noticeId }),
    onSuccess: (file) => (saveExportedFile(file), message.success(`已生成 ${file.fileName}`)),
    onError: (error) => message.error(error.message),
  });
  return (
    <Button size="small" loading={print.isPending} onClick={() => print.mutate()}>
      打印督办通知单
    </Button>
  );
}
