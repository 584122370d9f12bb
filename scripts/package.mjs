// `npm run package [-- <electron-builder options>]`: the installers described in electron-builder.yml.
//
//   1. npm run build                         (electron-vite: out/)
//   2. node scripts/rebuild-electron.mjs     (better-sqlite3 for Electron's ABI; needs Electron's headers)
//   3. electron-builder [options]            (default: this platform's targets; e.g. -- --linux --arm64)
//
// Steps 2 and 3 need the network (Electron headers and binaries, prebuilt native modules). Offline, step 2 stops
// with a clear message and puts the Node build of better-sqlite3 back, so npm test and browser mode keep working.
// Nothing here runs during npm install.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const builderArgs = process.argv.slice(2);

function npm(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.c?js$/.test(npmCli)) return { command: process.execPath, args: [npmCli, ...args], shell: false };
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args, shell: process.platform === 'win32' };
}

function run({ command, args, shell = false }, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell, env });
    child.on('error', (error) => {
      console.error(`无法运行 ${command}：${error.message}`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const steps = [
  ['构建 / build', npm(['run', 'build'])],
  ['为 Electron 编译数据库组件 / rebuild better-sqlite3 for Electron', { command: process.execPath, args: [join(root, 'scripts', 'rebuild-electron.mjs')] }],
];
for (const [title, step] of steps) {
  console.log(`\n== ${title}`);
  const code = await run(step);
  if (code !== 0) {
    console.error(`\n打包已停止：“${title}”未完成（原因见上方）。 / Packaging stopped at: ${title}.`);
    process.exit(code);
  }
}

console.log('\n== electron-builder');
// An npm `nodedir` (this kind of machine sets nodedir=/usr in ~/.npmrc) would make electron-builder's own native
// rebuild compile against Node's headers while labelling the result Electron's (see FINDINGS.md).
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'));
const code = await run({ command: process.execPath, args: [require.resolve('electron-builder/cli.js'), ...builderArgs] }, env);
if (code !== 0) {
  console.error('\nelectron-builder 未完成（原因见上方；它需要联网下载 Electron 运行文件）。 / electron-builder failed; it downloads Electron binaries.');
  process.exit(code);
}
console.log('\n安装包已生成在 release/ 文件夹。注意：better-sqlite3 现为 Electron 版本，npm test 与 npm run serve 会自动换回 Node 版本。');
console.log('Installers are in release/. better-sqlite3 is now built for Electron; npm test and npm run serve switch it back automatically.');
