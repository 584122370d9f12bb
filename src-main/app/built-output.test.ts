import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelNames } from '../api/contract';
import { CONTENT_SECURITY_POLICY } from '../server/http-server';

/**
 * Electron's security checklist, checked on what ships: the bundles electron-vite writes to out/. The pure parts
 * (URL policy, window options, IPC sender checks, navigation and permission handlers) have their own tests; these
 * prove the build kept them and added nothing that undoes them. `npm test` builds out/ before the unit tests
 * (PLAN_DESK_OUT names another build folder, as for the end-to-end tests).
 */
const out = resolve(process.env.PLAN_DESK_OUT ?? 'out');
const built = existsSync(join(out, 'main', 'index.js')) && existsSync(join(out, 'preload', 'preload.cjs'));
if (!built) console.warn('[built-output] 跳过：没有 out/ 构建产物，请先运行 npm run build（npm test 会自动构建）。 / skipped: run npm run build first');

const read = (path: string) => readFileSync(join(out, path), 'utf8');
/** The main process: its entry and the chunks it shares with browser mode. */
const mainSource = () =>
  [read('main/index.js'), ...readdirSync(join(out, 'main', 'chunks')).map((chunk) => read(join('main', 'chunks', chunk)))].join('\n');

describe.skipIf(!built)('built preload (out/preload/preload.cjs)', () => {
  const preload = built ? read('preload/preload.cjs') : '';

  it('is CommonJS that requires electron and nothing else (a sandboxed preload can load nothing more)', () => {
    expect([...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/gu)].map((match) => match[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/\bimport\s*\(|^\s*import\s/mu);
  });

  it('exposes one frozen object with one function per contract channel, and no Node', () => {
    expect(preload.match(/exposeInMainWorld\(/gu)).toHaveLength(1);
    expect(preload).toContain('exposeInMainWorld("planDesk", Object.freeze(');
    // The list written in at build time from the contract (electron.vite.config.ts `define`).
    const listed = JSON.parse(`[${/Object\.fromEntries\(\[([^\]]*)\]/u.exec(preload)?.[1] ?? ''}]`.replace(/,\s*\]$/u, ']'));
    expect(listed).toEqual([...channelNames]);
    expect(preload).not.toMatch(/\bprocess\.|\.send\(|\.sendSync\(|\.on\(|\.postMessage\(/u);
    // ipcRenderer is only ever called, never handed to the page.
    expect(preload.match(/ipcRenderer/gu)?.length).toBe(preload.match(/ipcRenderer\.invoke\(/gu)?.length);
  });
});

describe.skipIf(!built)('built main process (out/main)', () => {
  const main = built ? mainSource() : '';

  it('turns the sandbox on for every renderer', () => {
    expect(main).toContain('app.enableSandbox()');
  });

  it('creates the window with isolation on and every escape hatch off', () => {
    for (const flag of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'nodeIntegrationInWorker: false',
      'nodeIntegrationInSubFrames: false',
      'webSecurity: true',
      'allowRunningInsecureContent: false',
      'webviewTag: false',
      'experimentalFeatures: false',
    ]) {
      expect(main).toContain(flag);
    }
    for (const weakened of [
      /contextIsolation:\s*false/u,
      /sandbox:\s*false/u,
      /nodeIntegration(InWorker|InSubFrames)?:\s*true/u,
      /webSecurity:\s*false/u,
      /allowRunningInsecureContent:\s*true/u,
      /webviewTag:\s*true/u,
      /experimentalFeatures:\s*true/u,
      /enableBlinkFeatures/u,
      /enableRemoteModule/u,
      /openDevTools/u,
      /openExternal/u,
      /setCertificateVerifyProc|certificate-error/u,
    ]) {
      expect(main).not.toMatch(weakened);
    }
  });

  it('installs the permission, navigation, new-window, webview and request guards', () => {
    for (const guard of [
      'setPermissionRequestHandler(',
      'setPermissionCheckHandler(',
      'webRequest.onBeforeRequest(',
      '"will-navigate"',
      '"will-frame-navigate"',
      '"will-redirect"',
      'setWindowOpenHandler(() => ({ action: "deny" }))',
      '"will-attach-webview"',
      'requestSingleInstanceLock()',
    ]) {
      expect(main).toContain(guard);
    }
  });

  it('registers IPC only through the contract (one handler per channel, sender checked), never ipcMain.on', () => {
    expect(main).toMatch(/ipcMain\.handle\(`\$\{API_CHANNEL_PREFIX\}\$\{name\}`|\.handle\(`\$\{API_CHANNEL_PREFIX\}\$\{name\}`/u);
    expect(main).not.toMatch(/ipcMain\.on\(|ipcMain\.handleOnce\(/u);
  });
});

describe.skipIf(!built)('built renderer (out/renderer/index.html)', () => {
  it('carries a content security policy that allows nothing from elsewhere and no inline or eval script', () => {
    const html = read('renderer/index.html');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/u.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/u);
    expect(/script-src([^;]*)/u.exec(csp)?.[1]).not.toContain('unsafe-inline');
    // Browser mode sends the same policy as a header (plus frame-ancestors, which a meta tag cannot set).
    for (const directive of csp.split(';').map((part) => part.trim())) expect(CONTENT_SECURITY_POLICY).toContain(directive);
  });
});
