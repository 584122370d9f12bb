import { useMutation } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { CIRCULAR_BLOCK_LABELS, type CircularBlock } from '../../../../src-main/api/circulars.types';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { saveExportedFile } from '../../hooks/excel.queries';

/**
 * 起草调度情况通报: a closed round's circular in 公文 layout. The office gives its 发文字号, gets the draft, edits any of
 * its paragraphs (an emptied one is left out, a new one can follow any paragraph), then saves the .docx.
 */
export function RoundCircularButton({ roundId }: { roundId: number }) {
  const api = useApi();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [docNumber, setDocNumber] = useState('');
  const [blocks, setBlocks] = useState<CircularBlock[] | null>(null);
  const options = () => ({ roundId, ...(docNumber.trim() ? { docNumber: docNumber.trim() } : {}) });
  const draft = useMutation({
    mutationFn: () => api.call('circulars.roundDraft', options()),
    onSuccess: (result) => setBlocks(result.blocks),
    onError: (error) => message.error(error.message),
  });
  const save = useMutation({
    mutationFn: (edited: CircularBlock[]) => api.call('circulars.round', { ...options(), blocks: edited }),
    onSuccess: (file) => {
      saveExportedFile(file);
      message.success(`已生成 ${file.fileName}`);
      close();
    },
    onError: (error) => message.error(error.message),
  });
  const close = () => (setOpen(false), setBlocks(null));
  const edit = (index: number, text: string) => setBlocks((current) => current && current.map((b, i) => (i === index ? { ...b, text } : b)));
  const insertAfter = (index: number) => setBlocks((current) => current && [...current.slice(0, index + 1), { role: 'body', text: '' }, ...current.slice(index + 1)]);
  let bodyCount = 0;

  return (
    <>
      <Button onClick={() => setOpen(true)}>起草调度情况通报</Button>
      <Modal
        open={open}
        title="起草调度情况通报（Word）"
        width={860}
        okText={blocks ? '生成并保存' : '起草'}
        cancelText="取消"
        confirmLoading={draft.isPending || save.isPending}
        onOk={() => (blocks ? save.mutate(blocks) : draft.mutate())}
        onCancel={close}
        destroyOnHidden
      >
        {!blocks ? (
          <Form layout="vertical">
            <Form.Item label="发文字号" extra="如 晋区融办〔2026〕3号；不填时生成占位字号，起草后仍可修改。">
              <Input aria-label="发文字号" maxLength={40} value={docNumber} onChange={(e) => setDocNumber(e.target.value)} />
            </Form.Item>
            <Typography.Paragraph type="secondary">起草后可逐段修改通报的每一段文字，再生成 Word 文件。</Typography.Paragraph>
          </Form>
        ) : (
          <div aria-label="通报各段" role="group" style={{ maxHeight: '60vh', overflowY: 'auto', paddingRight: 8 }}>
            <Typography.Paragraph type="secondary">每一段都可修改；清空的段落不写入通报；“在下方加一段”可补充正文。</Typography.Paragraph>
            {blocks.map((block, index) => {
              const label = block.role === 'body' ? `正文第${++bodyCount}段` : CIRCULAR_BLOCK_LABELS[block.role];
              return (
                <div key={index} style={{ marginBottom: 10 }}>
                  <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                    <Typography.Text strong>{label}</Typography.Text>
                    <Button size="small" type="link" onClick={() => insertAfter(index)} aria-label={`在${label}下方加一段`}>
                      在下方加一段
                    </Button>
                  </Space>
                  <Input.TextArea aria-label={label} autoSize={{ minRows: 1, maxRows: 8 }} maxLength={4000} value={block.text} onChange={(e) => edit(index, e.target.value)} />
                </div>
              );
            })}
          </div>
        )}
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
