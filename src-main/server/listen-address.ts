import { isIPv4 } from 'node:net';

/**
 * Where browser mode listens. By default only on 127.0.0.1: nothing on the network can reach it. A user who
 * wants colleagues on the intranet to use it passes `--host 0.0.0.0` (every interface) or one IPv4 address of
 * this PC; the server then also accepts those addresses as Host, prints a warning, and every API call still
 * needs the per-launch token. Host names are refused: a name is what a DNS-rebinding page would use.
 */
export const LOOPBACK = '127.0.0.1';

export interface ListenPlan {
  /** What the server binds to. */
  host: string;
  /** Host-header names accepted besides 127.0.0.1 and localhost. */
  extraHostNames: string[];
  /** The addresses to print, the loopback one first when it works. */
  addresses: string[];
  /** Printed before the address when the server is reachable from other computers. */
  warning: string | null;
}

export function isListenHost(host: string): boolean {
  return isIPv4(host);
}

/** `interfaceAddresses`: this PC's non-internal IPv4 addresses (os.networkInterfaces()), for `0.0.0.0`. */
export function planListen(host: string, interfaceAddresses: readonly string[]): ListenPlan {
  if (host === LOOPBACK) return { host, extraHostNames: [], addresses: [LOOPBACK], warning: null };
  const everywhere = host === '0.0.0.0';
  const extraHostNames = everywhere ? [...interfaceAddresses] : [host];
  const warning = [
    `警告：浏览器模式正在监听 ${everywhere ? '本机所有网络地址（0.0.0.0）' : host}，局域网中的其他电脑可以连接到本机的规划督办台。`,
    '任何人只要拿到下面带访问口令（token）的地址，就能查看和修改规划数据：只把地址发给需要的人，用完请按 Ctrl+C 关闭。',
    `Warning: browser mode is listening on ${host}; other computers on the network can reach it. Anyone with the address below (it carries the token) can read and change the data.`,
  ].join('\n');
  return { host, extraHostNames, addresses: everywhere ? [LOOPBACK, ...interfaceAddresses] : [host], warning };
}
