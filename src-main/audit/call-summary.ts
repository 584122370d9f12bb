/**
 * What the 操作日志 keeps of a call: the ids it named or created, and a short summary of what it sent. Never a
 * password, never a file's contents, never more than a few hundred characters.
 */

const SECRET_KEY = /password|passwd|current|^next$|token/iu;
const MAX_TEXT = 60;
const MAX_SUMMARY = 400;

/** "taskId=12 reportId=340": ids in the input (id, *Id, *Ids) and in the result (id, *Id). */
export function callTargets(input: unknown, result: unknown): string {
  const found: string[] = [];
  const collect = (value: unknown, depth: number) => {
    if (depth > 1 || value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [key, entry] of Object.entries(value)) {
      if (!(key === 'id' || /Ids?$/u.test(key))) continue;
      if (typeof entry === 'number') found.push(`${key}=${entry}`);
      else if (Array.isArray(entry) && entry.every((item) => typeof item === 'number')) {
        found.push(`${key}=${entry.slice(0, 20).join(',')}${entry.length > 20 ? `…(${entry.length})` : ''}`);
      }
    }
  };
  collect(input, 0);
  collect(result, 0);
  return [...new Set(found)].join(' ');
}

/** The input, as compact text: secrets dropped, files as their size, long texts cut. */
export function summarise(value: unknown): string {
  const text = JSON.stringify(value, (key, entry: unknown) => {
    if (key && SECRET_KEY.test(key)) return '***';
    if (key === 'contentBase64' && typeof entry === 'string') return `[文件 ${Math.round((entry.length * 3) / 4 / 1024)} KB]`;
    if (typeof entry === 'string' && [...entry].length > MAX_TEXT) return `${[...entry].slice(0, MAX_TEXT).join('')}…`;
    return entry;
  }) ?? '';
  return [...text].length > MAX_SUMMARY ? `${[...text].slice(0, MAX_SUMMARY).join('')}…` : text;
}

/** "前：{…} → 后：{…}" when the state before is known, else the input alone. */
export function beforeAfter(before: unknown, input: unknown): string {
  return before === undefined ? summarise(input) : `前：${summarise(before)} → 后：${summarise(input)}`;
}
