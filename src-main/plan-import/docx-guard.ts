import { AppError } from '../api/errors';
import { inflateEntry, readCentralDirectory, type ZipWording } from '../exchange/xlsx-guard';

/**
 * Checks an uploaded .docx before any parser unzips it, as xlsx-guard.ts does for workbooks: a 1.4 MB file whose
 * word/numbering.xml inflated without limit froze the server for 80 s and grew it to 4.6 GB. Every XML part any parser
 * reads (document, styles, numbering, footnotes, comments, relationships…) is inflated here under a hard cap on its
 * declared and on its actual size; only those parts, inflated, go on to the parser, so nothing unzips twice and no
 * part escapes the caps. Pictures and other binary parts are not read at all: the import needs only the text.
 */

const MB = 1024 * 1024;

export const DOCX_LIMITS = {
  entries: 2_000,
  /** The body of a plan: the longest real plan text is well under 5 MB of XML. */
  documentXmlBytes: 64 * MB,
  /** Any other part (styles, numbering, footnotes, headers…). */
  partBytes: 8 * MB,
  /** All parts read, together. */
  totalBytes: 100 * MB,
} as const;

export const NOT_DOCX = '文件不是有效的 Word 文档（.docx），可能已损坏。请在 Word 或 WPS 中打开后另存为 .docx 再导入。';

function tooLarge(part: string, limit: number): never {
  throw new AppError(
    'INVALID_INPUT',
    `Word 文档解压后过大（内部部件“${part}”超过 ${limit / MB} MB 的上限），不像是一份规划文本（可能是异常或恶意构造的文件），未导入。`,
  );
}

/** The .docx's XML parts (.xml, .rels), inflated, by path. Throws a Chinese message for anything else. */
export function checkDocx(bytes: Buffer): Map<string, Buffer> {
  const wording = (part: string, limit: number): ZipWording => ({
    kind: 'Word 文档',
    expected: '规划文本',
    resend: '请重新获取原文件后再导入。',
    resave: '请在 Word 或 WPS 中打开后另存为 .docx 再导入。',
    tooLarge: () => tooLarge(part, limit),
  });
  let entries;
  try {
    entries = readCentralDirectory(bytes, wording('', DOCX_LIMITS.totalBytes));
  } catch (error) {
    // A zip cut short: to the user, simply not a usable Word document. Other refusals keep their reason.
    if (error instanceof AppError && !error.message.startsWith('文件不完整')) throw error;
    throw new AppError('INVALID_INPUT', NOT_DOCX);
  }
  const names = new Set(entries.map((entry) => entry.name));
  if (!names.has('word/document.xml')) {
    if (names.has('xl/workbook.xml')) throw new AppError('INVALID_INPUT', '这是 Excel 表格，不是 Word 文档。请导入规划的 .docx 文档或 .txt 文本。');
    if (names.has('ppt/presentation.xml')) throw new AppError('INVALID_INPUT', '这是 PowerPoint 演示文稿，不是 Word 文档。请导入规划的 .docx 文档或 .txt 文本。');
    throw new AppError('INVALID_INPUT', NOT_DOCX);
  }
  if (entries.some((entry) => (entry.flags & 0x1) === 0x1)) {
    throw new AppError('INVALID_INPUT', 'Word 文档已加密（设置了打开密码），无法读取。请取消密码后另存为 .docx 再导入。');
  }
  if (entries.length > DOCX_LIMITS.entries) {
    throw new AppError('INVALID_INPUT', `文件包含 ${entries.length} 个内部部件，超过 ${DOCX_LIMITS.entries} 个的上限，不像是一份规划文本，未导入。`);
  }

  const read = entries.filter((entry) => /\.(?:xml|rels)$/iu.test(entry.name));
  const limitOf = (name: string) => (name === 'word/document.xml' ? DOCX_LIMITS.documentXmlBytes : DOCX_LIMITS.partBytes);
  // Declared sizes first: a refusal that costs no inflating at all.
  for (const entry of read) if (entry.uncompressedSize > limitOf(entry.name)) tooLarge(entry.name, limitOf(entry.name));
  let budget = DOCX_LIMITS.totalBytes;
  const parts = new Map<string, Buffer>();
  for (const entry of read) {
    const limit = Math.min(limitOf(entry.name), budget);
    // The declared size can lie: the cap is on what inflating actually produces.
    const content = inflateEntry(bytes, entry, limit, wording(entry.name, limit === budget ? DOCX_LIMITS.totalBytes : limit));
    budget -= content.length;
    parts.set(entry.name, content);
  }
  return parts;
}
