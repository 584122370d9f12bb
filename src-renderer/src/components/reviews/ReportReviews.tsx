import { App, Button, Card, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { REVIEW_STATE_LABELS, type ReportReviewRow, type ReviewState } from '../../../../src-main/api/reviews.types';
import type { Identity } from '../../../../src-main/api/tasks.types';
import { useReportReviews } from '../../hooks/review.queries';
import { useChannelMutation } from '../../hooks/task.queries';
import { QueryError } from '../QueryError';

const STATE_COLORS: Record<ReviewState, string> = { pending: 'processing', approved: 'success', returned: 'warning' };

/**
 * 本单位填报审核: for a unit with a 单位审核人, the reports its fillers sent that wait for review (the reviewer approves
 * or returns them here), and what became of them (the filler reads a return's reason here). Shown only to unit accounts;
 * empty, it shows nothing, so units without a reviewer never see it.
 */
export function ReportReviews({ identity }: { identity: Identity }) {
  const { message } = App.useApp();
  const unitAccount = identity.role === 'unit' || identity.role === 'reviewer';
  const reviews = useReportReviews(unitAccount);
  const approve = useChannelMutation('reviews.approve');
  const sendBack = useChannelMutation('reviews.return');
  const [returning, setReturning] = useState<ReportReviewRow | null>(null);
  const [reason, setReason] = useState('');
  const isReviewer = identity.role === 'reviewer';

  if (!unitAccount || (reviews.data?.length ?? 0) === 0) return reviews.error ? <QueryError error={reviews.error} /> : null;

  const onApprove = (row: ReportReviewRow) =>
    approve.mutateAsync({ id: row.id }).then(
      () => message.success(`任务 ${row.taskCode} 的填报已审核通过，已报送办公室`),
      (error: Error) => message.error(error.message),
    );
  const onReturn = () =>
    sendBack.mutateAsync({ id: returning!.id, reason }).then(
      () => {
        message.success(`任务 ${returning!.taskCode} 的填报已退回`);
        setReturning(null);
        setReason('');
      },
      (error: Error) => message.error(error.message),
    );

  return (
    <Card size="small" title="本单位填报审核">
      <List<ReportReviewRow>
        aria-label="本单位填报审核"
        dataSource={reviews.data}
        renderItem={(row) => (
          <List.Item
            data-review-id={row.id}
            actions={
              isReviewer && row.state === 'pending'
                ? [
                    <Button key="approve" type="primary" size="small" loading={approve.isPending} onClick={() => void onApprove(row)}>
                      审核通过
                    </Button>,
                    <Button key="return" size="small" onClick={() => setReturning(row)}>
                      退回
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color={STATE_COLORS[row.state]}>{REVIEW_STATE_LABELS[row.state]}</Tag>
                  <span>
                    {row.taskCode} {row.taskText}
                  </span>
                </Space>
              }
              description={
                <Space orientation="vertical" size={2}>
                  <span>
                    {row.submittedBy} 于 {new Date(row.submittedAt).toLocaleString('zh-CN')} 提交：{row.status}，{row.percent}%
                  </span>
                  {row.progress && <Typography.Text type="secondary">本期进展：{row.progress}</Typography.Text>}
                  {row.attachmentNames.length > 0 && <Typography.Text type="secondary">佐证材料：{row.attachmentNames.join('、')}</Typography.Text>}
                  {row.state === 'returned' && <Typography.Text type="warning">退回原因：{row.returnReason}（{row.reviewedBy}），请修改后重新提交。</Typography.Text>}
                  {row.state === 'approved' && <Typography.Text type="success">{row.reviewedBy} 已审核通过，已报送办公室。</Typography.Text>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        title={returning ? `退回任务 ${returning.taskCode} 的填报` : '退回'}
        open={returning !== null}
        okText="确认退回"
        okButtonProps={{ disabled: reason.trim().length === 0, loading: sendBack.isPending }}
        onOk={() => void onReturn()}
        onCancel={() => setReturning(null)}
      >
        <Input.TextArea aria-label="退回原因" placeholder="请写明需要修改或补充的内容" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </Modal>
    </Card>
  );
}
