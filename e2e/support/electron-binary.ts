import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const electronPackage = resolve('node_modules/electron');

/**
 * The Electron executable, if this machine has it. The npm package installs without its binary when the
 * download is impossible; `path.txt` appears only once the binary has been unpacked into dist/.
 */
export function electronExecutable(): string | null {
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

export const ELECTRON_MISSING_REASON =
  'Electron 项目已跳过：本机没有 Electron 运行文件（node_modules/electron/dist），无法下载。同一组用例已在 browser 项目中运行。 / Electron project skipped: the Electron binary is not available on this machine.';
