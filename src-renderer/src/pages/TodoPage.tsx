import { Alert, Badge, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { TODO_KIND_LABELS, type TodoItem, type TodoTarget } from '../../../src-main/api/todo.types';
import { QueryError } from '../components/QueryError';
import { ReportReviews } from '../components/reviews/ReportReviews';
import { TaskDrawer } from '../components/task-drawer/TaskDrawer';
import { useTodo } from '../hooks/loop.queries';
import { useIdentity } from '../hooks/task.queries';

/** 待办: what is this person's to do; each item opens its record (a round, a notice, a task, a problem). */
export function TodoPage() {
  const todo = useTodo();
  const identity = useIdentity();
  const navigate = useNavigate();
  const [openTaskId, setOpenTaskId] = useState<number | null>(null);

  const open = (target: TodoTarget) => {
    switch (target.kind) {
      case 'round':
        return navigate(`/rounds?roundId=${target.roundId}`);
      case 'notice':
        return navigate(`/supervision?tab=notices&noticeId=${target.noticeId}`);
      case 'problem':
        return navigate('/supervision?tab=major');
      case 'instruction':
        return navigate('/supervision?tab=instructions');
      case 'extension':
      case 'task':
        return setOpenTaskId(target.taskId);
      case 'review':
        // The report waits in 本单位填报审核 above, where it is approved or returned.
        return document.querySelector(`[data-review-id="${target.reviewId}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  };

  const items = todo.data?.items ?? [];
  return (
    <div style={{ padding: 20 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          待办 <Badge count={todo.data?.total ?? 0} showZero color={items.some((i) => i.overdue) ? '#cf1322' : '#1677ff'} />
        </Typography.Title>
        {todo.error && <QueryError error={todo.error} />}
        {identity.data && identity.data.role !== 'office' && identity.data.role !== 'unit' && identity.data.role !== 'reviewer' && (
          <Alert type="info" showIcon title="待办列出办公室和各单位要办理的事项；当前身份没有需要办理的事项。" />
        )}
        {identity.data && <ReportReviews identity={identity.data} />}
        <Card size="small">
          <List<TodoItem>
            aria-label="待办事项"
            loading={todo.isLoading}
            dataSource={items}
            locale={{ emptyText: '没有待办事项' }}
            renderItem={(item) => (
              <List.Item extra={item.due && <span style={{ whiteSpace: 'nowrap' }}>期限 {item.due}</span>}>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag color={item.overdue ? 'error' : undefined}>{TODO_KIND_LABELS[item.kind]}</Tag>
                      {/* The title opens the record: a real button, so Enter and screen readers work as on any link. */}
                      <Button type="link" onClick={() => open(item.target)} style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}>
                        {item.title}
                      </Button>
                      {item.overdue && <Tag color="error">已逾期</Tag>}
                    </Space>
                  }
                  description={item.detail}
                />
              </List.Item>
            )}
          />
        </Card>
      </Space>
      <TaskDrawer taskId={openTaskId} identity={identity.data} onClose={() => setOpenTaskId(null)} />
    </div>
  );
}
