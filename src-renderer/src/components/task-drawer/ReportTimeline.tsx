import { PaperClipOutlined } from '@ant-design/icons';
import { Button, Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { TaskDetail } from '../../../../src-main/api/tasks.types';
import { useApi } from '../../api/ApiProvider';
import { useFileDownload } from '../forms/AttachedFiles';
import { RecordInstructionButton } from '../instructions/RecordInstructionButton';
import { STATUS_COLORS } from '../TaskTable';
import { chinaDateOf } from '../../../../src-main/api/china-date';

/** Every report ever filed on the task, newest first, with who, which unit, when and from where. */
export function ReportTimeline({ task }: { task: TaskDetail }) {
  const api = useApi();
  const download = useFileDownload((id) => api.call('attachments.read', { id }));
  if (task.reports.length === 0) return <Empty description="尚无进展记录" />;

  return (
    <Timeline
      aria-label="进展记录"
      items={task.reports.map((report) => ({
        children: (
          <Space orientation="vertical" size={4} style={{ width: '100%' }} data-report-id={report.id}>
            <Space wrap>
              <Typography.Text strong>{new Date(report.createdAt).toLocaleString('zh-CN')}</Typography.Text>
              <span>{report.reporter}</span>
              <Tag color={STATUS_COLORS[report.status]}>{report.status}</Tag>
              <span>完成 {report.percent}%</span>
              <Tag>{report.source === 'import' ? `导入：${report.sourceRef ?? ''}` : '直接填报'}</Tag>
              <RecordInstructionButton
                preset={{ target: 'report', targetId: report.id, label: `${report.unitName} ${chinaDateOf(report.createdAt)} ${report.status} ${report.percent}%：${report.progress.slice(0, 30)}` }}
              />
            </Space>
            <Descriptions column={1} size="small">
              {report.progress && <Descriptions.Item label="本期进展">{report.progress}</Descriptions.Item>}
              {report.problems && <Descriptions.Item label="存在问题">{report.problems}</Descriptions.Item>}
              {report.nextSteps && <Descriptions.Item label="下步打算">{report.nextSteps}</Descriptions.Item>}
              {report.coordination && <Descriptions.Item label="需协调事项">{report.coordination}</Descriptions.Item>}
            </Descriptions>
            {report.attachments.map((attachment) => (
              <Button key={attachment.id} type="link" size="small" icon={<PaperClipOutlined />} onClick={() => void download(attachment.id)}>
                {attachment.originalName}（{(attachment.size / 1024).toFixed(1)} KB）
              </Button>
            ))}
          </Space>
        ),
      }))}
    />
  );
}
