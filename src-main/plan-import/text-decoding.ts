import { AppError } from '../api/errors';

/**
 * Reads the text of a plain-text plan whatever Chinese Windows saved it as: UTF-8 (with or without a BOM),
 * GBK/GB18030 (Notepad's "ANSI" on a Chinese system, and most files from older intranet PCs) or UTF-16 with a BOM
 * (Notepad's "Unicode"). Decoders run in fatal mode, so a byte sequence that is not valid in the chosen encoding
 * is never turned into replacement characters: the text is either read exactly or refused.
 */

export type TextEncodingName = 'UTF-8' | 'UTF-8（带 BOM）' | 'GB18030' | 'UTF-16LE' | 'UTF-16BE';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const NOT_TEXT = '文件不是文本或 Word 文档（.docx），无法读取。请导入 .txt 文本文件或 .docx 文档。';

export function decodeText(bytes: Uint8Array): DecodedText {
  const decoded = decodeByBom(bytes) ?? decodeWithout(bytes);
  if (!decoded) throw new AppError('INVALID_INPUT', NOT_TEXT);
  if (looksBinary(decoded.text)) throw new AppError('INVALID_INPUT', NOT_TEXT);
  if (decoded.text.trim().length === 0) throw new AppError('INVALID_INPUT', '文件为空，没有可导入的内容。');
  return decoded;
}

function decodeByBom(bytes: Uint8Array): DecodedText | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return strict('utf-8', bytes.subarray(3), 'UTF-8（带 BOM）');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict('utf-16le', bytes.subarray(2), 'UTF-16LE');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict('utf-16be', bytes.subarray(2), 'UTF-16BE');
  return null;
}

/**
 * Without a BOM: valid UTF-8 is taken as UTF-8 (GBK text with Chinese in it is practically never valid UTF-8),
 * otherwise GB18030, the superset of GB2312 and GBK that Node's ICU decodes.
 */
function decodeWithout(bytes: Uint8Array): DecodedText | null {
  // NUL bytes never occur in UTF-8 or GB18030 text; they mark a binary file (or BOM-less UTF-16, which is rare).
  if (bytes.includes(0)) return null;
  return strict('utf-8', bytes, 'UTF-8') ?? strict('gb18030', bytes, 'GB18030');
}

function strict(label: string, bytes: Uint8Array, encoding: TextEncodingName): DecodedText | null {
  try {
    // ignoreBOM: the BOM, if any, was already taken off; a second one would be content.
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    return null;
  }
}

/** Control characters other than tab, line breaks and form feed are not in text a person wrote. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 64 * 1024);
  if (sample.length === 0) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f) control++;
  }
  return control > 0 && control / sample.length > 0.001;
}
