// Renders resources/icons/icon.svg to the 512×512 PNG electron-builder turns into .ico/.icns/Linux icons.
// Uses the system Chromium (as the end-to-end tests do), since no image tool can be assumed on a build machine.
// Usage: node scripts/render-icon.mjs   (re-run after editing the SVG; the PNG is committed)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const svg = readFileSync(join(root, 'resources', 'icons', 'icon.svg'), 'utf8');
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
if (!executablePath) {
  console.error('找不到 Chromium（可用 CHROMIUM_PATH 指定）/ Chromium not found; set CHROMIUM_PATH');
  process.exit(1);
}
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(root, 'resources', 'icons', 'icon.png'), omitBackground: true });
  console.log('resources/icons/icon.png 已生成 / written');
} finally {
  await browser.close();
}
