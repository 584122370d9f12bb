import { Alert, Badge, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { TODO_KIND_LABELS, type TodoItem, type TodoTarget } from '../../../src-main/api/todo.types';
import { QueryError } from '../components/QueryError';
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
      case 'extension':
      case 'task':
        return setOpenTaskId(target.taskId);
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
        <Card size="small">
          <List<TodoItem>
            aria-label="待办事项"
            loading={todo.isLoading}
            dataSource={items}
            locale={{ emptyText: '没有待办事项' }}
            renderItem={(item) => (
              <List.Item
                style={{ cursor: 'pointer' }}
                onClick={() => open(item.target)}
                onKeyDown={(event) => event.key === 'Enter' && open(item.target)}
                tabIndex={0}
                role="button"
                aria-label={`待办：${item.title}`}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag color={item.overdue ? 'error' : 'processing'}>{TODO_KIND_LABELS[item.kind]}</Tag>
                      <span>{item.title}</span>
                      {item.overdue && <Tag color="error">已逾期</Tag>}
                    </Space>
                  }
                  description={item.detail}
                />
                {item.due && <span style={{ whiteSpace: 'nowrap' }}>期限 {item.due}</span>}
              </List.Item>
            )}
          />
        </Card>
      </Space>
      <TaskDrawer taskId={openTaskId} identity={identity.data} onClose={() => setOpenTaskId(null)} />
    </div>
  );
}
