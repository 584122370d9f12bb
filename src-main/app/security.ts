import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_TITLE } from './app-name';

/**
 * Whether a URL belongs to the app itself: a file inside the built renderer folder (the folder holding
 * `rendererIndexFileUrl`), or — in development only — a page on the dev server's exact origin.
 * Navigation, IPC senders and network requests are all judged by this one function.
 */
export function isAppUrl(url: string, rendererIndexFileUrl: string, devServerUrl?: string): boolean {
  const target = parseUrl(url);
  if (target === undefined) return false;
  if (target.protocol === 'file:') return isInRendererFolder(target, rendererIndexFileUrl);
  const devServer = devServerUrl === undefined ? undefined : parseUrl(devServerUrl);
  return devServer !== undefined && isHttp(devServer) && isHttp(target) && target.origin === devServer.origin;
}

/**
 * Whether the window may load a resource from this URL. The app is offline by design, so beyond app URLs only
 * schemes that never leave the machine pass: devtools, inline data/blob content, and the dev server's own
 * websocket (Vite's hot reload).
 */
export function isAllowedRequestUrl(url: string, rendererIndexFileUrl: string, devServerUrl?: string): boolean {
  if (isAppUrl(url, rendererIndexFileUrl, devServerUrl)) return true;
  const target = parseUrl(url);
  if (target === undefined) return false;
  if (target.protocol === 'devtools:' || target.protocol === 'data:' || target.protocol === 'blob:') return true;
  const devServer = devServerUrl === undefined ? undefined : parseUrl(devServerUrl);
  if (devServer === undefined || !isHttp(devServer)) return false;
  const websocket = devServer.protocol === 'https:' ? 'wss:' : 'ws:';
  return target.protocol === websocket && target.host === devServer.host;
}

export interface ScreenSize {
  width: number;
  height: number;
}

/**
 * The main window: sandboxed, isolated, no Node in any page, no webviews. Sized for a desktop monitor but
 * never larger than the screen's work area (office laptops at 1366×768 are common).
 */
export function createMainWindowOptions(preloadPath: string, workArea?: ScreenSize): BrowserWindowConstructorOptions {
  const fit = (wanted: number, available: number | undefined) => Math.min(wanted, available ?? wanted);
  return {
    title: APP_TITLE,
    width: fit(1440, workArea?.width),
    height: fit(900, workArea?.height),
    minWidth: fit(1100, workArea?.width),
    minHeight: fit(700, workArea?.height),
    // Shown on 'ready-to-show', so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

function isInRendererFolder(target: URL, rendererIndexFileUrl: string): boolean {
  const index = parseUrl(rendererIndexFileUrl);
  if (index === undefined || index.protocol !== 'file:') return false;
  // The built renderer never uses a query; refusing one keeps tricks like `index.html?../../x` out of the question.
  if (target.search !== '' || target.host !== index.host) return false;
  const indexPath = decodedSegments(index.pathname);
  const targetPath = decodedSegments(target.pathname);
  if (indexPath === undefined || targetPath === undefined) return false;
  const folder = indexPath.slice(0, -1);
  if (targetPath.length <= folder.length) return false;
  // Windows paths are case-insensitive, and Chromium and Node may disagree on a drive letter's case.
  const windows = /^[a-z]:$/i.test(folder[0] ?? '');
  return folder.every((segment, i) => {
    const other = targetPath[i] ?? '';
    return windows ? segment.toLowerCase() === other.toLowerCase() : segment === other;
  });
}

/**
 * Path segments with percent-escapes decoded, so the check does not depend on how Node and Chromium each
 * escape a path. The URL parser already resolved `.`/`..` (including `%2e%2e`); any segment that still decodes to
 * a dot segment, a separator or NUL would mean something different on disk than in the URL, so it is refused.
 */
function decodedSegments(pathname: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}
