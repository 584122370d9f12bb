import { Navigate, type RouteObject } from 'react-router';
import { AppFrame } from './components/AppFrame';
import { AreaPlaceholder } from './pages/AreaPlaceholder';
import { MyTasksPage } from './pages/MyTasksPage';
import { PlanArea } from './pages/PlanArea';
import { PlanImportPage } from './pages/PlanImportPage';
import { PlanPage } from './pages/PlanPage';
import { RoundsPage } from './pages/RoundsPage';
import { SupervisionPage } from './pages/SupervisionPage';
import { TaskBreakdownPage } from './pages/TaskBreakdownPage';
import { SettingsPage } from './pages/SettingsPage';

/** The app's areas, in the order the navigation shows them. Later work fills the placeholders. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppFrame />,
    children: [
      { index: true, element: <Navigate to="/plan" replace /> },
      {
        path: 'plan',
        element: <PlanArea />,
        children: [
          { index: true, element: <PlanPage /> },
          { path: 'tasks', element: <TaskBreakdownPage /> },
          { path: 'import', element: <PlanImportPage /> },
        ],
      },
      { path: 'my-tasks', element: <MyTasksPage /> },
      { path: 'rounds', element: <RoundsPage /> },
      { path: 'supervision', element: <SupervisionPage /> },
      {
        path: 'assessment',
        element: <AreaPlaceholder title="考核" description="按年度对各单位考核评分、排名，并说明每一项得分与扣分的依据。" />,
      },
      {
        path: 'reports',
        element: <AreaPlaceholder title="报表" description="任务分解表、进展情况表、汇总表、预警清单等 Excel 报表，以及填报模板的导出与导入。" />,
      },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <Navigate to="/plan" replace /> },
    ],
  },
];
