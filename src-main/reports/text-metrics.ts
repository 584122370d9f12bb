/**
 * How wide text is in an Excel column, and how many lines it wraps to. Excel measures column widths in
 * "characters" of the default font's digit; a CJK ideograph (or a full-width punctuation mark) in 宋体 is about two
 * of them. exceljs sets no row heights by itself, so every report computes them from these estimates; they err on
 * the wide side, because a row a little too tall looks fine and one too short hides text.
 */

/** Width of one full-width character in Excel's column units. Measured 1.9–2.05 in Excel/WPS/LibreOffice; 2.1 is safe. */
const WIDE = 2.1;
const NARROW = 1.05;

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    codePoint >= 0x20000
  );
}

/** Width of one line of text in column units. */
export function displayWidth(text: string): number {
  let width = 0;
  // charCodeAt rather than a string iterator: this runs for every cell of a 10,000-row report.
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    width += isWide(code) ? WIDE : NARROW;
  }
  return width;
}

/** A cell has about one character of padding; never let a tiny column divide by zero. */
const usableWidth = (columnWidth: number): number => Math.max(columnWidth - 1.2, 1.5);

/** Lines the text takes in a wrapped cell of the given column width (explicit line breaks count too). */
export function wrappedLines(text: string, columnWidth: number): number {
  const usable = usableWidth(columnWidth);
  const multiline = text.includes('\n');
  // No UTF-16 unit is wider than WIDE, so short text needs no measuring.
  if (!multiline && text.length * WIDE <= usable) return 1;
  if (!multiline) return Math.max(1, Math.ceil(displayWidth(text) / usable));
  let lines = 0;
  for (const line of text.split(/\r?\n/u)) {
    lines += Math.max(1, Math.ceil(displayWidth(line) / usable));
  }
  return lines;
}

/**
 * `Math.max(atLeast, wrappedLines(text, columnWidth))`, without measuring text too short to take more than `atLeast`
 * lines however wide its characters (a row's height is its tallest cell's: once one cell is measured, most of the
 * others need not be).
 */
export function linesAtLeast(atLeast: number, text: string, columnWidth: number): number {
  // The margin keeps a bound that falls on a line's end (where the measured width, summed character by character,
  // may round above it) measured.
  if (text.length * WIDE < atLeast * usableWidth(columnWidth) - 1e-6 && !text.includes('\n')) return atLeast;
  return Math.max(atLeast, wrappedLines(text, columnWidth));
}

/** Excel's (and WPS's) tallest row, in points: text wrapping beyond it is not shown, nor printed. */
export const MAX_ROW_HEIGHT = 409;

/** Height in points of a row showing `lines` lines of a font of `fontSize` points. */
export function rowHeightFor(lines: number, fontSize: number): number {
  // 宋体 in Excel/WPS needs 1.3 × the font size per line; LibreOffice's fallbacks (Noto CJK, WenQuanYi) up to 1.45.
  // 1.5, and 4 pt for the cell's padding, keeps the last line visible in all of them.
  return Math.min(MAX_ROW_HEIGHT, Math.ceil(lines * fontSize * 1.5 + 4));
}

/** The most lines of a font that a row can show: rows taller than this must continue on the next row. */
export function linesPerRow(fontSize: number): number {
  return Math.floor((MAX_ROW_HEIGHT - 4) / (fontSize * 1.5));
}

const WORD = /[A-Za-z0-9]/u;

/**
 * Cuts text into parts of at most `lines` wrapped lines each (as `wrappedLines` counts them, line breaks included),
 * for a cell too tall for one row. Lines are filled character by character, as Excel wraps Chinese; a cut is moved
 * back off the middle of a Latin word or number. Joined with the line breaks they were cut at, the parts are the
 * text again.
 */
export function splitWrapped(text: string, columnWidth: number, lines: number): string[] {
  const usable = usableWidth(columnWidth);
  const parts: string[] = [];
  let partStart = 0;
  let linesInPart = 1;
  let lineWidth = 0;
  const cut = (at: number, dropBreak: boolean) => {
    parts.push(text.slice(partStart, at));
    partStart = dropBreak ? at + 1 : at;
    linesInPart = 1;
    lineWidth = 0;
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      if (linesInPart === lines) cut(i, true);
      else {
        linesInPart += 1;
        lineWidth = 0;
      }
      continue;
    }
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
    const width = displayWidth(text.slice(i, i + pair));
    if (lineWidth > 0 && lineWidth + width > usable) {
      if (linesInPart === lines) {
        // Not inside a word or number: back to its start (unless it is longer than a line's worth).
        let at = i;
        if (WORD.test(text[i - 1]!) && WORD.test(text[i]!)) {
          let start = i;
          while (start > partStart && i - start < 30 && WORD.test(text[start - 1]!)) start--;
          if (start > partStart && !WORD.test(text[start - 1]!)) at = start;
        }
        const carried = displayWidth(text.slice(at, i));
        cut(at, false);
        lineWidth = carried;
      } else {
        linesInPart += 1;
        lineWidth = 0;
      }
    }
    lineWidth += width;
    i += pair - 1;
  }
  if (partStart < text.length || parts.length === 0) parts.push(text.slice(partStart));
  return parts;
}
