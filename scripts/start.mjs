// `npm start`: the desktop app when Electron can run here, browser mode otherwise.
//
// Never `require('electron')` or run `npx electron` here: the electron package's index.js downloads the binary
// when it is missing ("fetched on first use"), which hangs or fails on an offline office machine. This script
// only looks for the binary on disk, the same way that index.js resolves it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const extraArgs = process.argv.slice(2);

/** Path of the Electron executable if it is on disk, else undefined. Mirrors node_modules/electron/index.js. */
function electronExecutable() {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override ? join(override, relative || 'electron') : relative && join(packageDir, 'dist', relative);
  return executable && existsSync(executable) ? executable : undefined;
}

/** npm itself: the same npm that runs this script when there is one, so no shell is needed. */
function npm(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.c?js$/.test(npmCli)) return { command: process.execPath, args: [npmCli, ...args], shell: false };
  // Node refuses to spawn a .cmd without a shell on Windows.
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args, shell: process.platform === 'win32' };
}

/** Runs a command with the terminal attached, forwarding Ctrl+C and termination; resolves to its exit code. */
function run({ command, args, shell = false, env = process.env }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell, env });
    const forward = (signal) => child.kill(signal);
    const signals = ['SIGINT', 'SIGTERM'];
    for (const signal of signals) process.on(signal, forward);
    const done = (code) => {
      for (const signal of signals) process.off(signal, forward);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`无法启动 ${command} / could not start ${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (constants.signals[signal] ?? 1)));
  });
}

async function startDesktop(executable) {
  const steps = [npm(['run', 'build']), { command: process.execPath, args: [join(root, 'scripts', 'rebuild-electron.mjs')] }];
  for (const step of steps) {
    const code = await run(step);
    if (code !== 0) return code;
  }
  // A leftover ELECTRON_RUN_AS_NODE would make the binary behave as plain Node and ignore the app.
  const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env;
  return run({ command: executable, args: ['.', ...extraArgs], env });
}

function startBrowserMode() {
  console.log('未找到 Electron 运行文件（node_modules/electron/dist），改用浏览器模式启动 / Electron binary not available, starting browser mode');
  return run(npm(['run', 'serve', ...(extraArgs.length > 0 ? ['--', ...extraArgs] : [])]));
}

const executable = electronExecutable();
process.exitCode = executable ? await startDesktop(executable) : await startBrowserMode();
