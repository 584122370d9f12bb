import {
  AreaChartOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CheckSquareOutlined,
  FundOutlined,
  FileExcelOutlined,
  NotificationOutlined,
  PartitionOutlined,
  ScheduleOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { Badge, Layout, Menu, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAppInfo } from '../hooks/queries';
import { useTodo } from '../hooks/loop.queries';
import { useIdentity } from '../hooks/task.queries';
import { IdentityGate } from './IdentityGate';
import { PlanScopeSelect } from './PlanScopeSelect';
import { DueReminder } from './reminders/DueReminder';

const NAVIGATION = [
  { key: '/todo', icon: <BellOutlined />, label: '待办' },
  { key: '/plan', icon: <PartitionOutlined />, label: '规划任务' },
  { key: '/dashboard', icon: <AreaChartOutlined />, label: '跟踪分析' },
  { key: '/my-tasks', icon: <CheckSquareOutlined />, label: '我的任务' },
  { key: '/rounds', icon: <ScheduleOutlined />, label: '调度' },
  { key: '/supervision', icon: <NotificationOutlined />, label: '督办' },
  { key: '/indicators', icon: <FundOutlined />, label: '指标与项目' },
  { key: '/assessment', icon: <AuditOutlined />, label: '考核' },
  { key: '/reports', icon: <FileExcelOutlined />, label: '报表' },
  { key: '/settings', icon: <SettingOutlined />, label: '设置' },
];

export function AppFrame() {
  const location = useLocation();
  const navigate = useNavigate();
  const info = useAppInfo();
  const identity = useIdentity();
  const selected = NAVIGATION.find((item) => location.pathname.startsWith(item.key))?.key ?? '/todo';
  const todo = useTodo();
  // 待办 counts as badges: the whole list on 待办, and each area's share on its own entry.
  const badges: Record<string, number> = {
    '/todo': todo.data?.total ?? 0,
    '/rounds': todo.data?.byArea.rounds ?? 0,
    '/supervision': todo.data?.byArea.supervision ?? 0,
    '/my-tasks': todo.data?.byArea.tasks ?? 0,
  };
  const items = NAVIGATION.map((item) =>
    badges[item.key] ? { ...item, label: <Badge count={badges[item.key]} size="small" offset={[10, 0]} title={`${badges[item.key]} 项待办`}>{item.label}</Badge> } : item,
  );

  return (
    <Layout style={{ height: '100%' }}>
      <Layout.Sider width={188} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '18px 20px 12px', display: 'flex', alignItems: 'center', gap: 8 }}>
          <BarChartOutlined style={{ fontSize: 22, color: '#b22222' }} />
          <Typography.Title level={4} style={{ margin: 0, letterSpacing: 2 }}>
            规划督办台
          </Typography.Title>
        </div>
        <div style={{ padding: '0 12px 8px' }}>
          <PlanScopeSelect />
        </div>
        <nav aria-label="主导航">
          <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={({ key }) => navigate(key)} style={{ borderInlineEnd: 'none' }} />
        </nav>
        <div style={{ position: 'absolute', bottom: 12, left: 20, right: 12, fontSize: 12 }}>
          {/* Wrapped, never cut: a unit's full name (省区域融合发展领导小组办公室) and the officer's own. */}
          {identity.data?.unitName && (
            <div aria-label="当前身份" style={{ fontSize: 12, lineHeight: 1.5, wordBreak: 'break-all' }}>
              身份：{identity.data.unitName}
            </div>
          )}
          {identity.data?.person && (
            <div aria-label="经办人" style={{ fontSize: 12, lineHeight: 1.5, wordBreak: 'break-all', marginBottom: 2 }}>
              经办人：{identity.data.person}
            </div>
          )}
          {info.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {info.data.mode === 'browser' ? '浏览器模式' : '桌面版'} · v{info.data.version}
            </Typography.Text>
          )}
        </div>
      </Layout.Sider>
      {/* Focusable so that its scrolling works by keyboard (arrow keys, Page Down) as well as by mouse. */}
      <Layout.Content tabIndex={0} aria-label="页面内容" style={{ overflow: 'auto', background: '#f5f6f8' }}>
        <DueReminder />
        <Outlet />
      </Layout.Content>
      <IdentityGate />
    </Layout>
  );
}
