import { describe, expect, it } from 'vitest';
import { parseServeArgs, ServeArgsError } from './serve-args';

describe('parseServeArgs', () => {
  it('defaults to a free port and the default data folder', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, dataDir: null, host: '127.0.0.1', today: null });
  });
  it('reads --port and --data-dir in both spellings', () => {
    expect(parseServeArgs(['--port', '4321', '--data-dir', '/tmp/规划数据'])).toEqual({ port: 4321, dataDir: '/tmp/规划数据', host: '127.0.0.1', today: null });
    expect(parseServeArgs(['--port=80', '--data-dir=D:\\数据'])).toEqual({ port: 80, dataDir: 'D:\\数据', host: '127.0.0.1', today: null });
  });
  it('refuses bad values and unknown flags with a Chinese message', () => {
    expect(() => parseServeArgs(['--port', 'abc'])).toThrow(/端口号/);
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(ServeArgsError);
    expect(() => parseServeArgs(['--data-dir'])).toThrow(/缺少取值/);
    expect(() => parseServeArgs(['--hots', '0.0.0.0'])).toThrow(/不认识的参数/);
  });

  it('listens elsewhere only when asked, and only on an IPv4 address, never a name', () => {
    expect(parseServeArgs(['--host', '0.0.0.0']).host).toBe('0.0.0.0');
    expect(parseServeArgs(['--host=192.168.1.20']).host).toBe('192.168.1.20');
    for (const host of ['localhost', 'plandesk.example', '192.168.1', '::', '0.0.0.0:80']) {
      expect(() => parseServeArgs(['--host', host])).toThrow(/只接受本机的 IPv4 地址/);
    }
    expect(() => parseServeArgs(['--host'])).toThrow(/缺少取值/);
  });

  it('fixes the app\'s date with --today, refusing a date that does not exist', () => {
    expect(parseServeArgs(['--today', '2026-12-07']).today).toBe('2026-12-07');
    expect(parseServeArgs(['--today=2024-02-29']).today).toBe('2024-02-29');
    for (const date of ['2025-02-29', '2026-13-01', '明天', '2026-1-7']) {
      expect(() => parseServeArgs(['--today', date])).toThrow(/--today 需要一个有效日期/);
    }
  });
});

describe('parseServeArgs: the shared server', () => {
  it('takes a fixed port when none is given, so the bookmarked address stays the same across restarts', () => {
    expect(parseServeArgs(['--shared'])).toMatchObject({ shared: true, port: 8080 });
    expect(parseServeArgs(['--shared', '--port', '9000']).port).toBe(9000);
  });
  it('reads --create-admin and the HTTPS files, and refuses them without --shared or one without the other', () => {
    expect(parseServeArgs(['--shared', '--create-admin', 'admin', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'])).toMatchObject({ createAdmin: 'admin', tlsCert: 'c.pem', tlsKey: 'k.pem' });
    expect(() => parseServeArgs(['--create-admin', 'admin'])).toThrow(/--shared/);
    expect(() => parseServeArgs(['--shared', '--tls-cert', 'c.pem'])).toThrow(/同时给出/);
    expect(() => parseServeArgs(['--shared', '--create-admin', '管理员'])).toThrow(/只能包含字母/);
  });
  it('reads --verify-audit', () => {
    expect(parseServeArgs(['--verify-audit', '--data-dir', 'd']).verifyAudit).toBe(true);
  });
  it('reads --database with a PostgreSQL address, only for the shared server, and never echoes a password it refuses', () => {
    expect(parseServeArgs(['--shared', '--database', 'postgres://plan@db.intranet/plandesk']).database).toBe('postgres://plan@db.intranet/plandesk');
    expect(() => parseServeArgs(['--database', 'postgres://plan@db/plandesk'])).toThrow(/--shared/);
    expect(() => parseServeArgs(['--shared', '--database', 'mysql://plan:secret@db/plandesk'])).toThrow(/PostgreSQL/);
    expect(() => parseServeArgs(['--shared', '--database', 'mysql://plan:secret@db/plandesk'])).not.toThrow(/secret/);
  });
  it('reads --import-sqlite only with the PostgreSQL database to fill', () => {
    expect(parseServeArgs(['--shared', '--database', 'postgres://plan@db/plandesk', '--import-sqlite', 'old.sqlite3']).importSqlite).toBe('old.sqlite3');
    expect(() => parseServeArgs(['--shared', '--import-sqlite', 'old.sqlite3'])).toThrow(/--database/);
  });
});
