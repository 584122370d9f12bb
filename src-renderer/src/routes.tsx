import { Navigate, type RouteObject } from 'react-router';
import { AppFrame } from './components/AppFrame';
import { MyTasksPage } from './pages/MyTasksPage';
import { PlanArea } from './pages/PlanArea';
import { PlanImportPage } from './pages/PlanImportPage';
import { PlanPage } from './pages/PlanPage';
import { ReportsPage } from './pages/ReportsPage';
import { RoundsPage } from './pages/RoundsPage';
import { SupervisionPage } from './pages/SupervisionPage';
import { TaskBreakdownPage } from './pages/TaskBreakdownPage';
import { TodoPage } from './pages/TodoPage';
import { SettingsPage } from './pages/SettingsPage';
import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { AssessmentPage } from './pages/AssessmentPage';
import { IndicatorsPage } from './pages/IndicatorsPage';

// 跟踪分析 carries ECharts; loading it on first visit keeps the initial bundle small.
const DashboardPage = lazy(() => import('./pages/DashboardPage'));

/** The app's areas, in the order the navigation shows them. Later work fills the placeholders. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppFrame />,
    children: [
      // Everyone opens the app to what is theirs to do (待办), in the desktop window and in browser mode alike.
      { index: true, element: <Navigate to="/todo" replace /> },
      { path: 'todo', element: <TodoPage /> },
      {
        path: 'plan',
        element: <PlanArea />,
        children: [
          { index: true, element: <PlanPage /> },
          { path: 'tasks', element: <TaskBreakdownPage /> },
          { path: 'import', element: <PlanImportPage /> },
        ],
      },
      {
        path: 'dashboard',
        element: (
          <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} description="正在加载图表…" />}>
            <DashboardPage />
          </Suspense>
        ),
      },
      { path: 'my-tasks', element: <MyTasksPage /> },
      { path: 'rounds', element: <RoundsPage /> },
      { path: 'supervision', element: <SupervisionPage /> },
      { path: 'indicators', element: <IndicatorsPage /> },
      { path: 'assessment', element: <AssessmentPage /> },
      { path: 'reports', element: <ReportsPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <Navigate to="/todo" replace /> },
    ],
  },
];
