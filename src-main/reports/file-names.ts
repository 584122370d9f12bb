/** File names for exported workbooks: Chinese, telling what is inside, safe on Windows, macOS and Linux. */

/** Characters no file system accepts (Windows is the strictest), and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001F]/gu;

export function safeFileNamePart(text: string): string {
  return text.replace(UNSAFE, '_').replace(/\s+/gu, '').replace(/^\.+/u, '').slice(0, 60);
}

/**
 * `省商务厅_2025年第一季度调度_进展情况表.xlsx`: the scope first (unit, round or year), then the report. Parts that
 * are empty are left out; without a round or year the date says what state the file shows.
 */
export function workbookFileName(parts: { unit?: string | null; period?: string | null; title: string }): string {
  const name = [parts.unit, parts.period, parts.title]
    .filter((part): part is string => typeof part === 'string' && part.trim().length > 0)
    .map(safeFileNamePart)
    .join('_');
  return `${name || '报表'}.xlsx`;
}
