import { isoDate } from '../api/channel-def';
import { isListenHost, LOOPBACK } from './listen-address';

/** Command-line options of browser mode. Pure, so the rules are tested without starting anything. */

export interface ServeArgs {
  port: number;
  dataDir: string | null;
  /** 127.0.0.1 unless the user asks for another address with --host (see listen-address.ts). */
  host: string;
  /** --today YYYY-MM-DD fixes the app's date (tests, demonstrations, checking a past 调度); null: the real date. */
  today: string | null;
  /** --shared: the province's shared server, with accounts and log-in instead of a per-launch token. */
  shared?: boolean;
  /** --create-admin NAME (shared): a 系统管理员 account NAME with a one-time password, printed once. */
  createAdmin?: string;
  /** --tls-cert FILE --tls-key FILE (shared): HTTPS with Node's own https. */
  tlsCert?: string;
  tlsKey?: string;
  /** --verify-audit: check the 操作日志's hash chain, print the verdict and exit (1 when broken). */
  verifyAudit?: boolean;
  /** --database postgres://… (shared): the data in PostgreSQL instead of the SQLite file in the data folder. */
  database?: string;
  /** --import-sqlite FILE (with --database): copy a SQLite database into the empty PostgreSQL one, check it, exit. */
  importSqlite?: string;
}

/** The shared server's port when none is given: a fixed one, so the address people bookmark stays the same. */
export const SHARED_DEFAULT_PORT = 8080;

export class ServeArgsError extends Error {}

const USAGE =
  '用法 / usage: npm run serve -- [--port 端口号] [--data-dir 数据目录] [--host 本机IPv4地址或0.0.0.0] [--today YYYY-MM-DD] ' +
  '[--shared [--create-admin 账号] [--tls-cert 证书文件 --tls-key 私钥文件] [--database postgres://用户@主机/数据库 [--import-sqlite 数据库文件]]] [--verify-audit]';

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 0, dataDir: null, host: LOOPBACK, today: null };
  let portGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = argv[i]!.split(/=(.*)/su, 2) as [string, string | undefined];
    const value = () => {
      const v = inlineValue ?? argv[++i];
      if (v === undefined || v === '') throw new ServeArgsError(`参数 ${flag} 缺少取值。${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^\d+$/u.test(text) || port > 65535) throw new ServeArgsError(`端口号必须是 0–65535 之间的整数，收到“${text}”。${USAGE}`);
        args.port = port;
        portGiven = true;
        break;
      }
      case '--data-dir':
        args.dataDir = value();
        break;
      case '--host': {
        const host = value();
        if (!isListenHost(host)) {
          throw new ServeArgsError(`--host 只接受本机的 IPv4 地址（如 192.168.1.20）或 0.0.0.0，收到“${host}”。${USAGE}`);
        }
        args.host = host;
        break;
      }
      case '--today': {
        const date = value();
        if (!isoDate.safeParse(date).success) throw new ServeArgsError(`--today 需要一个有效日期（YYYY-MM-DD），收到“${date}”。${USAGE}`);
        args.today = date;
        break;
      }
      case '--shared':
        args.shared = true;
        break;
      case '--create-admin': {
        const name = value();
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/u.test(name)) throw new ServeArgsError(`--create-admin 的账号只能包含字母、数字和 . _ -（2–40 个字符），收到“${name}”。`);
        args.createAdmin = name;
        break;
      }
      case '--tls-cert':
        args.tlsCert = value();
        break;
      case '--tls-key':
        args.tlsKey = value();
        break;
      case '--verify-audit':
        args.verifyAudit = true;
        break;
      case '--database': {
        const url = value();
        if (!/^postgres(ql)?:\/\//u.test(url)) throw new ServeArgsError(`--database 需要 PostgreSQL 的连接地址（postgres://用户:密码@主机:端口/数据库），收到“${url.replace(/:[^:@/]*@/u, ':…@')}”。${USAGE}`);
        args.database = url;
        break;
      }
      case '--import-sqlite':
        args.importSqlite = value();
        break;
      default:
        throw new ServeArgsError(`不认识的参数“${flag}”。${USAGE}`);
    }
  }
  if (!args.shared && (args.createAdmin || args.tlsCert || args.tlsKey || args.database)) {
    throw new ServeArgsError(`--create-admin、--tls-cert、--tls-key、--database 只用于共享服务器，请同时加上 --shared。${USAGE}`);
  }
  if (args.importSqlite !== undefined && !args.database) {
    throw new ServeArgsError(`--import-sqlite 把 SQLite 数据库导入 PostgreSQL：请同时给出 --shared --database postgres://…。${USAGE}`);
  }
  if ((args.tlsCert === undefined) !== (args.tlsKey === undefined)) throw new ServeArgsError('HTTPS 需要同时给出 --tls-cert 证书文件和 --tls-key 私钥文件。');
  if (args.shared && !portGiven) args.port = SHARED_DEFAULT_PORT;
  return args;
}
