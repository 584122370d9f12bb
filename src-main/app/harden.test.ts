import { EventEmitter } from 'node:events';
import type { App, Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hardenApp } from './harden';

const INDEX = 'file:///opt/plan-desk/out/renderer/index.html';

type RequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
type OpenHandler = (details: { url: string }) => { action: string };

/** Just enough of app, session and webContents to capture what hardenApp installs. */
function fakes() {
  const app = new EventEmitter();
  let permissionRequest: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  let permissionCheck: ((wc: unknown, permission: string) => boolean) | undefined;
  let beforeRequest: RequestListener | undefined;
  const session = {
    setPermissionRequestHandler: (handler: typeof permissionRequest) => (permissionRequest = handler),
    setPermissionCheckHandler: (handler: typeof permissionCheck) => (permissionCheck = handler),
    webRequest: { onBeforeRequest: (listener: RequestListener) => (beforeRequest = listener) },
  };
  const openContents = () => {
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as OpenHandler | undefined,
      setWindowOpenHandler(handler: OpenHandler) {
        contents.openHandler = handler;
      },
    });
    app.emit('web-contents-created', {}, contents);
    return contents;
  };
  return {
    harden: (devServerUrl?: string) =>
      hardenApp(app as unknown as App, session as unknown as Session, { rendererIndexFileUrl: INDEX, devServerUrl }),
    openContents,
    requestPermission: (permission: string) => {
      const callback = vi.fn();
      permissionRequest?.({}, permission, callback);
      return callback;
    },
    checkPermission: (permission: string) => permissionCheck?.({}, permission),
    request: (url: string) => {
      const callback = vi.fn();
      beforeRequest?.({ url }, callback);
      return callback.mock.calls[0]?.[0] as { cancel?: boolean } | undefined;
    },
  };
}

function navigation(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('hardenApp', () => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);

  it('denies every permission request and check', () => {
    const f = fakes();
    f.harden();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(f.requestPermission(permission)).toHaveBeenCalledExactlyOnceWith(false);
      expect(f.checkPermission(permission)).toBe(false);
    }
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: stays in the app, refuses the rest', (name) => {
    const f = fakes();
    f.harden();
    const contents = f.openContents();
    const inside = navigation(`${INDEX}#/tasks`);
    contents.emit(name, inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    for (const url of ['https://evil.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'http://localhost:5173/']) {
      const outside = navigation(url);
      contents.emit(name, outside);
      expect(outside.preventDefault).toHaveBeenCalledOnce();
    }
  });

  it('lets navigation reach the dev server only when one is configured', () => {
    const f = fakes();
    f.harden('http://localhost:5173');
    const contents = f.openContents();
    const dev = navigation('http://localhost:5173/');
    contents.emit('will-navigate', dev);
    expect(dev.preventDefault).not.toHaveBeenCalled();
  });

  it('denies every new window and every webview', () => {
    const f = fakes();
    f.harden();
    const contents = f.openContents();
    expect(contents.openHandler?.({ url: INDEX })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://evil.com/' })).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalledOnce();
  });

  it('cancels every request leaving the app and lets app files through', () => {
    const f = fakes();
    f.harden();
    expect(f.request(INDEX)).toEqual({ cancel: false });
    expect(f.request('file:///opt/plan-desk/out/renderer/assets/index.js')).toEqual({ cancel: false });
    expect(f.request('devtools://devtools/bundled/inspector.html')).toEqual({ cancel: false });
    expect(f.request('https://update.example.com/check')).toEqual({ cancel: true });
    expect(f.request('http://localhost:5173/@vite/client')).toEqual({ cancel: true });
    expect(f.request('file:///home/user/.ssh/id_rsa')).toEqual({ cancel: true });
  });
});
