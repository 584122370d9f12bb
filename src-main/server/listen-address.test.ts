import { describe, expect, it } from 'vitest';
import { planListen } from './listen-address';

describe('planListen', () => {
  it('by default binds to 127.0.0.1 with no extra host names and no warning', () => {
    expect(planListen('127.0.0.1', ['192.168.1.20'])).toEqual({
      host: '127.0.0.1',
      extraHostNames: [],
      addresses: ['127.0.0.1'],
      warning: null,
    });
  });

  it('for 0.0.0.0 accepts this PC’s addresses as Host, prints the loopback address first, and warns', () => {
    const plan = planListen('0.0.0.0', ['192.168.1.20', '10.0.0.5']);
    expect(plan.extraHostNames).toEqual(['192.168.1.20', '10.0.0.5']);
    expect(plan.addresses).toEqual(['127.0.0.1', '192.168.1.20', '10.0.0.5']);
    expect(plan.warning).toMatch(/警告.*其他电脑可以连接/su);
    expect(plan.warning).toContain('访问口令');
  });

  it('for one address accepts just that one', () => {
    const plan = planListen('192.168.1.20', ['192.168.1.20', '10.0.0.5']);
    expect(plan).toMatchObject({ host: '192.168.1.20', extraHostNames: ['192.168.1.20'], addresses: ['192.168.1.20'] });
    expect(plan.warning).toContain('192.168.1.20');
  });

  it('on the shared server speaks of accounts, not of a token the shared server does not have', () => {
    const plan = planListen('0.0.0.0', ['192.168.1.20'], { shared: true });
    expect(plan.addresses).toEqual(['127.0.0.1', '192.168.1.20']);
    expect(plan.warning).toMatch(/共享服务器.*其他电脑可以连接/su);
    expect(plan.warning).toContain('账号登录');
    expect(plan.warning).not.toMatch(/口令|token/u);
  });
});
