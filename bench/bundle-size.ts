import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The renderer's first load: the JavaScript index.html loads before anything is shown (its module entry and the
 * chunks it preloads), gzipped at zlib's default level. Chunks loaded later by dynamic import() are listed apart.
 */

export interface BundleResult {
  ok: boolean;
  message: string;
  buildMs: number;
  initial: { file: string; bytes: number; gzip: number }[];
  initialGzip: number;
  lazy: { file: string; bytes: number; gzip: number }[];
  lazyGzip: number;
}

export function measureRendererBundle(repoRoot: string, outName = 'out-bench'): BundleResult {
  const t0 = performance.now();
  // PLAN_DESK_OUT, not --outDir: the latter would put the renderer under its root (see electron.vite.config.ts).
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: repoRoot,
    env: { ...process.env, PLAN_DESK_OUT: outName },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const buildMs = performance.now() - t0;
  const empty = { buildMs, initial: [], initialGzip: 0, lazy: [], lazyGzip: 0 };
  if (build.status !== 0) {
    return { ok: false, message: `electron-vite build 失败：${(build.stderr || build.stdout).trim().split('\n').slice(-5).join(' | ')}`, ...empty };
  }
  const rendererDir = resolve(repoRoot, outName, 'renderer');
  const html = join(rendererDir, 'index.html');
  if (!existsSync(html)) return { ok: false, message: `没有找到 ${html}`, ...empty };
  const text = readFileSync(html, 'utf8');
  const initialFiles = [
    ...[...text.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/gu)].map((m) => m[1]!),
    ...[...text.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/gu)].map((m) => m[1]!),
  ].map((href) => resolve(rendererDir, href.replace(/^\.?\//u, '')));
  const sizeOf = (file: string) => {
    const bytes = readFileSync(file);
    return { file: file.slice(rendererDir.length + 1), bytes: bytes.length, gzip: gzipSync(bytes).length };
  };
  const initial = [...new Set(initialFiles)].map(sizeOf);
  const allJs = listFiles(rendererDir).filter((f) => f.endsWith('.js'));
  const lazy = allJs.filter((f) => !initialFiles.includes(f)).map(sizeOf).sort((a, b) => b.gzip - a.gzip);
  return {
    ok: true,
    message: '',
    buildMs,
    initial,
    initialGzip: initial.reduce((s, f) => s + f.gzip, 0),
    lazy,
    lazyGzip: lazy.reduce((s, f) => s + f.gzip, 0),
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
