import JSZip from 'jszip';
import mammoth from 'mammoth';
import { AppError } from '../api/errors';
import type { SourceParagraph } from './structure.recognizer';

/**
 * Reads a Word document (.docx, also as saved by WPS) into its paragraphs, each with the outline level Word
 * shows in its navigation pane: from a heading style (标题 1 / Heading 1), from a custom style that sets an
 * outline level (一级标题…), or from an outline level set on the paragraph itself. Mammoth reads the text (runs,
 * hyperlinks, fields, tracked insertions; deletions left out); it does not report outline levels, so this
 * module reads them from the package's XML.
 */


export interface DocxContent {
  paragraphs: SourceParagraph[];
  /** Paragraphs numbered by Word's automatic numbering: their numbers are not part of the text. */
  autoNumbered: number;
}

/** A .docx is a zip; these limits stop a small file that unpacks to gigabytes (a zip bomb). */
const MAX_DOCUMENT_XML_BYTES = 64 * 1024 * 1024;
const MAX_STYLES_XML_BYTES = 8 * 1024 * 1024;
/** Paragraphs with an outline level of their own get this pseudo style, which mammoth passes through. */
const OUTLINE_STYLE_PREFIX = 'PlanDeskOutline';

const NOT_DOCX = '文件不是有效的 Word 文档（.docx），可能已损坏。请在 Word 或 WPS 中打开后另存为 .docx 再导入。';

export async function readDocx(bytes: Uint8Array): Promise<DocxContent> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new AppError('INVALID_INPUT', NOT_DOCX);
  }
  const documentFile = zip.file('word/document.xml');
  if (!documentFile) {
    if (zip.file('xl/workbook.xml')) throw new AppError('INVALID_INPUT', '这是 Excel 表格，不是 Word 文档。请导入规划的 .docx 文档或 .txt 文本。');
    if (zip.file('ppt/presentation.xml')) throw new AppError('INVALID_INPUT', '这是 PowerPoint 演示文稿，不是 Word 文档。请导入规划的 .docx 文档或 .txt 文本。');
    throw new AppError('INVALID_INPUT', NOT_DOCX);
  }
  const documentXml = await readCapped(documentFile, MAX_DOCUMENT_XML_BYTES);
  const stylesFile = zip.file('word/styles.xml');
  const stylesXml = stylesFile ? await readCapped(stylesFile, MAX_STYLES_XML_BYTES) : '';
  if (documentXml === null || stylesXml === null) {
    throw new AppError('INVALID_INPUT', 'Word 文档解压后过大（正文超过 64 MB），不像是一份规划文本，未导入。');
  }

  const styleLevels = readStyleOutlineLevels(stylesXml);
  let input = bytes;
  const marked = markDirectOutlineLevels(documentXml);
  if (marked !== documentXml) {
    zip.file('word/document.xml', marked);
    input = await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
  }

  const found: MammothParagraph[] = [];
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(input.buffer, input.byteOffset, input.byteLength) },
      {
        // Collect the paragraphs and hand mammoth an empty document: no HTML (or images) is needed.
        transformDocument: (document: unknown) => {
          collectParagraphs(document, found);
          return isRecord(document) ? { ...document, children: [] } : document;
        },
      },
    );
  } catch {
    throw new AppError('INVALID_INPUT', NOT_DOCX);
  }

  const paragraphs: SourceParagraph[] = [];
  let autoNumbered = 0;
  for (const paragraph of found) {
    const level = outlineLevelOf(paragraph, styleLevels);
    const isTitle = /^(title|标题)$/iu.test(paragraph.styleName ?? '') || paragraph.styleId === 'Title';
    const text = paragraph.text;
    if (!text.trim()) continue;
    if (paragraph.numbered) autoNumbered++;
    if (level !== null || isTitle) {
      // A heading wrapped with a manual line break is still one heading.
      paragraphs.push({ text: text.replace(/\n/gu, ''), level, ...(isTitle ? { isTitle } : {}) });
    } else {
      for (const line of text.split('\n')) if (line.trim()) paragraphs.push({ text: line, level: null });
    }
  }
  return { paragraphs, autoNumbered };
}

interface MammothParagraph {
  text: string;
  styleId: string | null;
  styleName: string | null;
  numbered: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Mammoth's document model: elements with a `type` and `children`; paragraphs carry style and numbering. */
function collectParagraphs(node: unknown, out: MammothParagraph[]): void {
  if (!isRecord(node)) return;
  if (node.type === 'paragraph') {
    out.push({
      text: textOf(node),
      styleId: typeof node.styleId === 'string' ? node.styleId : null,
      styleName: typeof node.styleName === 'string' ? node.styleName : null,
      numbered: isRecord(node.numbering),
    });
    return;
  }
  if (Array.isArray(node.children)) for (const child of node.children) collectParagraphs(child, out);
}

function textOf(node: unknown): string {
  if (!isRecord(node)) return '';
  if (node.type === 'text') return typeof node.value === 'string' ? node.value : '';
  if (node.type === 'tab') return '\t';
  if (node.type === 'break') return node.breakType === 'line' ? '\n' : '';
  return Array.isArray(node.children) ? node.children.map(textOf).join('') : '';
}

function outlineLevelOf(paragraph: MammothParagraph, styleLevels: Map<string, number>): number | null {
  const direct = paragraph.styleId?.startsWith(OUTLINE_STYLE_PREFIX) ? Number(paragraph.styleId.slice(OUTLINE_STYLE_PREFIX.length)) : NaN;
  if (Number.isInteger(direct)) return direct + 1;
  const fromStyle = paragraph.styleId ? styleLevels.get(paragraph.styleId) : undefined;
  if (fromStyle !== undefined) return fromStyle + 1;
  const named = paragraph.styleName?.match(/^(?:heading|标题)\s*([1-9])$/iu);
  return named ? Number(named[1]) : null;
}

interface StyleDef {
  basedOn: string | null;
  outlineLevel: number | null;
}

/** styleId → outline level (0–8) for paragraph styles, following `basedOn` as Word does. */
export function readStyleOutlineLevels(stylesXml: string): Map<string, number> {
  const styles = new Map<string, StyleDef>();
  for (const match of stylesXml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/gu)) {
    const attributes = match[1]!;
    if (!/w:type="paragraph"/u.test(attributes)) continue;
    const styleId = attributes.match(/w:styleId="([^"]*)"/u)?.[1];
    if (!styleId) continue;
    const body = match[2]!;
    const level = body.match(/<w:outlineLvl\s+w:val="(\d+)"/u)?.[1];
    styles.set(styleId, {
      basedOn: body.match(/<w:basedOn\s+w:val="([^"]*)"/u)?.[1] ?? null,
      outlineLevel: level === undefined ? null : Number(level),
    });
  }
  const levels = new Map<string, number>();
  for (const styleId of styles.keys()) {
    let current: string | null = styleId;
    for (let depth = 0; current && depth < 12; depth++) {
      const style = styles.get(current);
      if (!style) break;
      if (style.outlineLevel !== null) {
        // Level 9 is Word's "body text": no outline level.
        if (style.outlineLevel <= 8) levels.set(styleId, style.outlineLevel);
        break;
      }
      current = style.basedOn;
    }
  }
  return levels;
}

/**
 * Gives each paragraph that sets its own outline level (WPS and Word's 段落 → 大纲级别) a pseudo style naming the
 * level, so it survives mammoth's reading. Direct formatting outranks the paragraph's style, as in Word.
 * A tracked change's old properties (w:pPrChange) are left alone.
 */
export function markDirectOutlineLevels(documentXml: string): string {
  if (!documentXml.includes('w:outlineLvl')) return documentXml;
  return documentXml.replace(/<w:pPr>([\s\S]*?)<\/w:pPr>/gu, (whole, inner: string) => {
    const own = inner.replace(/<w:pPrChange\b[\s\S]*?<\/w:pPrChange>/gu, '');
    const level = own.match(/<w:outlineLvl\s+w:val="(\d+)"\s*\/>/u)?.[1];
    if (level === undefined || Number(level) > 8) return whole;
    const style = `<w:pStyle w:val="${OUTLINE_STYLE_PREFIX}${level}"/>`;
    const withoutStyle = inner.replace(/<w:pStyle\b[^>]*\/>/u, '');
    return `<w:pPr>${style}${withoutStyle}</w:pPr>`;
  });
}

/** Unpacks one part, giving up (null) as soon as it passes the limit instead of unpacking all of it first. */
function readCapped(file: JSZip.JSZipObject, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stream = file.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.pause();
        stream.removeAllListeners();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', () => reject(new AppError('INVALID_INPUT', NOT_DOCX)));
  });
}
