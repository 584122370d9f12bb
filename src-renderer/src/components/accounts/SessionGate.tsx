import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useApi } from '../../api/ApiProvider';
import { AccountBar } from './AccountBar';
import { LoginPage } from './LoginPage';
import { PasswordChange } from './PasswordChange';

/**
 * The shared server's door in the page: nobody logged in → 登录; a password someone else chose → 修改密码 first;
 * otherwise the app, with the account bar (who is logged in, 修改密码, 退出登录, and for the admin and the office
 * 账号管理 and 操作日志). In the single-seat modes it shows the app as it is, or, in browser mode opened without the
 * address's token, says so.
 */
export function SessionGate({ tokenless, children }: { tokenless: boolean; children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api.call('app.info', {}) });
  const shared = info.data?.shared === true;
  const identity = useQuery({ queryKey: ['identity.get'], queryFn: () => api.call('identity.get', {}), enabled: shared });

  if (info.isPending || (shared && identity.isPending)) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
  if (!shared) {
    if (tokenless) {
      return <Result status="403" title="缺少访问口令" subTitle="请使用启动规划督办台时命令行窗口中显示的完整地址（包含 ?token=…）打开本页面。" />;
    }
    return <>{children}</>;
  }
  const refresh = () => queryClient.resetQueries();
  if (!identity.data || identity.data.role === null) return <LoginPage onLoggedIn={refresh} />;
  if (identity.data.account?.mustChangePassword) return <PasswordChange forced onDone={refresh} />;
  return (
    <>
      <AccountBar identity={identity.data} onLoggedOut={refresh} />
      {children}
    </>
  );
}
