import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '../db/postgres-test-database';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { createAccount } from './accounts.service';
import { DEFAULT_POLICY } from './session-policy';
import { logIn } from './sessions';

/**
 * A good log-in's writes — the lock cleared, the session, the attempt and its 操作日志 row — commit as one (one fsync
 * while a room of officers logs in at once), so no session exists without its log row. A failed attempt's record is
 * kept although the log-in is refused. SQLite only: the single connection's call transaction groups the writes.
 */
describe.skipIf(testEngine() === 'postgres')('log-in writes', () => {
  const now = new Date('2025-06-30T02:00:00Z');
  let t: SeededDatabase;
  let password: string;
  const deps = () => ({ db: t.db, now: () => now, policy: DEFAULT_POLICY });
  const count = (table: string, where = '1') => (t.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;

  beforeEach(async () => {
    t = await createSeededDatabase();
    password = (await createAccount(t.db, now, { login: 'zhangsan', name: '张三', role: 'office', unitId: null })).initialPassword;
  });
  afterEach(() => t.dispose());

  it('a good log-in whose 操作日志 row cannot be written leaves no session and no recorded success behind', async () => {
    t.sqlite.exec(`CREATE TRIGGER refuse_login_row BEFORE INSERT ON audit_log WHEN NEW.channel = 'auth.login' AND NEW.outcome = 'ok' BEGIN SELECT RAISE(ABORT, 'log full'); END`);
    await expect(logIn(deps(), 'zhangsan', password, '10.0.0.8')).rejects.toThrow('log full');
    expect(count('sessions')).toBe(0);
    expect(count('login_attempts', 'ok = 1')).toBe(0);
  });

  it('a good log-in records its session, attempt and log row; a wrong password is still recorded when refused', async () => {
    await expect(logIn(deps(), 'zhangsan', 'wrong-password', '10.0.0.8')).rejects.toThrow('账号或密码不正确');
    expect([count('login_attempts', 'ok = 0'), count('audit_log', "channel = 'auth.login' AND outcome = 'failed'")]).toEqual([1, 1]);
    const { actor } = await logIn(deps(), 'zhangsan', password, '10.0.0.8');
    expect(actor.label).toContain('张三');
    expect([count('sessions'), count('login_attempts', 'ok = 1'), count('audit_log', "channel = 'auth.login' AND outcome = 'ok'")]).toEqual([1, 1, 1]);
  });
});
