import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../api/errors';
import { checkDocx, NOT_DOCX } from './docx-guard';
import type { SourceParagraph } from './structure.recognizer';

/**
 * Reads a Word document (.docx, also as saved by WPS) into its paragraphs, each with the outline level Word
 * shows in its navigation pane: from a heading style (标题 1 / Heading 1), from a custom style that sets an
 * outline level (一级标题…), or from an outline level set on the paragraph itself. Mammoth reads the text (runs,
 * hyperlinks, fields, tracked insertions; deletions left out); it does not report outline levels, so this
 * module reads them from the package's XML.
 *
 * A hostile file costs an error, never the app: docx-guard.ts caps every part before anything is parsed, and mammoth
 * runs in a worker thread with a capped heap and a time limit (docx-read.worker.mjs).
 */

export interface DocxContent {
  /** Every paragraph, those in table cells included, in document order. */
  paragraphs: SourceParagraph[];
  /** The document's tables as grids, merged cells repeated in every position they cover, with the paragraphs outside any table before and after each. */
  tables: DocxTable[];
  /** Paragraphs numbered by Word's automatic numbering: their numbers are not part of the text. */
  autoNumbered: number;
}

export interface DocxTable {
  rows: string[][];
  before: SourceParagraph[];
  after: SourceParagraph[];
}

export const DOCX_PARSE_LIMITS = {
  /** The worker's old-generation heap, as for the .xlsx reader; a plan of a few hundred pages needs a small part of it. */
  heapMb: 512,
  timeoutMs: 30_000,
} as const;

export interface DocxParseOptions {
  heapMb: number;
  timeoutMs: number;
  /** Tests only: a worker script that cannot start, to exercise the in-process fallback. */
  workerUrl?: URL;
}

/** Paragraphs with an outline level of their own get this pseudo style, which mammoth passes through. */
const OUTLINE_STYLE_PREFIX = 'PlanDeskOutline';

export async function readDocx(bytes: Uint8Array, options: DocxParseOptions = DOCX_PARSE_LIMITS): Promise<DocxContent> {
  // The worker starts (a new thread loading mammoth) while the file is checked.
  const worker = startWorker(options);
  let parts: Map<string, Buffer>;
  try {
    parts = checkDocx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    void worker?.terminate();
    throw error;
  }
  const stylesXml = parts.get('word/styles.xml')?.toString('utf8') ?? '';
  const styleLevels = readStyleOutlineLevels(stylesXml);
  const documentXml = parts.get('word/document.xml')!.toString('utf8');
  const marked = markDirectOutlineLevels(documentXml);
  if (marked !== documentXml) parts.set('word/document.xml', Buffer.from(marked, 'utf8'));

  const found = await parseParagraphs(worker, parts, options);

  const paragraphs: SourceParagraph[] = [];
  const outside: SourceParagraph[] = [];
  const tables: { rows: string[][]; at: number }[] = [];
  let autoNumbered = 0;
  for (const paragraph of found) {
    if ('table' in paragraph) {
      tables.push({ rows: toGrid(paragraph.table), at: outside.length });
      continue;
    }
    const level = outlineLevelOf(paragraph, styleLevels);
    const isTitle = /^(title|标题)$/iu.test(paragraph.styleName ?? '') || paragraph.styleId === 'Title';
    const text = paragraph.text;
    if (!text.trim()) continue;
    if (paragraph.numbered) autoNumbered++;
    const read: SourceParagraph[] = [];
    if (level !== null || isTitle) {
      // A heading wrapped with a manual line break is still one heading.
      read.push({ text: text.replace(/\n/gu, ''), level, ...(isTitle ? { isTitle } : {}) });
    } else {
      for (const line of text.split('\n')) if (line.trim()) read.push({ text: line, level: null });
    }
    paragraphs.push(...read);
    if (!paragraph.inTable) outside.push(...read);
  }
  return {
    paragraphs,
    autoNumbered,
    tables: tables.map((table) => ({ rows: table.rows, before: outside.slice(0, table.at), after: outside.slice(table.at) })),
  };
}

/** Rows of cells with spans → a grid; a merged cell's text stands in each position it covers, marked as a repeat. */
function toGrid(rows: MammothCell[][]): string[][] {
  const grid: string[][] = [];
  const pending = new Map<number, { text: string; left: number }>();
  rows.forEach((cells, r) => {
    const row: string[] = [];
    let column = 0;
    const fill = () => {
      let carried = pending.get(column);
      while (carried) {
        row[column] = carried.text;
        if (--carried.left === 0) pending.delete(column);
        column++;
        carried = pending.get(column);
      }
    };
    for (const cell of cells) {
      fill();
      for (let span = 0; span < cell.colSpan; span++) {
        row[column] = span === 0 ? cell.text : MERGED;
        if (cell.rowSpan > 1) pending.set(column, { text: MERGED, left: cell.rowSpan - 1 });
        column++;
      }
    }
    fill();
    grid[r] = Array.from(row, (text) => text ?? '');
  });
  return grid;
}

/** A grid position covered by a merged cell whose text stands in the first position. */
export const MERGED = '\u0000';

/**
 * Where the worker is: in the built app, an entry of its own in out/main (this code may sit in out/main or in a
 * shared chunk under out/main/chunks); when the sources run (tests), beside this file.
 */
function workerUrl(): URL {
  for (const candidate of ['./docx-read.worker.js', '../docx-read.worker.js']) {
    const built = new URL(candidate, import.meta.url);
    if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  }
  return new URL('./docx-read.worker.mjs', import.meta.url);
}

function startWorker(options: DocxParseOptions): Worker | null {
  try {
    return new Worker(options.workerUrl ?? workerUrl(), {
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: Math.min(32, options.heapMb), stackSizeMb: 4 },
    });
  } catch {
    return null;
  }
}

type Found = MammothParagraph | { table: MammothCell[][] };
type WorkerReply = { ready: true } | { ok: true; paragraphs: Found[] } | { ok: false; message: string };

/**
 * Runs mammoth over the checked parts in the worker, within its heap and time limits. A worker that cannot start at
 * all (an archive a worker cannot load from) is replaced by a parse in-process: the guard has already bounded what the
 * parts can cost; the worker's limits are the second line of defence, as for .xlsx files.
 */
function parseParagraphs(worker: Worker | null, parts: Map<string, Buffer>, options: DocxParseOptions): Promise<Found[]> {
  const payload = Object.fromEntries(parts);
  const inProcess = async () => {
    const module = (await import(/* @vite-ignore */ workerUrl().href)) as { extract(parts: Record<string, Uint8Array>): Promise<Found[]> };
    return module.extract(payload).catch(() => Promise.reject(new AppError('INVALID_INPUT', NOT_DOCX)));
  };
  if (worker === null) return inProcess();
  return new Promise((resolve, reject) => {
    let started = false;
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new AppError('INVALID_INPUT', `Word 文档解析超过 ${options.timeoutMs / 1000} 秒仍未完成，内容可能异常，未导入。`))),
      options.timeoutMs,
    );
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) started = true;
      else finish(() => (reply.ok ? resolve(reply.paragraphs) : reject(new AppError('INVALID_INPUT', NOT_DOCX))));
    });
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(new AppError('INVALID_INPUT', `Word 文档内容过于庞大或复杂，解析时超出 ${options.heapMb} MB 的内存上限，未导入。`));
        } else if (!started) {
          inProcess().then(resolve, reject);
        } else {
          reject(new AppError('INVALID_INPUT', NOT_DOCX));
        }
      }),
    );
    worker.once('exit', (code) => finish(() => reject(new AppError('INVALID_INPUT', `Word 文档解析进程意外退出（${code}），未导入。`))));
    worker.postMessage({ parts: payload });
  });
}

interface MammothParagraph {
  text: string;
  styleId: string | null;
  styleName: string | null;
  numbered: boolean;
  inTable: boolean;
}

interface MammothCell {
  text: string;
  colSpan: number;
  rowSpan: number;
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
