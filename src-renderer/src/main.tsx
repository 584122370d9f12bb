import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHashRouter, RouterProvider } from 'react-router';
import { ApiProvider } from './api/ApiProvider';
import { ApiCallError, createApiClient, type Transport } from './api/client';
import { ProfileStore } from './api/profile';
import { httpTransport, ipcTransport, takeBrowserToken } from './api/transports';
import { RecoveryGate } from './components/backup/RecoveryGate';
import { PlanScopeProvider } from './plan-scope';
import { routes } from './routes';
import './styles.css';

// Date pickers name months and weekdays in Chinese (十二月, 一 二 三…), not "Dec" and "Mo".
dayjs.locale('zh-cn');

// The person this window or tab acts as; sent with every call.
const profiles = new ProfileStore(window.localStorage);

function pickTransport(): Transport | null {
  if (window.planDesk) return ipcTransport(window.planDesk, profiles);
  const token = takeBrowserToken(window.location, window.history, window.sessionStorage);
  return token ? httpTransport(token, profiles) : null;
}

const transport = pickTransport();
// The integrity check runs while the app already answers; should it find damage, calls are refused with RECOVERY_MODE
// and the recovery gate asks again, which then shows the recovery screen.
const askRecoveryAgain = (error: Error) => {
  if (error instanceof ApiCallError && error.code === 'RECOVERY_MODE') void queryClient.invalidateQueries({ queryKey: ['recovery.status'] });
};
const queryClient: QueryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
  queryCache: new QueryCache({ onError: askRecoveryAgain }),
  mutationCache: new MutationCache({ onError: askRecoveryAgain }),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { fontFamily: 'var(--app-font)' } }} button={{ autoInsertSpace: false }}>
      {/* Error messages explain what to fix; give people time to read them. */}
      <AntApp message={{ duration: 6, maxCount: 3 }}>
        {transport ? (
          <ApiProvider client={createApiClient(transport)} profiles={profiles}>
            <QueryClientProvider client={queryClient}>
              <RecoveryGate>
                <PlanScopeProvider>
                  <RouterProvider router={createHashRouter(routes)} />
                </PlanScopeProvider>
              </RecoveryGate>
            </QueryClientProvider>
          </ApiProvider>
        ) : (
          <Result
            status="403"
            title="缺少访问口令"
            subTitle="请使用启动规划督办台时命令行窗口中显示的完整地址（包含 ?token=…）打开本页面。"
          />
        )}
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
