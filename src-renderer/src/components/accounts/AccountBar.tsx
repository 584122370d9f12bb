import { Button, Drawer, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { ROLE_NAMES } from '../../../../src-main/api/access';
import type { Identity } from '../../../../src-main/api/tasks.types';
import { logOut } from '../../api/session';
import { AccountsPanel } from './AccountsPanel';
import { AuditPanel } from './AuditPanel';
import { PasswordChange } from './PasswordChange';

/** Who is logged in, and what an account does about itself: 修改密码, 退出登录; the admin's and the office's panels. */
export function AccountBar({ identity, onLoggedOut }: { identity: Identity; onLoggedOut: () => void }) {
  const [open, setOpen] = useState<'password' | 'accounts' | 'audit' | null>(null);
  const role = identity.role;
  return (
    <>
      <div className="account-bar" style={{ position: 'fixed', top: 8, right: 16, zIndex: 1000, background: '#fff', padding: '4px 12px', borderRadius: 6, boxShadow: '0 1px 4px rgba(0,0,0,.15)' }}>
        <Space size="small">
          <Typography.Text data-testid="account-who">
            {identity.unitName}（{identity.person}）· {role ? ROLE_NAMES[role] : ''}
          </Typography.Text>
          {role === 'admin' && (
            <Button size="small" onClick={() => setOpen('accounts')}>
              账号管理
            </Button>
          )}
          {(role === 'admin' || role === 'office') && (
            <Button size="small" onClick={() => setOpen('audit')}>
              操作日志
            </Button>
          )}
          <Button size="small" onClick={() => setOpen('password')}>
            修改密码
          </Button>
          <Button
            size="small"
            onClick={async () => {
              await logOut();
              onLoggedOut();
            }}
          >
            退出登录
          </Button>
        </Space>
      </div>
      <Modal open={open === 'password'} title="修改密码" footer={null} onCancel={() => setOpen(null)} destroyOnHidden>
        <PasswordChange onDone={() => setOpen(null)} />
      </Modal>
      <Drawer open={open === 'accounts'} title="账号管理" width={1000} onClose={() => setOpen(null)} destroyOnHidden>
        <AccountsPanel />
      </Drawer>
      <Drawer open={open === 'audit'} title="操作日志" width={1100} onClose={() => setOpen(null)} destroyOnHidden>
        <AuditPanel />
      </Drawer>
    </>
  );
}
