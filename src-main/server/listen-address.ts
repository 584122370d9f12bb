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

/**
 * `interfaceAddresses`: this PC's non-internal IPv4 addresses (os.networkInterfaces()), for `0.0.0.0`. `shared`: the
 * shared server, which has no per-launch token (accounts guard it), so its warning speaks of log-ins instead.
 */
export function planListen(host: string, interfaceAddresses: readonly string[], { shared = false }: { shared?: boolean } = {}): ListenPlan {
  if (host === LOOPBACK) return { host, extraHostNames: [], addresses: [LOOPBACK], warning: null };
  const everywhere = host === '0.0.0.0';
  const extraHostNames = everywhere ? [...interfaceAddresses] : [host];
  const where = `${everywhere ? '本机所有网络地址（0.0.0.0）' : host}，局域网中的其他电脑可以连接到本机的规划督办台。`;
  const warning = shared
    ? [
        `提示：共享服务器正在监听 ${where}`,
        '每个人须用自己的账号登录，服务器按账号的角色和单位判断能看和能改什么；没有证书时（未加 --tls-cert/--tls-key）密码以明文经过网络，只在可信的内网中使用。',
        `Note: the shared server is listening on ${host}; other computers on the network can reach it. Everyone logs in with an account; without --tls-cert/--tls-key passwords cross the network unencrypted.`,
      ].join('\n')
    : [
        `警告：浏览器模式正在监听 ${where}`,
        '任何人只要拿到下面带访问口令（token）的地址，就能查看和修改规划数据：只把地址发给需要的人，用完请按 Ctrl+C 关闭。',
        `Warning: browser mode is listening on ${host}; other computers on the network can reach it. Anyone with the address below (it carries the token) can read and change the data.`,
      ].join('\n');
  return { host, extraHostNames, addresses: everywhere ? [LOOPBACK, ...interfaceAddresses] : [host], warning };
}
