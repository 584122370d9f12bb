import type { CellData } from './xlsx-cells';

/**
 * Reading what people type into cells: percentages in every way Excel, WPS and LibreOffice store them, and dates
 * in every common Chinese form. Each returns a value or a Chinese message saying what is wrong.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Characters as people count them: 𠮷 is one (JavaScript's `.length` counts it as two UTF-16 units). */
export function charCount(text: string): number {
  // The UTF-16 length less one per surrogate pair, as iterating the string by code points counts (a lone surrogate is
  // one). Not by iterating: that made a string per character, ~4 million of them for a 10,000-row template (bench/).
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/** The first `max` characters of a text quoted in a message, never half of one. */
export function clip(text: string, max: number): string {
  return charCount(text) > max ? [...text].slice(0, max).join('') : text;
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF05\uFF0B\uFF0D\uFF0F]/gu;
/** Full-width digits and signs (Chinese input methods produce them) as ASCII. */
export function halfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/gu, ' ');
}

/** 完成进度: an integer 0–100. Accepts 60, "60", "60%", 0.6 in a cell formatted as a percentage, "６０％". */
export function parsePercent(cell: CellData | undefined): Parsed<number> {
  if (!cell) return { ok: false, message: '不能为空，请填写 0 到 100 之间的整数' };
  let value: number;
  let shown: string;
  switch (cell.t) {
    case 'n':
      value = cell.pct ? cell.v * 100 : cell.v;
      shown = cell.pct ? `${formatted(value)}%` : formatted(value);
      break;
    case 's': {
      const text = halfWidth(cell.v).replace(/\s+/gu, '');
      if (text === '') return { ok: false, message: '不能为空，请填写 0 到 100 之间的整数' };
      const match = /^([+-]?\d+(?:\.\d+)?)%?$/u.exec(text);
      if (!match) return { ok: false, message: `应为 0 到 100 之间的整数，“${clip(cell.v, 20)}”不是数字` };
      value = Number(match[1]);
      shown = cell.v.trim();
      break;
    }
    case 'd':
      return { ok: false, message: `应为 0 到 100 之间的整数，单元格中是日期（${cell.v.slice(0, 10)}）` };
    default:
      return { ok: false, message: `应为 0 到 100 之间的整数，收到“${cell.t === 'b' ? String(cell.v) : cell.v}”` };
  }
  // 0.57 × 100 is 56.99999999999999 in floating point.
  const rounded = Math.round(value * 1e6) / 1e6;
  if (!Number.isInteger(rounded)) return { ok: false, message: `应为整数，收到“${shown}”` };
  if (rounded < 0 || rounded > 100) return { ok: false, message: `应在 0 到 100 之间，收到“${shown}”` };
  return { ok: true, value: rounded };
}

function formatted(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

const CHINESE_DIGITS: Record<string, number> = { 〇: 0, 零: 0, '○': 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二〇二五 → 2025 (digit by digit); 三十一 → 31, 十二 → 12 (with 十). */
function chineseNumber(text: string): number | null {
  if (/^\d+$/u.test(text)) return Number(text);
  if (!/^[〇○零一二两三四五六七八九十]+$/u.test(text)) return null;
  if (!text.includes('十')) return Number([...text].map((ch) => CHINESE_DIGITS[ch]).join(''));
  const [tens, ones] = text.split('十') as [string, string];
  const t = tens === '' ? 1 : (CHINESE_DIGITS[tens] ?? NaN);
  const o = ones === '' ? 0 : (CHINESE_DIGITS[ones] ?? NaN);
  const n = t * 10 + o;
  return Number.isNaN(n) ? null : n;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** Excel's day number (1900 date system, with its phantom 29 Feb 1900) as a date. */
export function excelSerialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * A date typed as text: 2025-03-31, 2025/3/31, 2025.3.31, 2025年3月31日, 20250331, 二〇二五年三月三十一日, with or
 * without a time after it, in half- or full-width digits.
 */
export function parseDateText(input: string): string | null {
  const text = halfWidth(input).trim().replace(/\s+/gu, ' ');
  const withoutTime = text.replace(/(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$/u, '');
  let match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/u.exec(withoutTime);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{4})(\d{2})(\d{2})$/u.exec(withoutTime);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^([〇○零一二三四五六七八九\d]{4})年([〇○零一二三四五六七八九十\d]{1,3})月([〇○零一二三四五六七八九十\d]{1,3})日?$/u.exec(withoutTime.replace(/\s/gu, ''));
  if (match) {
    const [year, month, day] = [chineseNumber(match[1]!), chineseNumber(match[2]!), chineseNumber(match[3]!)];
    if (year !== null && month !== null && day !== null) return isoDate(year, month, day);
  }
  return null;
}

/** 填报日期: blank, a real date cell, an Excel day number, or a date typed as text in any common form. */
export function parseDateCell(cell: CellData | undefined): Parsed<string | null> {
  if (!cell) return { ok: true, value: null };
  switch (cell.t) {
    case 'd': {
      // exceljs reads a date cell as midnight UTC of the day shown.
      const value = isoDate(Number(cell.v.slice(0, 4)), Number(cell.v.slice(5, 7)), Number(cell.v.slice(8, 10)));
      return value ? { ok: true, value } : { ok: false, message: `日期“${cell.v.slice(0, 10)}”不在 2000—2100 年之间` };
    }
    case 'n': {
      const value = excelSerialDate(cell.v);
      return value ? { ok: true, value } : { ok: false, message: `“${cell.v}”不是有效的日期` };
    }
    case 's': {
      if (cell.v.trim() === '') return { ok: true, value: null };
      const value = parseDateText(cell.v);
      return value
        ? { ok: true, value }
        : { ok: false, message: `“${clip(cell.v.trim(), 30)}”不是可识别的日期，请写成 2025-03-31、2025/3/31 或 2025年3月31日` };
    }
    default:
      return { ok: false, message: '不是有效的日期' };
  }
}
