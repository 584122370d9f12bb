/** Small text helpers for Chinese government documents. Pure; shared by the parser and the importers. */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** `十四` → 14, `二十一` → 21, `一百零五` → 105. Returns null for anything that is not a Chinese numeral. */
export function parseChineseNumeral(text: string): number | null {
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(text)) return null;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      current = DIGITS[ch] ?? 0;
    }
  }
  return total + current;
}

const NUMERAL_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → `一`, 14 → `十四`, 21 → `二十一`, 105 → `一百零五` (1–999), the inverse of `parseChineseNumeral`. */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`无法写成中文数字：${n}`);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = hundreds > 0 ? `${NUMERAL_DIGITS[hundreds]}百` : '';
  if (tens > 0) out += hundreds === 0 && tens === 1 ? '十' : `${NUMERAL_DIGITS[tens]}十`;
  else if (hundreds > 0 && ones > 0) out += '零';
  if (ones > 0) out += NUMERAL_DIGITS[ones];
  return out;
}

const HALF_TO_FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '(': '（', ')': '）', '?': '？', '!': '！' };
const CHINESE_CONTEXT = /[\u3400-\u9fff\uf900-\ufaff“”‘’《》（）、。，]/u;

/**
 * Web copies of Chinese documents often carry half-width punctuation (`,` `:` `(`) between Chinese
 * characters. Restore the full-width forms where a Chinese character stands on either side, so
 * text reads as the original; `1,000` or `A:B` stay as they are.
 */
export function restoreFullWidthPunctuation(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const full = HALF_TO_FULL[ch];
    const nearChinese = CHINESE_CONTEXT.test(text[i - 1] ?? '') || CHINESE_CONTEXT.test(text[i + 1] ?? '');
    out += full && nearChinese ? full : ch;
  }
  return out;
}

/** Normalises one line: trims ordinary and ideographic spaces and folds runs of inner spaces in headings. */
export function cleanLine(line: string): string {
  return line.replace(/[\s\u3000\u00a0]+$/u, '').replace(/^[\s\u3000\u00a0]+/u, '');
}

const OPENERS = new Set(['“', '（', '(', '《', '「', '『', '‘', '【']);
const CLOSERS = new Set(['”', '）', ')', '》', '」', '』', '’', '】']);

/**
 * Splits a paragraph into sentences that end with `。` (or `！`/`？`), never inside quotes or brackets,
 * so `“游山西·读历史。”` stays inside its sentence. A trailing fragment without an end mark is kept.
 */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i]!;
    if (OPENERS.has(ch)) depth++;
    else if (CLOSERS.has(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === '。' || ch === '！' || ch === '？')) {
      const sentence = paragraph.slice(start, i + 1).trim();
      if (sentence.replace(/[。！？]/g, '').trim()) sentences.push(sentence);
      start = i + 1;
    }
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}
