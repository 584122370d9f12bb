// Rebuilds better-sqlite3 for the Electron in node_modules (its own ABI, not Node's), then proves it.
//
// Two traps this script exists for (see FINDINGS.md):
// - An `nodedir` in ~/.npmrc (this kind of machine has `nodedir=/usr`) makes node-gyp compile against Node's
//   headers while labelling the result Electron's. Clearing the environment variable is not enough, npm re-reads
//   ~/.npmrc, so `--nodedir=` is passed on the command line, and the result is checked by loading it.
// - Offline, node-gyp deletes the old build before failing to download Electron's headers. The Node build is
//   copied aside first and put back, so a failed attempt leaves `npm test` and browser mode working.
//
// Usage: node scripts/rebuild-electron.mjs [--force]
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const force = process.argv.includes('--force');
const electronDir = join(root, 'node_modules', 'electron');
const addonFile = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const HEADERS_URL = 'https://electronjs.org/headers';

/**
 * What the current better-sqlite3 build is, found by loading it in plain Node in a child process (loading it here
 * would lock the file on Windows): 'node' if it loads, the ABI number it reports if it was built for another
 * runtime, or an error text.
 */
function probeAddon() {
  const code = `try { require('better-sqlite3')(':memory:').close(); console.log('node'); }
    catch (e) { const m = /NODE_MODULE_VERSION (\\d+)/.exec(e.message); console.log(m ? 'abi ' + m[1] : 'error ' + e.message.split('\\n')[0]); }`;
  const result = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' });
  const line = (result.stdout ?? '').trim();
  if (line === 'node') return { kind: 'node' };
  if (line.startsWith('abi ')) return { kind: 'abi', abi: line.slice(4) };
  return { kind: 'error', message: line.slice(6) || (result.stderr ?? '').trim() };
}

function fail(lines) {
  console.error(['', ...lines, ''].join('\n'));
  process.exit(1);
}

function npmCommand(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.c?js$/.test(npmCli)) return { command: process.execPath, args: [npmCli, ...args], shell: false };
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args, shell: process.platform === 'win32' };
}

/** Runs npm with output shown live and also kept, so the cause of a failure can be named afterwards. */
function runShowingOutput({ command, args, shell }, env) {
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-200_000);
    };
    const child = spawn(command, args, { cwd: root, env, shell, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => (process.stdout.write(chunk), keep(chunk)));
    child.stderr.on('data', (chunk) => (process.stderr.write(chunk), keep(chunk)));
    child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

if (!existsSync(join(electronDir, 'package.json'))) {
  fail(['未安装 electron 包，请先运行 npm install。 / The electron package is not installed; run npm install first.']);
}
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const electronAbi = readFileSync(join(electronDir, 'abi_version'), 'utf8').trim();

const before = probeAddon();
if (!force && before.kind === 'abi' && before.abi === electronAbi) {
  console.log(`better-sqlite3 已是为 Electron ${electronVersion}（ABI ${electronAbi}）编译的版本，跳过。 / Already built for Electron, skipping.`);
  process.exit(0);
}

console.log(`正在为 Electron ${electronVersion}（ABI ${electronAbi}）编译 better-sqlite3，约需 1–2 分钟… / Rebuilding better-sqlite3 for Electron…`);

const savedDir = existsSync(addonFile) ? mkdtempSync(join(tmpdir(), 'plan-desk-sqlite-')) : undefined;
if (savedDir) copyFileSync(addonFile, join(savedDir, 'better_sqlite3.node'));
// Written beside and renamed into place: a new file, never rewriting one a running process has mapped.
const restore = () => {
  if (!savedDir) return;
  mkdirSync(dirname(addonFile), { recursive: true });
  copyFileSync(join(savedDir, 'better_sqlite3.node'), `${addonFile}.restoring`);
  renameSync(`${addonFile}.restoring`, addonFile);
  rmSync(savedDir, { recursive: true, force: true });
};

// npm warns "Unknown env config runtime/target/…" for these; the warning is about npm's own config. node-gyp and
// prebuild-install read the variables straight from the environment they inherit.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'));
Object.assign(env, {
  npm_config_runtime: 'electron',
  npm_config_target: electronVersion,
  npm_config_disturl: HEADERS_URL,
  npm_config_build_from_source: 'true',
  // Electron's headers are cached apart from Node's, so a version number shared by both can never mix them up.
  npm_config_devdir: join(homedir(), '.electron-gyp'),
});
const { code, output } = await runShowingOutput(
  npmCommand(['rebuild', 'better-sqlite3', '--nodedir=', '--foreground-scripts']),
  env,
);

if (code !== 0) {
  restore();
  // node-gyp's "install" step is the header download; offline it says so in one of these ways.
  const offline =
    /install got an error|network connectivity|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo/i.test(
      output,
    );
  if (offline) {
    fail([
      `无法为 Electron ${electronVersion} 编译数据库组件 better-sqlite3：Electron 的头文件无法下载（${HEADERS_URL}），本机可能没有联网。`,
      '桌面版需要联网一次来完成这一步（或直接使用已打包好的安装包）；不联网时可以用浏览器模式：npm run serve',
      `Could not rebuild better-sqlite3 for Electron ${electronVersion}: the Electron headers could not be downloaded from ${HEADERS_URL}.`,
      'The desktop app needs a network connection once (or a pre-built package); browser mode (npm run serve) works offline.',
      savedDir && before.kind === 'node' ? '原有的 Node 版本已恢复，npm test 与浏览器模式不受影响。 / The previous Node build was restored.' : '',
    ]);
  }
  fail([
    `为 Electron ${electronVersion} 编译 better-sqlite3 失败，原因见上方输出（通常缺少 C++ 编译工具或 Python）。`,
    `Rebuilding better-sqlite3 for Electron ${electronVersion} failed; see the output above (usually a missing C++ toolchain or Python).`,
    '浏览器模式不受影响：npm run serve / Browser mode still works: npm run serve',
  ]);
}

const after = probeAddon();
if (after.kind === 'abi' && after.abi === electronAbi) {
  if (savedDir) rmSync(savedDir, { recursive: true, force: true });
  console.log(`better-sqlite3 已为 Electron ${electronVersion} 编译完成。 / better-sqlite3 is built for Electron.`);
  console.log('注意：npm test 与 npm run serve 会自动换回 Node 版本。 / Tests and browser mode switch it back to Node automatically.');
  process.exit(0);
}
restore();
fail([
  after.kind === 'node'
    ? '编译“成功”了，但结果是 Node 版本而非 Electron 版本：npm 配置里的 nodedir 让它用了 Node 的头文件。请检查 ~/.npmrc 与 npm_config_nodedir。'
    : `编译后的 better-sqlite3 不是 Electron ${electronVersion}（ABI ${electronAbi}）的版本：${after.kind === 'abi' ? `ABI ${after.abi}` : after.message}`,
  `The rebuild did not produce an Electron (ABI ${electronAbi}) build of better-sqlite3; the previous build was restored.`,
]);
