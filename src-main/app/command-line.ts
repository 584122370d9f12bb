import { resolve } from 'node:path';

const FLAG = '--data-dir';
const MISSING = '命令行参数 --data-dir 后面缺少数据文件夹路径。';

/**
 * The data folder named on the command line, resolved against `cwd`, or undefined when none is given.
 * Accepts `--data-dir=DIR` (what end-to-end tests pass to give every run a fresh folder) and `--data-dir DIR`
 * (as browser mode does, so `npm start -- --data-dir DIR` works in both modes). The last occurrence wins.
 * A missing value throws rather than silently falling back to the user's real data.
 */
/** `--today=YYYY-MM-DD`: the app's date fixed (end-to-end tests, demonstrations); undefined for the real date. */
export function todayFromArgs(argv: readonly string[]): string | undefined {
  const given = argv.findLast((arg) => arg.startsWith('--today='))?.slice('--today='.length);
  if (given === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(given)) throw new Error(`命令行参数 --today 需要 YYYY-MM-DD 格式的日期，收到“${given}”。`);
  return given;
}

export function dataDirFromArgs(argv: readonly string[], cwd: string): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (arg.startsWith(`${FLAG}=`)) value = arg.slice(FLAG.length + 1);
    else if (arg === FLAG) value = argv[i + 1]?.startsWith('--') ? '' : (argv[i + 1] ?? '');
  });
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new Error(MISSING);
  return resolve(cwd, value);
}
