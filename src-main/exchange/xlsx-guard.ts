import { promisify } from 'node:util';
import { constants as zlibConstants, inflateRaw, inflateRawSync } from 'node:zlib';
import { AppError } from '../api/errors';
import { sheetNamesByPart } from './xlsx-sheet-names';

/**
 * Checks an uploaded .xlsx before any spreadsheet library sees it, so that a hostile or damaged file cannot
 * exhaust the app's memory or time (exceljs reads whole files into memory: a 6.6 MB file took 1 GB, and one
 * cell at A99999999 in a 6.7 KB file took 11 s — shared/FINDINGS.md).
 *
 * An .xlsx is a zip. This module reads the zip's central directory itself, then inflates every entry with a
 * hard cap on the output (zlib's maxOutputLength), so the limits hold even when the sizes the zip declares are
 * lies. It then reads each sheet's <dimension> and the row and cell references actually present. Only a file
 * that passes everything is handed to the parser (in a worker with its own memory limit, see xlsx-reader.ts), as the
 * XML parts inflated here, so that the parser does not unzip again.
 */

export const XLSX_LIMITS = {
  /** The file as uploaded. */
  fileBytes: 20 * 1024 * 1024,
  /** All entries inflated, declared and actual. */
  uncompressedBytes: 100 * 1024 * 1024,
  entries: 2_000,
  sheets: 50,
  /** Highest row number used in any sheet. */
  rows: 20_000,
  /** Highest column number used in any sheet (256 = IV, far wider than any template). */
  columns: 256,
} as const;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface CheckedXlsx {
  /** The package's XML parts (.xml, .rels), inflated, by path: what the parser reads. */
  parts: Map<string, Buffer>;
  /** What was worked around, in Chinese, for the preview. */
  notices: string[];
  sheetCount: number;
  maxRows: number;
}

const MB = 1024 * 1024;
const fail = (message: string): never => {
  throw new AppError('INVALID_INPUT', message);
};

/** The first bytes say what a file really is, whatever its name. */
export function sniffFormat(bytes: Uint8Array): 'zip' | 'ole2' | 'empty' | 'other' {
  if (bytes.length === 0) return 'empty';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06)) {
    return 'zip';
  }
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (bytes.length >= 8 && ole.every((b, i) => bytes[i] === b)) return 'ole2';
  return 'other';
}

/** How the zip checks word their messages for one kind of file (the .docx import reads zips with them too). */
export interface ZipWording {
  /** 'Excel 文件', 'Word 文档'. */
  kind: string;
  /** What a sound file of this kind is: '填报表', '规划文本'. */
  expected: string;
  /** What to do about a truncated file. */
  resend: string;
  /** What to do about a compression method nobody's program writes. */
  resave: string;
  tooLarge(): never;
}

const XLSX_WORDING: ZipWording = {
  kind: 'Excel 文件',
  expected: '填报表',
  resend: '请让填报单位重新发送原文件。',
  resave: '请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。',
  tooLarge: () => tooLarge(),
};

/** Reads the zip's central directory (no decompression). Throws a Chinese message for what is not a whole zip. */
export function readCentralDirectory(bytes: Buffer, wording: ZipWording = XLSX_WORDING): ZipEntry[] {
  const truncated = `文件不完整（可能在拷贝、下载或邮件传输时被截断）：找不到 ${wording.kind}结尾的目录。${wording.resend}`;
  // The end-of-central-directory record is in the last 22 + 65535 bytes (its comment is at most 64 KB).
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail(truncated);
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) fail(`文件使用了 ZIP64 格式（通常意味着文件超过 4 GB），不像是一份${wording.expected}，未导入。`);
  if (count > XLSX_LIMITS.entries) fail(`文件包含 ${count} 个内部部件，超过 ${XLSX_LIMITS.entries} 个的上限，不像是一份${wording.expected}，未导入。`);
  if (offset + size > eocd) fail(truncated);

  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) fail(truncated);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    entries.push({
      name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
      flags: bytes.readUInt16LE(p + 8),
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      uncompressedSize: bytes.readUInt32LE(p + 24),
      localHeaderOffset: bytes.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry, never producing more than `budget` bytes (whatever size the zip declares). */
export function inflateEntry(bytes: Buffer, entry: ZipEntry, budget: number, wording: ZipWording = XLSX_WORDING): Buffer {
  const data = storedData(bytes, entry, budget, wording);
  if (entry.method === 0) return data;
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(budget, 1) });
  } catch (error) {
    return inflateFailed(error, wording);
  }
}

const inflateRawAsync = promisify(inflateRaw);

/** The largest piece an entry is inflated in (see inflateEntryAsync). */
const INFLATE_CHUNK_BYTES = 256 * 1024;

/**
 * `inflateEntry` on libuv's thread pool: the same checks and the same cap on the output, without holding the event
 * loop while a sheet of 10,000 rows (5 MB of XML) is inflated.
 */
export async function inflateEntryAsync(bytes: Buffer, entry: ZipEntry, budget: number, wording: ZipWording = XLSX_WORDING): Promise<Buffer> {
  const data = storedData(bytes, entry, budget, wording);
  if (entry.method === 0) return data;
  try {
    // Inflated in chunks of up to 256 KB (by the size the entry declares) rather than zlib's 16 KB: a 5 MB sheet came
    // back to the main thread in 330 pieces, 17–20 ms of inflating where 5–7 ms do (bench/).
    const chunkSize = Math.min(INFLATE_CHUNK_BYTES, Math.max(zlibConstants.Z_DEFAULT_CHUNK, entry.uncompressedSize));
    return await inflateRawAsync(data, { maxOutputLength: Math.max(budget, 1), chunkSize });
  } catch (error) {
    return inflateFailed(error, wording);
  }
}

/** An entry's bytes as stored (compressed, unless its method is 0), after checking it is whole and of a known method. */
function storedData(bytes: Buffer, entry: ZipEntry, budget: number, wording: ZipWording): Buffer {
  // The part's name (xl/worksheets/sheet1.xml) would mean nothing to the person fixing the file: it is left out.
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50) fail(entryTruncated(wording));
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) fail(entryTruncated(wording));
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (data.length > budget) wording.tooLarge();
    return data;
  }
  if (entry.method !== 8) fail(`文件使用了不支持的压缩方式，${wording.resave}`);
  return data;
}

const entryTruncated = (wording: ZipWording) => `文件不完整或已损坏（其中有一部分内容读不出来），可能在传输时被截断。${wording.resend}`;

function inflateFailed(error: unknown, wording: ZipWording): never {
  if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') wording.tooLarge();
  return fail(entryTruncated(wording));
}

function tooLarge(): never {
  return fail(`文件解压后超过 ${XLSX_LIMITS.uncompressedBytes / MB} MB 的上限（可能是异常或恶意构造的文件），未导入。填报模板通常不到 1 MB。`);
}

/** Column letters to a number: A → 1, IV → 256. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The extent of a sheet: its declared <dimension>, and the highest row and column its cells really use. */
export interface SheetExtent {
  declaredRows: number;
  declaredColumns: number;
  rows: number;
  columns: number;
}

export function sheetExtent(xml: string): SheetExtent {
  const scan = extentScanner();
  scan.window(xml);
  return scan.extent;
}

/**
 * How much of a sheet's XML one window of `sheetExtentInSlices` reads: a few milliseconds of the regular expressions
 * below (a 10,000-row sheet is 5 MB of XML, ~50 ms in one go on a loaded machine).
 */
const EXTENT_WINDOW_CHARS = 512 * 1024;

/**
 * `sheetExtent` over windows of the XML, the event loop free between them. A window ends just before a "<": that
 * character cannot occur inside a tag or an attribute value of well-formed XML, so no tag is cut in two (a file that
 * is not well-formed is refused by the parser anyway).
 */
export async function sheetExtentInSlices(xml: string, yieldBetween: () => Promise<void>): Promise<SheetExtent> {
  const scan = extentScanner();
  for (let start = 0; start < xml.length; ) {
    let end = Math.min(xml.length, start + EXTENT_WINDOW_CHARS);
    if (end < xml.length) {
      const cut = xml.indexOf('<', end);
      end = cut < 0 ? xml.length : cut;
    }
    scan.window(xml.slice(start, end));
    start = end;
    if (start < xml.length) await yieldBetween();
  }
  return scan.extent;
}

/**
 * `sheetExtentInSlices` over a sheet's bytes, each window read as Latin-1: everything the scan looks for (tags, r="…",
 * letters and digits) is ASCII, which UTF-8 never uses inside a multi-byte character, so it finds what it finds in the
 * decoded text, without decoding the whole sheet into one string first (10 MB for a 10,000-row template of Chinese
 * text, bench/).
 */
export async function sheetBytesExtentInSlices(xml: Uint8Array, yieldBetween: () => Promise<void>): Promise<SheetExtent> {
  const bytes = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  const scan = extentScanner();
  for (let start = 0; start < bytes.length; ) {
    let end = Math.min(bytes.length, start + EXTENT_WINDOW_CHARS);
    if (end < bytes.length) {
      const cut = bytes.indexOf(0x3c /* < */, end);
      end = cut < 0 ? bytes.length : cut;
    }
    scan.window(bytes.toString('latin1', start, end));
    start = end;
    if (start < bytes.length) await yieldBetween();
  }
  return scan.extent;
}

/** The state of `sheetExtent` across consecutive windows of one sheet's XML. */
function extentScanner(): { window(text: string): void; extent: SheetExtent } {
  const extent: SheetExtent = { declaredRows: 0, declaredColumns: 0, rows: 0, columns: 0 };
  let dimensionSeen = false;
  let current = 0;
  return {
    extent,
    window(xml) {
      if (!dimensionSeen) {
        const dimension = /<(?:\w+:)?dimension\b[^>]*\bref="([A-Za-z]*)(\d*)(?::([A-Za-z]+)(\d+))?"/u.exec(xml);
        if (dimension) {
          dimensionSeen = true;
          extent.declaredRows = Number(dimension[4] ?? dimension[2] ?? 0);
          extent.declaredColumns = columnNumber(dimension[3] ?? dimension[1] ?? '');
        }
      }
      for (const match of xml.matchAll(/<(?:\w+:)?row\b([^>]*)>/gu)) {
        const r = /\br="(\d+)"/u.exec(match[1]!);
        current = r ? Number(r[1]) : current + 1;
        extent.rows = Math.max(extent.rows, current);
      }
      forEachCellReference(xml, (column, row) => {
        extent.columns = Math.max(extent.columns, column);
        extent.rows = Math.max(extent.rows, row);
      });
    },
  };
}

const isWordChar = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Each cell's reference in a sheet's XML as `/<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]{1,4})(\d+)"/gu` finds it (column number,
 * row), read by hand: the regular expression made an array and two strings per cell, 120,000 of each for a 10,000-row
 * template.
 */
export function forEachCellReference(xml: string, found: (column: number, row: number) => void): void {
  const end = xml.length;
  for (let at = xml.indexOf('<'); at >= 0; ) {
    // The tag's first word, and after a ":" its second (x:c): it is a cell when either word is just "c".
    const first = at + 1;
    let i = first;
    while (i < end && isWordChar(xml.charCodeAt(i))) i++;
    const isC = (from: number, to: number) => to === from + 1 && xml.charCodeAt(from) === 99; /* c */
    if (!isC(first, i) && i > first && xml.charCodeAt(i) === 58 /* : */) {
      const second = i + 1;
      i = second;
      while (i < end && isWordChar(xml.charCodeAt(i))) i++;
      if (!isC(second, i)) i = -1;
    } else if (!isC(first, i)) {
      i = -1;
    }
    let next = at + 1;
    if (i >= 0) {
      // The first r="…" in the tag, after a character that is not part of a word, that is 1–4 letters and digits.
      for (let p = i; p < end && xml.charCodeAt(p) !== 62 /* > */; p++) {
        if (xml.charCodeAt(p) !== 114 /* r */ || isWordChar(xml.charCodeAt(p - 1)) || xml.charCodeAt(p + 1) !== 61 || xml.charCodeAt(p + 2) !== 34) continue;
        let q = p + 3;
        let column = 0;
        while (q < end && q - (p + 3) < 5 && isLetter(xml.charCodeAt(q))) column = column * 26 + ((xml.charCodeAt(q++) & ~32) - 64);
        const letters = q - (p + 3);
        if (letters < 1 || letters > 4 || !isDigit(xml.charCodeAt(q))) continue;
        let row = 0;
        while (q < end && isDigit(xml.charCodeAt(q))) row = row * 10 + (xml.charCodeAt(q++) - 48);
        if (xml.charCodeAt(q) !== 34 /* " */) continue;
        found(column, row);
        next = q + 1;
        break;
      }
    }
    at = xml.indexOf('<', next);
  }
}

/**
 * Everything checked before parsing: what the file is, its size, its zip structure, its inflated size, its
 * sheets' extents. Returns the XML parts to parse.
 */
export function checkXlsx(bytes: Buffer): CheckedXlsx {
  const entries = checkPackage(bytes);
  let budget = XLSX_LIMITS.uncompressedBytes;
  const inflated = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const content = inflateEntry(bytes, entry, budget);
    budget -= content.length;
    if (budget < 0) tooLarge();
    inflated.set(entry.name, content);
  }
  return checkSheets(inflated, sheetsOf(inflated).map((name) => [name, sheetExtent(inflated.get(name)!.toString('utf8'))]));
}

/**
 * `checkXlsx` without holding the event loop (what the app's imports use): the parts are inflated on libuv's thread
 * pool and the sheets scanned a window at a time, `yieldBetween` letting the loop run between the windows. The same
 * checks, limits and messages.
 */
export async function checkXlsxAsync(bytes: Buffer, yieldBetween: () => Promise<void>): Promise<CheckedXlsx> {
  const entries = checkPackage(bytes);
  let budget = XLSX_LIMITS.uncompressedBytes;
  const inflated = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    // One at a time: each entry's cap is what the entries before it left of the budget.
    const content = await inflateEntryAsync(bytes, entry, budget);
    budget -= content.length;
    if (budget < 0) tooLarge();
    inflated.set(entry.name, content);
  }
  const extents: [string, SheetExtent][] = [];
  for (const name of sheetsOf(inflated)) {
    await yieldBetween();
    extents.push([name, await sheetBytesExtentInSlices(inflated.get(name)!, yieldBetween)]);
  }
  return checkSheets(inflated, extents);
}

/** The checks before anything is inflated: the file's kind and size, its zip directory, its declared sizes. */
function checkPackage(bytes: Buffer): ZipEntry[] {
  const format = sniffFormat(bytes);
  if (format === 'empty') fail('文件是空的（0 字节），请确认选择了填好的填报表。');
  if (format === 'ole2') {
    fail('这是旧版 Excel 97-2003 格式（.xls）的文件，或加了打开密码的文件，无法读取。请在 Excel 或 WPS 中打开，取消密码后“另存为” Excel 工作簿（.xlsx）再导入。');
  }
  if (bytes.length > XLSX_LIMITS.fileBytes) {
    fail(`文件大小为 ${(bytes.length / MB).toFixed(1)} MB，超过 ${XLSX_LIMITS.fileBytes / MB} MB 的导入上限。填报模板通常不到 1 MB，请确认选择了正确的文件。`);
  }
  if (format !== 'zip') {
    const head = bytes.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
    if (head.startsWith('<') && head.includes('html')) fail('这是网页（HTML）文件，不是 Excel 文件（.xlsx）。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。');
    fail('文件不是 Excel 工作簿（.xlsx）：内容既不是 .xlsx 也不是 .xls。请选择从本系统导出、填好的填报模板。');
  }

  const entries = readCentralDirectory(bytes);
  const names = new Set(entries.map((entry) => entry.name));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('word/document.xml')) fail('这是 Word 文档，不是 Excel 工作簿（.xlsx）。请选择填好的填报模板。');
    if (names.has('ppt/presentation.xml')) fail('这是 PowerPoint 演示文稿，不是 Excel 工作簿（.xlsx）。请选择填好的填报模板。');
    if (names.has('content.xml')) fail('这是 WPS/LibreOffice 的 ODF 格式（.ods 等）文件。请另存为 Excel 工作簿（.xlsx）再导入。');
    fail('文件是压缩包，但不是 Excel 工作簿（.xlsx）：缺少工作簿内容。请选择填好的填报模板。');
  }
  if (entries.some((entry) => (entry.flags & 0x1) === 0x1)) fail('文件已加密（设置了打开密码），无法读取。请取消密码后另存为 .xlsx 再导入。');

  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > XLSX_LIMITS.uncompressedBytes) tooLarge();
  return entries;
}

const sheetsOf = (inflated: ReadonlyMap<string, Buffer>) => [...inflated.keys()].filter((name) => /^xl\/worksheets\/[^/]+\.xml$/u.test(name));

/** The checks on the inflated package: how many sheets, and each sheet's rows and columns (`extents`, in order). */
function checkSheets(inflated: Map<string, Buffer>, extents: [string, SheetExtent][]): CheckedXlsx {
  if (extents.length > XLSX_LIMITS.sheets) fail(`文件包含 ${extents.length} 个工作表，超过 ${XLSX_LIMITS.sheets} 个的上限，未导入。`);
  let maxRows = 0;
  // Named as on the sheet tabs, not by their part in the package (sheet1.xml).
  const tabNames = sheetNamesByPart(inflated);
  const shown = (name: string) => `“${tabNames.get(name) ?? name.replace(/^xl\/worksheets\//u, '')}”`;
  for (const [name, extent] of extents) {
    const rows = Math.max(extent.declaredRows, extent.rows);
    const columns = Math.max(extent.declaredColumns, extent.columns);
    maxRows = Math.max(maxRows, extent.rows);
    if (rows > XLSX_LIMITS.rows) {
      fail(`工作表${shown(name)}用到第 ${rows} 行，超过 ${XLSX_LIMITS.rows} 行的导入上限。填报模板每个单位通常只有几十行，请删除多余的行后再导入。`);
    }
    if (columns > XLSX_LIMITS.columns) {
      fail(`工作表${shown(name)}用到第 ${columns} 列，超过 ${XLSX_LIMITS.columns} 列的导入上限，请删除多余的列后再导入。`);
    }
  }

  // Pictures, shapes and charts are not read (the import needs only cell contents); say so.
  const notices = [...inflated.keys()].some(isDrawingPart) ? ['文件中的图片、图形或图表已忽略（导入只读取单元格内容）。'] : [];
  const parts = new Map([...inflated].filter(([name]) => /\.(?:xml|rels)$/u.test(name) && !isDrawingPart(name)));
  return { parts, notices, sheetCount: extents.length, maxRows };
}

/** Drawings (pictures, shapes) and the charts they hold. */
function isDrawingPart(name: string): boolean {
  return /^xl\/drawings\/(?:_rels\/)?drawing\d*\.xml(?:\.rels)?$/u.test(name) || /^xl\/charts\//u.test(name);
}
