import { describe, expect, it } from 'vitest';
import { createMainWindowOptions, isAllowedRequestUrl, isAppUrl } from './security';

const INDEX = 'file:///opt/plan-desk/out/renderer/index.html';
const DEV = 'http://localhost:5173';

describe('isAppUrl, built renderer', () => {
  it.each([
    ['the index page', INDEX],
    ['the index page with a hash route', `${INDEX}#/plan/3`],
    ['an asset in a subfolder', 'file:///opt/plan-desk/out/renderer/assets/index-abc123.js'],
    ['an escaped Chinese file name', `file:///opt/plan-desk/out/renderer/assets/${encodeURIComponent('图标')}.png`],
    ['a `..` that resolves back inside', 'file:///opt/plan-desk/out/renderer/assets/../index.html'],
    ['file://localhost', 'file://localhost/opt/plan-desk/out/renderer/index.html'],
  ])('accepts %s', (_what, url) => {
    expect(isAppUrl(url, INDEX)).toBe(true);
  });

  it.each([
    ['the folder itself', 'file:///opt/plan-desk/out/renderer/'],
    ['the folder without slash', 'file:///opt/plan-desk/out/renderer'],
    ['a sibling folder', 'file:///opt/plan-desk/out/main/index.js'],
    ['a folder sharing the prefix', 'file:///opt/plan-desk/out/renderer-evil/index.html'],
    ['plain `..` traversal', 'file:///opt/plan-desk/out/renderer/../main/index.js'],
    ['encoded `%2e%2e` traversal', 'file:///opt/plan-desk/out/renderer/%2e%2e/main/index.js'],
    ['mixed-case `.%2E` traversal', 'file:///opt/plan-desk/out/renderer/.%2E/main/index.js'],
    ['backslash traversal', 'file:///opt/plan-desk/out/renderer\\..\\main\\index.js'],
    ['an encoded slash', 'file:///opt/plan-desk/out/renderer/..%2f..%2fetc/passwd'],
    ['an encoded backslash', 'file:///opt/plan-desk/out/renderer/..%5c..%5cetc%5cpasswd'],
    ['an encoded NUL', 'file:///opt/plan-desk/out/renderer/index.html%00.png'],
    ['a broken escape', 'file:///opt/plan-desk/out/renderer/%E4%B8.js'],
    ['an empty segment', 'file:///opt/plan-desk/out/renderer//index.html'],
    ['a query', `${INDEX}?x=1`],
    ['a query that looks like a path', `${INDEX}?/../../../etc/passwd`],
    ['another host (UNC share)', 'file://fileserver/opt/plan-desk/out/renderer/index.html'],
    ['/etc/passwd', 'file:///etc/passwd'],
    ['http elsewhere', 'http://evil.com/'],
    ['https elsewhere', 'https://evil.com/out/renderer/index.html'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob:', 'blob:file:///0b0c'],
    ['devtools:', 'devtools://devtools/bundled/inspector.html'],
    ['about:blank', 'about:blank'],
    ['malformed', 'not a url'],
    ['empty', ''],
  ])('refuses %s', (_what, url) => {
    expect(isAppUrl(url, INDEX)).toBe(false);
  });

  it('refuses everything when the index URL itself is not a file URL', () => {
    expect(isAppUrl('http://localhost:5173/index.html', 'http://localhost:5173/index.html')).toBe(false);
    expect(isAppUrl(INDEX, 'garbage')).toBe(false);
  });

  it('compares Windows paths without regard to the drive letter case', () => {
    const windowsIndex = 'file:///C:/Program%20Files/PlanDesk/resources/app/out/renderer/index.html';
    expect(isAppUrl('file:///c:/Program%20Files/PlanDesk/resources/app/out/renderer/assets/a.js', windowsIndex)).toBe(true);
    expect(isAppUrl('file:///C:/Program Files/PlanDesk/resources/app/out/renderer/index.html', windowsIndex)).toBe(true);
    expect(isAppUrl('file:///C:/Program%20Files/PlanDesk/resources/app/out/main/index.js', windowsIndex)).toBe(false);
    expect(isAppUrl('file:///D:/Program%20Files/PlanDesk/resources/app/out/renderer/index.html', windowsIndex)).toBe(false);
  });

  it('keeps POSIX paths case-sensitive', () => {
    expect(isAppUrl('file:///opt/plan-desk/out/Renderer/index.html', INDEX)).toBe(false);
  });
});

describe('isAppUrl, dev server', () => {
  it.each([
    ['the dev server root', 'http://localhost:5173/'],
    ['a route on the dev server', 'http://localhost:5173/src/main.tsx?t=123#/x'],
  ])('accepts %s', (_what, url) => {
    expect(isAppUrl(url, INDEX, DEV)).toBe(true);
  });

  it.each([
    ['another port', 'http://localhost:5174/'],
    ['another host name for the same machine', 'http://127.0.0.1:5173/'],
    ['https instead of http', 'https://localhost:5173/'],
    ['a look-alike host', 'http://localhost:5173.evil.com/'],
    ['a host hidden behind user info', 'http://localhost:5173@evil.com/'],
    ['a websocket (not a page)', 'ws://localhost:5173/'],
  ])('refuses %s', (_what, url) => {
    expect(isAppUrl(url, INDEX, DEV)).toBe(false);
  });

  it('accepts no http URL at all without a dev server', () => {
    expect(isAppUrl('http://localhost:5173/', INDEX)).toBe(false);
  });

  it('ignores a dev server URL that is not http', () => {
    expect(isAppUrl('file:///etc/passwd', INDEX, 'file:///etc/')).toBe(false);
    expect(isAppUrl('javascript:alert(1)', INDEX, 'javascript:alert(1)')).toBe(false);
  });
});

describe('isAllowedRequestUrl', () => {
  it.each([
    ['an app file', INDEX, undefined],
    ['devtools', 'devtools://devtools/bundled/inspector.html', undefined],
    ['inline data', 'data:image/svg+xml;base64,PHN2Zy8+', undefined],
    ['a blob', 'blob:file:///1a2b', undefined],
    ['the dev server', 'http://localhost:5173/@vite/client', DEV],
    ["the dev server's hot-reload websocket", 'ws://localhost:5173/?token=abc', DEV],
  ])('allows %s', (_what, url, dev) => {
    expect(isAllowedRequestUrl(url, INDEX, dev)).toBe(true);
  });

  it.each([
    ['the internet', 'https://fonts.googleapis.com/css', undefined],
    ['a websocket elsewhere', 'ws://evil.com/', DEV],
    ['a websocket on another port', 'ws://localhost:9999/', DEV],
    ['a websocket without a dev server', 'ws://localhost:5173/', undefined],
    ['a file outside the app', 'file:///etc/passwd', undefined],
    ['a local HTTP service', 'http://127.0.0.1:8080/', undefined],
    ['malformed', '::', undefined],
  ])('cancels %s', (_what, url, dev) => {
    expect(isAllowedRequestUrl(url, INDEX, dev)).toBe(false);
  });
});

describe('createMainWindowOptions', () => {
  const options = createMainWindowOptions('/opt/plan-desk/out/preload/preload.cjs');
  const web = options.webPreferences ?? {};

  it('turns on every isolation and turns off every Node or web escape hatch', () => {
    expect(web).toMatchObject({
      preload: '/opt/plan-desk/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    });
  });

  it('sets no other preference that could weaken it', () => {
    expect(Object.keys(web).sort()).toEqual(
      [
        'preload',
        'contextIsolation',
        'sandbox',
        'nodeIntegration',
        'nodeIntegrationInWorker',
        'nodeIntegrationInSubFrames',
        'webSecurity',
        'allowRunningInsecureContent',
        'webviewTag',
        'experimentalFeatures',
        'enableWebSQL',
        'spellcheck',
        'navigateOnDragDrop',
        'safeDialogs',
      ].sort(),
    );
  });

  it('opens hidden, titled in Chinese, at a desktop size', () => {
    expect(options).toMatchObject({ title: '规划督办台', show: false, width: 1440, height: 900, minWidth: 1100, minHeight: 700 });
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('never opens larger than a small screen', () => {
    const small = createMainWindowOptions('/p.cjs', { width: 1366, height: 728 });
    expect(small).toMatchObject({ width: 1366, height: 728, minWidth: 1100, minHeight: 700 });
    const tiny = createMainWindowOptions('/p.cjs', { width: 1024, height: 600 });
    expect(tiny).toMatchObject({ width: 1024, height: 600, minWidth: 1024, minHeight: 600 });
  });
});
