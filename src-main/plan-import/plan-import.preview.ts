import { createHash } from 'node:crypto';
import { AppError } from '../api/errors';
import type { ColumnMapping, ImportPreview, ImportSource, PreviewNode } from '../api/plan-import.types';
import { readXlsx } from '../exchange/xlsx-reader';
import { parsePlan, PlanParseError, type ParsedPlan } from '../plan/plan.parser';
import { readDocx, type DocxTable } from './docx-reader';
import { accountForText, keptTexts } from './leftovers';
import { createUnitDirectory, mergeResponsibilities, proposalFor, readResponsibility, type Responsibility, type UnitDirectory, type UnitEntry } from './proposals';
import { isResponsibilityLine, MORE_BACKGROUND_TITLE, recognizeStructure, textToParagraphs, type SourceParagraph } from './structure.recognizer';
import { findTaskTable, readTaskTable, workbookGrids, type Grid } from './table-import';
import { decodeText } from './text-decoding';

/**
 * From the bytes of a chosen file to the preview the office checks and corrects: the recognised tree with the
 * units and deadlines the document names, and every piece of text the tree does not hold (未导入的文字). A Word
 * table or an Excel sheet laid out as a 任务分工表 is read by its columns. Nothing here touches the database (the
 * unit list is passed in).
 */

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_LABEL = '20 MB';

export interface PreviewContext {
  units: UnitEntry[];
  /** A 分工表's columns as the office mapped them; guessed from the headers when absent. */
  columns?: ColumnMapping | undefined;
}

const UNRECOGNISED = '未能识别出任何章节或条目，请确认这是一份规划文本。规划应有“第一章”或“一、”“（一）”这样的编号，或在 Word 中使用标题样式。';
/** The parser wants a period; 0 stands for "not stated", which the preview passes on as null. */
const NO_PERIOD = { periodStart: 0, periodEnd: 0 };

interface ReadSource {
  paragraphs: SourceParagraph[];
  format: ImportSource['format'];
  encoding: string | null;
  notes: string[];
  tables: { origin: string; grid: Grid; before: SourceParagraph[]; after: SourceParagraph[] }[];
}

export async function buildPreview(fileName: string, bytes: Uint8Array, context: PreviewContext): Promise<ImportPreview> {
  if (bytes.length === 0) throw new AppError('INVALID_INPUT', `文件“${fileName}”为空，没有可导入的内容。`);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new AppError('INVALID_INPUT', `文件“${fileName}”有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_IMPORT_LABEL} 的导入上限。`);
  }
  const read = await readSource(fileName, bytes);
  const source: ImportSource = { fileName, format: read.format, encoding: read.encoding, byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  const units = createUnitDirectory(context.units);

  const found = findTaskTable(read.tables);
  if (found) return tablePreview(source, read, found, units, context.columns ?? null);
  if (read.format === 'xlsx') {
    throw new AppError(
      'INVALID_INPUT',
      `“${fileName}”中没有找到任务分工表：表头应有“具体任务”（或“重点任务”）和“牵头单位”（或“责任单位”）这样的列。请核对工作表后再导入。`,
    );
  }
  if (!read.paragraphs.some((p) => p.text.trim())) throw new AppError('INVALID_INPUT', `文件“${fileName}”为空，没有可导入的文字。`);

  const recognized = recognizeStructure(read.paragraphs);
  let parsed: ParsedPlan;
  try {
    parsed = parsePlan(recognized.text, { fallbackPeriod: NO_PERIOD });
  } catch (error) {
    if (error instanceof PlanParseError) throw new AppError('INVALID_INPUT', UNRECOGNISED);
    throw error;
  }
  const measureCount = parsed.chapters.reduce((n, c) => n + c.sections.reduce((m, s) => m + s.measures.length, 0), 0);
  const sectionCount = parsed.chapters.reduce((n, c) => n + c.sections.length, 0);
  if (parsed.chapters.length < 2 && sectionCount === 0 && measureCount === 0) throw new AppError('INVALID_INPUT', UNRECOGNISED);

  const periodKnown = parsed.periodStart !== 0;
  const warnings = [
    ...read.notes,
    ...recognized.notes,
    ...parsed.warnings.filter((w) => !w.startsWith('未能从标题或正文中识别规划期')),
    ...(periodKnown ? [] : ['文件中没有写明规划期（如“2024—2026年”或“十四五”），请在上方填写开始和结束年份。']),
  ];
  const chapters = toPreviewNodes(parsed, recognized.headings, units, recognized.itemResponsibilities);
  warnings.push(...unitWarnings(chapters));
  const preview: ImportPreview = {
    source,
    title: parsed.title,
    issuedOn: parsed.issuedOn,
    periodStart: periodKnown ? parsed.periodStart : null,
    periodEnd: periodKnown ? parsed.periodEnd : null,
    outlookYear: parsed.outlookYear,
    preface: parsed.preface,
    indicatorNotes: parsed.indicatorNotes,
    indicators: periodKnown ? parsed.indicators : parsed.indicators.filter((i) => i.targetYear >= 2000),
    levels: recognized.levels,
    warnings,
    previousImport: null,
    chapters,
    leftovers: [],
    table: null,
  };
  preview.leftovers = accountForText(
    read.paragraphs.map((p) => p.text),
    keptTexts(preview),
    recognized.dropped,
  );
  if (preview.leftovers.length > 0) warnings.push(`有 ${preview.leftovers.length} 段文字未导入，列在“未导入的文字”中，可逐段加入结构。`);
  return preview;
}

function tablePreview(
  source: ImportSource,
  read: ReadSource,
  found: NonNullable<ReturnType<typeof findTaskTable>>,
  units: UnitDirectory,
  columns: ColumnMapping | null,
): ImportPreview {
  let next = 0;
  const table = readTaskTable(found, units, columns, () => `n${++next}`);
  const around = read.tables.find((t) => t.grid === found.grid);
  const before = (around?.before ?? []).map((p) => p.text.trim()).filter(Boolean);
  const after = (around?.after ?? []).map((p) => p.text.trim()).filter(Boolean);
  const titleIndex = before.findIndex((text) => /(规划|方案|计划|要点|表|台账|清单)$/u.test(text) && !/[。，]/u.test(text));
  const title = titleIndex >= 0 ? before[titleIndex]! : (table.title ?? source.fileName.replace(/\.[^.]+$/u, ''));
  const preface = before.filter((_, i) => i !== titleIndex).join('\n');
  const years = `${title}\n${preface}`.match(/(20\d\d)\s*[—–\-~至到]\s*(20\d\d)\s*年/u);
  const warnings = [...read.notes, ...unitWarnings(table.chapters)];
  if (!years) warnings.push('文件中没有写明规划期（如“2024—2026年”），请在上方填写开始和结束年份。');
  if (columns === null) warnings.push(`已按表头识别各列（${found.origin}），请在“列的对应”中核对，改动后点“按此重新识别”。`);
  const preview: ImportPreview = {
    source,
    title,
    issuedOn: null,
    periodStart: years ? Number(years[1]) : null,
    periodEnd: years ? Number(years[2]) : null,
    outlookYear: null,
    preface,
    indicatorNotes: '',
    indicators: [],
    levels: [`表格：${found.origin}，第 ${found.headerRow + 1} 行为表头，${table.table.rows} 行任务`],
    warnings,
    previousImport: null,
    chapters: table.chapters,
    leftovers: [],
    table: table.table,
  };
  const dropped = [...table.dropped, ...after.map((text) => ({ text, reason: '表格之后的文字' }))];
  const sourceLines = [...before, ...table.sourceLines, ...after];
  preview.leftovers = accountForText(sourceLines, keptTexts(preview), dropped).map((item, i) => ({ ...item, key: `n${next + i + 1}` }));
  return preview;
}

async function readSource(fileName: string, bytes: Uint8Array): Promise<ReadSource> {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // A workbook (its central directory names xl/workbook.xml) goes to the guarded .xlsx reader.
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('xl/workbook.xml')) {
      const { workbook, notices } = await readXlsx(Buffer.from(bytes));
      return { paragraphs: [], format: 'xlsx', encoding: null, notes: notices, tables: workbookGrids(workbook).map((t) => ({ ...t, before: [], after: [] })) };
    }
    const docx = await readDocx(bytes);
    const notes =
      docx.autoNumbered > 0
        ? [`文档中有 ${docx.autoNumbered} 段使用 Word 自动编号，编号本身不在文字中，已按标题样式和文字识别层级，请核对。`]
        : [];
    return { paragraphs: docx.paragraphs, format: 'docx', encoding: null, notes, tables: docx.tables.map((t: DocxTable, i) => ({ origin: `文档中的第 ${i + 1} 个表格`, grid: t.rows, before: t.before, after: t.after })) };
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    throw new AppError(
      'INVALID_INPUT',
      `“${fileName}”是旧版 Word 文档（.doc）或 WPS 文档（.wps），无法直接读取。请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再导入。`,
    );
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) {
    throw new AppError('INVALID_INPUT', `“${fileName}”是 PDF 文件，无法读取其段落结构。请导入规划的 Word 文档（.docx），或把正文复制到记事本另存为 .txt 后导入。`);
  }
  if (starts(0x7b, 0x5c, 0x72, 0x74, 0x66)) {
    throw new AppError('INVALID_INPUT', `“${fileName}”是 RTF 格式。请在 Word 或 WPS 中另存为 .docx 后再导入。`);
  }
  const decoded = decodeText(bytes);
  return { paragraphs: textToParagraphs(decoded.text), format: 'txt', encoding: decoded.encoding, notes: [], tables: [] };
}

function toPreviewNodes(parsed: ParsedPlan, headings: Map<string, string>, units: UnitDirectory, itemResponsibilities: string[]): PreviewNode[] {
  let next = 0;
  const key = () => `n${++next}`;
  const ownLine = new Set(itemResponsibilities.map(closeSentence));
  const node = (fields: Partial<PreviewNode> & Pick<PreviewNode, 'level' | 'title'>): PreviewNode => ({
    key: key(),
    heading: '',
    body: '',
    hasTasks: false,
    region: null,
    proposal: null,
    children: [],
    ...fields,
  });

  return parsed.chapters.map((chapter) => {
    // Principles and targets (基本原则, 工作目标) introduce; their paragraphs are not tasks.
    const background = !chapter.hasTasks || MORE_BACKGROUND_TITLE.test(chapter.title);
    return node({
      level: 'chapter',
      heading: headings.get(chapter.code) ?? chapter.heading,
      title: chapter.title,
      body: chapter.intro,
      hasTasks: !background,
      region: chapter.region,
      children: chapter.sections.map((section) =>
        node({
          level: 'section',
          heading: headings.get(section.code) ?? section.heading,
          title: section.title,
          body: background ? [section.intro, ...section.measures.map((m) => m.text)].filter(Boolean).join('\n') : section.intro,
          children: background
            ? []
            : section.measures.map((measure) => {
                const sentences = attachBrackets(measure.tasks.map((task) => withoutLeadClause(task.text)), ownLine);
                // A bracket right after the item's title gives the title sentence its own units: it is a task too.
                const first = sentences[0];
                if (first !== undefined && leadingBracket(first) === first && !ownLine.has(closeSentence(first)) && measure.text.startsWith(`${measure.title}。`)) {
                  sentences[0] = `${measure.title}。${first}`;
                }
                const read = sentences.map((text) => ({
                  text,
                  responsibility: readResponsibility(text, units),
                }));
                const pure = read.filter((r) => r.responsibility.onlyResponsibility);
                const measureLevel = mergeResponsibilities(pure.map((r) => r.responsibility));
                let tasks = read.filter((r) => !r.responsibility.onlyResponsibility && r.text);
                // A measure whose only sentences say who and by when: its title is the task.
                if (tasks.length === 0 && pure.length > 0) tasks = [{ text: `${measure.title}。`, responsibility: readResponsibility('', units) }];
                return node({
                  level: 'measure',
                  title: measure.title,
                  body: measure.text,
                  children: tasks.map((task) => {
                    const own: Responsibility | null = task.responsibility.phrases.length > 0 ? task.responsibility : null;
                    return node({ level: 'task', title: task.text, proposal: proposalFor(own, measureLevel) });
                  }),
                });
              }),
        }),
      ),
    });
  });
}

/**
 * `推出精品线路。（市文旅局牵头）编制地图。` splits after the full stop, so the bracket starts the next sentence; it
 * belongs to the sentence before it. A bracket that stood on its own line after the item speaks for the whole item and
 * stays a sentence of its own (read as the measure's responsibility), as does one right after the item's title.
 */
function attachBrackets(sentences: string[], ownLine: Set<string>): string[] {
  const out: string[] = [];
  for (const sentence of sentences) {
    const bracket = leadingBracket(sentence);
    if (bracket && !ownLine.has(closeSentence(sentence)) && !ownLine.has(closeSentence(bracket))) {
      const rest = sentence.slice(bracket.length).trim();
      if (out.length > 0) {
        out[out.length - 1] = `${out.at(-1)!}${bracket}`;
      } else {
        out.push(bracket);
      }
      if (rest) out.push(rest);
      continue;
    }
    out.push(sentence);
  }
  return out;
}

/** A responsibility note in brackets at the start of a sentence: `（市文旅局牵头，市商务局配合）`. */
function leadingBracket(sentence: string): string | null {
  if (!/^[（(]/u.test(sentence)) return null;
  let depth = 0;
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i]!;
    if (ch === '（' || ch === '(') depth++;
    else if (ch === '）' || ch === ')') {
      depth--;
      if (depth === 0) {
        const bracket = sentence.slice(0, i + 1);
        return isResponsibilityLine(bracket) ? bracket : null;
      }
    }
  }
  return null;
}

function closeSentence(text: string): string {
  return text.replace(/[。；;，,]$/u, '');
}

/**
 * A paragraph's lead clause (`围绕产业转型升级需要，重点做好以下工作：`) introduces its tasks and is not one: the task
 * starts after it. It stays in the measure's text.
 */
function withoutLeadClause(sentence: string): string {
  const lead = sentence.match(/^[^。：:]{2,60}(?:以下|如下|下列)[^。：:]{0,10}[：:]/u);
  if (!lead) return sentence;
  const rest = sentence.slice(lead[0].length).trim();
  return rest || sentence;
}

/** Names not in the unit list, to map to a unit or add as one in the preview before saving. */
function unitWarnings(chapters: PreviewNode[]): string[] {
  const unmatched = new Map<string, number>();
  for (const chapter of chapters) {
    for (const task of chapter.children.flatMap((s) => s.children.flatMap((m) => m.children))) {
      for (const unit of [task.proposal?.leadUnit, ...(task.proposal?.cooperatingUnits ?? [])]) {
        if (unit && unit.unitId === null && !unit.group) unmatched.set(unit.name, (unmatched.get(unit.name) ?? 0) + 1);
      }
    }
  }
  return [...unmatched].map(
    ([name, count]) => `“${name}”不在单位名单中（${count} 项任务提到）：请在“不在名单中的单位”里对应到已有单位，或新增为单位，再保存。`,
  );
}

