import { Tabs } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';

/** 规划任务: the plan's text and its breakdown into tasks, as two tabs. */
export function PlanArea() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <div>
      <div style={{ padding: '8px 20px 0', background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        <Tabs
          activeKey={location.pathname.startsWith('/plan/tasks') ? 'tasks' : 'text'}
          onChange={(key) => navigate(key === 'tasks' ? '/plan/tasks' : '/plan')}
          items={[
            { key: 'text', label: '规划文本' },
            { key: 'tasks', label: '任务分解' },
          ]}
          style={{ marginBottom: 0 }}
        />
      </div>
      <Outlet />
    </div>
  );
}
