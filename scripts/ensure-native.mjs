// Makes sure better-sqlite3 is built for this Node.js before tests or browser mode run.
// The desktop app needs it built for Electron's ABI instead (npm run rebuild:electron); after that, plain Node
// cannot load it, and this puts the Node build back. Kept out of postinstall on purpose: nothing in
// `npm install` may need more than the npm registry.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function loads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

const problem = loads();
if (problem) {
  console.log(`better-sqlite3 不能在 Node ${process.version} 中加载（${problem}），正在为 Node 重新编译… / rebuilding for Node`);
  const result = spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit', shell: process.platform === 'win32' });
  const after = result.status === 0 ? loads() : 'npm rebuild failed';
  if (after) {
    console.error(`重新编译失败：${after}。请确认已安装 C++ 编译工具（Linux: build-essential python3；Windows: Visual Studio Build Tools）后重试。`);
    process.exit(1);
  }
}
