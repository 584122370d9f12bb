import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { failure, type ApiResult } from '../api/errors';
import type { Dispatch } from '../core/dispatcher';
import type { SessionDeps } from '../accounts/sessions';
import { AUTH_PREFIX, handleAuth } from './auth-routes';
import { localCallerFrom } from './caller';
import { sessionTokenFrom } from './session-cookie';
import { checkRequest } from './request-guard';

/**
 * Browser mode's door: the renderer's files and the API contract over HTTP on 127.0.0.1. It holds no rules:
 * a call is guarded (host, origin, token), its JSON body read, and handed to the same dispatcher Electron uses.
 */

export const TOKEN_HEADER = 'x-plan-desk-token';
/** The person the tab acts as (URI-encoded JSON of the profile), checked by the dispatcher like any input. */
export const PROFILE_HEADER = 'x-plan-desk-profile';
/** The client's id for one user action, so a repeated creating call gets the first answer (see CallFacts). */
export const REQUEST_ID_HEADER = 'x-plan-desk-request-id';
export const API_PREFIX = '/api/';
// Large enough for a report's attachments (40 MB of files, base64-encoded), small enough to bound memory.
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Nothing is loaded from outside the app; inline styles are needed by Ant Design's CSS-in-JS. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface HttpServerOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** The per-launch token of browser mode; null on the shared server (sessions instead). */
  token: string | null;
  /** The shared server: log-in and sessions; calls carry the session cookie, never a profile. */
  sessions?: () => SessionDeps;
  /** HTTPS with Node's own https (--tls-cert/--tls-key); the session cookie is then Secure. */
  tls?: { cert: Buffer; key: Buffer };
  /** 0 picks a free port. */
  port: number;
  /** 127.0.0.1 unless the user passed --host (see listen-address.ts). */
  host?: string;
  /** Host-header names to accept besides 127.0.0.1/localhost: the addresses chosen with --host. */
  extraHostNames?: readonly string[];
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const staticRoot = resolve(options.staticDir);
  let port = options.port;

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[http]', error);
      if (!response.headersSent) sendJson(response, 500, failure('INTERNAL', '程序内部错误，操作未完成。'));
      else response.destroy();
    });
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createServer(listener);
  const secure = options.tls !== undefined;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const isAuthCall = options.sessions !== undefined && url.pathname.startsWith(AUTH_PREFIX);
    const isApiCall = url.pathname.startsWith(API_PREFIX) || isAuthCall;
    const verdict = checkRequest(
      {
        host: request.headers.host,
        origin: request.headers.origin,
        token: headerValue(request.headers[TOKEN_HEADER]),
        isApiCall,
      },
      { port, token: options.token, extraHostNames: options.extraHostNames ?? [], scheme: secure ? 'https' : 'http' },
    );
    if (!verdict.allowed) {
      request.resume();
      sendJson(response, verdict.status, failure(verdict.code, verdict.message));
      return;
    }

    if (isApiCall) {
      if (request.method !== 'POST') {
        request.resume();
        sendJson(response, 405, failure('INVALID_INPUT', '接口只接受 POST 请求。'));
        return;
      }
      if (!/^application\/json\b/u.test(request.headers['content-type'] ?? '')) {
        request.resume();
        sendJson(response, 415, failure('INVALID_INPUT', '请求内容必须是 JSON。'));
        return;
      }
      const body = await readBody(request, MAX_BODY_BYTES);
      if (body === null) {
        sendJson(response, 413, failure('PAYLOAD_TOO_LARGE', `请求内容超过 ${MAX_BODY_BYTES / 1024 / 1024} MB 上限，操作未执行。`));
        return;
      }
      let payload: unknown;
      try {
        payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        sendJson(response, 400, failure('INVALID_INPUT', '请求内容不是有效的 JSON，操作未执行。'));
        return;
      }
      const address = clientAddress(request);
      const sessionToken = sessionTokenFrom(request.headers.cookie);
      if (isAuthCall && options.sessions) {
        const answer = await handleAuth(url.pathname.slice(AUTH_PREFIX.length), payload, { token: sessionToken, address, secure }, options.sessions);
        sendJson(response, 200, answer.body, answer.cookie ? { 'set-cookie': answer.cookie } : {});
        return;
      }
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      } catch {
        // A malformed %-escape is the caller's mistake, not ours: a 400 with a message, nothing for the log.
        sendJson(response, 400, failure('INVALID_INPUT', '接口名称的编码不正确（无效的 % 转义），操作未执行。'));
        return;
      }
      // With the database unreadable there are no accounts to check: on the shared server only someone at the server
      // itself may restore, not anyone on the intranet.
      if (options.sessions && channel === 'recovery.restore' && address !== '127.0.0.1' && address !== '::1') {
        sendJson(response, 403, failure('FORBIDDEN', '共享服务器的数据库无法打开时，只能在服务器本机（127.0.0.1）上从备份恢复。请联系系统管理员。'));
        return;
      }
      // On the shared server the session cookie says who calls; a profile header is ignored, whatever it claims.
      const caller = options.sessions ? { kind: 'session' as const, token: sessionToken } : localCallerFrom(headerValue(request.headers[PROFILE_HEADER]));
      if (!caller) {
        sendJson(response, 400, failure('INVALID_INPUT', '请求中的使用身份信息无法识别，请刷新页面后重新选择使用身份。'));
        return;
      }
      const requestId = headerValue(request.headers[REQUEST_ID_HEADER]);
      sendJson(response, 200, await options.dispatch(channel, payload, { ...caller, address, ...(requestId ? { requestId } : {}) }));
      return;
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, failure('INVALID_INPUT', '不支持的请求方法。'));
      return;
    }
    serveStatic(url.pathname, request.method === 'HEAD', response);
  }

  function serveStatic(pathname: string, headOnly: boolean, response: ServerResponse): void {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      sendJson(response, 400, failure('INVALID_INPUT', '地址格式不正确。'));
      return;
    }
    let file = resolve(staticRoot, `.${relative}`);
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      sendJson(response, 403, failure('FORBIDDEN', '拒绝访问该路径。'));
      return;
    }
    let stat = statOrNull(file);
    if (!stat?.isFile()) {
      // Client-side routes (no file extension) get the app's page; missing assets are real 404s.
      if (extname(relative) !== '') {
        sendJson(response, 404, failure('NOT_FOUND', '文件不存在。'));
        return;
      }
      file = resolve(staticRoot, 'index.html');
      stat = statOrNull(file);
      if (!stat) {
        sendJson(response, 500, failure('INTERNAL', '找不到界面文件（out/renderer/index.html），请先运行 npm run build。'));
        return;
      }
    }
    const isIndex = file.endsWith(`${sep}index.html`);
    response.writeHead(200, {
      ...securityHeaders(),
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      // Hashed asset names never change; the page itself must always be fresh.
      'cache-control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (headOnly) response.end();
    else createReadStream(file).pipe(response);
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `${secure ? 'https' : 'http'}://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

function sendJson(response: ServerResponse, status: number, body: ApiResult<unknown>, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...securityHeaders(),
    ...extra,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** The client's address as this server sees it (IPv4-mapped IPv6 written as plain IPv4), for lockout and the audit trail. */
function clientAddress(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '未知';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** Reads the request body, or returns null (and stops reading) once it passes the limit. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolveBody(tooLarge ? null : Buffer.concat(chunks)));
    request.on('error', rejectBody);
  });
}
