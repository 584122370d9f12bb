import type { FullConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { builtOutput } from './built-output';
import { ELECTRON_MISSING_REASON, electronExecutable } from './electron-binary';

export default function globalSetup(config: FullConfig): void {
  const out = builtOutput();
  if (!existsSync(`${out}/main/serve.js`) || !existsSync(`${out}/renderer/index.html`)) {
    throw new Error(
      `找不到构建产物 ${out}/：请先运行 npm run build（npm run test:e2e 会自动构建）。另建目录时用 PLAN_DESK_OUT=${out} npx electron-vite build（不要用 --outDir，它会把界面放到 src-renderer/ 下）。`,
    );
  }
  const runsElectron = config.projects.some((project) => project.name === 'electron');
  if (runsElectron && !electronExecutable()) console.log(ELECTRON_MISSING_REASON);
}
