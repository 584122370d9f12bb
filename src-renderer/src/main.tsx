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
import { SessionGate } from './components/accounts/SessionGate';
import { PlanScopeProvider } from './plan-scope';
import { routes } from './routes';
import './styles.css';

/**
 * Text dark enough to read (WCAG AA, 4.5:1 on white and on the page's grey): antd's default greys (#8c8c8c,
 * #bfbfbf) and its primary blue (#1677ff, 4.1:1 under white text) fall below it, and the office reads these
 * screens all day. The primary is antd's own next shade of blue.
 */
const THEME = {
  token: {
    fontFamily: 'var(--app-font)',
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextQuaternary: '#6b6b6b',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6b6b6b',
  },
};

// Date pickers name months and weekdays in Chinese (十二月, 一 二 三…), not "Dec" and "Mo".
dayjs.locale('zh-cn');

// The person this window or tab acts as; sent with every call.
const profiles = new ProfileStore(window.localStorage);

function pickTransport(): Transport | null {
  if (window.planDesk) return ipcTransport(window.planDesk, profiles);
  const token = takeBrowserToken(window.location, window.history, window.sessionStorage);
  // Without a token: the shared server (log-in instead), or browser mode opened without the address's token, which
  // the session gate tells apart by asking app.info.
  return httpTransport(token, profiles);
}

const transport = pickTransport();
const tokenless = !window.planDesk && window.sessionStorage.getItem('plan-desk-token') === null;
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
    <ConfigProvider locale={zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      {/* Error messages explain what to fix; give people time to read them. */}
      <AntApp message={{ duration: 6, maxCount: 3 }}>
        {transport ? (
          <ApiProvider client={createApiClient(transport)} profiles={profiles}>
            <QueryClientProvider client={queryClient}>
              <RecoveryGate>
                <SessionGate tokenless={tokenless}>
                  <PlanScopeProvider>
                    <RouterProvider router={createHashRouter(routes)} />
                  </PlanScopeProvider>
                </SessionGate>
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
