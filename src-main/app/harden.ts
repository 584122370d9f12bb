import type { App, Session, WebContents } from 'electron';
import { isAllowedRequestUrl, isAppUrl } from './security';

/** Where the app's own pages live; everything else is foreign. */
export interface AppUrlPolicy {
  rendererIndexFileUrl: string;
  /** Only in development, when the renderer comes from electron-vite's dev server. */
  devServerUrl?: string | undefined;
}

/**
 * Locks the shell down: no permissions, no navigation away from the app, no new windows, no webviews, and no
 * network request leaving the machine. Call after `app` is ready and before the first window opens.
 * Electron objects come in as parameters so tests can drive this with fakes.
 */
export function hardenApp(app: Pick<App, 'on'>, session: Session, policy: AppUrlPolicy): void {
  const appUrl = (url: string) => isAppUrl(url, policy.rendererIndexFileUrl, policy.devServerUrl);

  // Camera, geolocation, notifications, USB…: a planning desk needs none, so every request and check says no.
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url, policy.rendererIndexFileUrl, policy.devServerUrl);
    if (!allowed) console.warn(`[security] 已阻止网络请求 blocked request: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));
}

function hardenWebContents(contents: WebContents, appUrl: (url: string) => boolean): void {
  const refuseForeign = (event: { url: string; preventDefault(): void }) => {
    if (appUrl(event.url)) return;
    event.preventDefault();
    console.warn(`[security] 已阻止跳转 blocked navigation: ${event.url.slice(0, 200)}`);
  };
  // 'will-navigate' covers the main frame, 'will-frame-navigate' every frame, 'will-redirect' server redirects.
  contents.on('will-navigate', refuseForeign);
  contents.on('will-frame-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
