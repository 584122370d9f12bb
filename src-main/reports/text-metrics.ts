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

/** Lines the text takes in a wrapped cell of the given column width (explicit line breaks count too). */
export function wrappedLines(text: string, columnWidth: number): number {
  // A cell has about one character of padding; never let a tiny column divide by zero.
  const usable = Math.max(columnWidth - 1.2, 1.5);
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

/** Height in points of a row showing `lines` lines of a font of `fontSize` points. */
export function rowHeightFor(lines: number, fontSize: number): number {
  // 宋体 in Excel/WPS needs 1.3 × the font size per line; LibreOffice's fallbacks (Noto CJK, WenQuanYi) up to 1.45.
  // 1.5, and 4 pt for the cell's padding, keeps the last line visible in all of them.
  return Math.min(409, Math.ceil(lines * fontSize * 1.5 + 4));
}
