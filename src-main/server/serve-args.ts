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
}

export class ServeArgsError extends Error {}

const USAGE = '用法 / usage: npm run serve -- [--port 端口号] [--data-dir 数据目录] [--host 本机IPv4地址或0.0.0.0] [--today YYYY-MM-DD]';

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 0, dataDir: null, host: LOOPBACK, today: null };
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
      default:
        throw new ServeArgsError(`不认识的参数“${flag}”。${USAGE}`);
    }
  }
  return args;
}
