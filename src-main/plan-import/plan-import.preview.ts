import { createHash } from 'node:crypto';
import { AppError } from '../api/errors';
import type { ImportPreview, PreviewNode } from '../api/plan-import.types';
import { parsePlan, PlanParseError, type ParsedPlan } from '../plan/plan.parser';
import { readDocx } from './docx-reader';
import { createUnitDirectory, mergeResponsibilities, proposalFor, readResponsibility, type Responsibility, type UnitEntry } from './proposals';
import { recognizeStructure, textToParagraphs, type SourceParagraph } from './structure.recognizer';
import { decodeText } from './text-decoding';

/**
 * From the bytes of a chosen file to the preview the office checks and corrects: the recognised tree with the
 * units and deadlines the document names. Nothing here touches the database (the unit list is passed in).
 */

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_LABEL = '20 MB';

export interface PreviewContext {
  units: UnitEntry[];
  /** The year used for a period the document does not state. */
  currentYear: number;
}

const UNRECOGNISED = '未能识别出任何章节或条目，请确认这是一份规划文本。规划应有“第一章”或“一、”“（一）”这样的编号，或在 Word 中使用标题样式。';

export async function buildPreview(fileName: string, bytes: Uint8Array, context: PreviewContext): Promise<ImportPreview> {
  if (bytes.length === 0) throw new AppError('INVALID_INPUT', `文件“${fileName}”为空，没有可导入的内容。`);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new AppError('INVALID_INPUT', `文件“${fileName}”有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_IMPORT_LABEL} 的导入上限。`);
  }
  const { paragraphs, format, encoding, notes } = await readParagraphs(fileName, bytes);
  if (!paragraphs.some((p) => p.text.trim())) throw new AppError('INVALID_INPUT', `文件“${fileName}”为空，没有可导入的文字。`);

  const recognized = recognizeStructure(paragraphs);
  let parsed: ParsedPlan;
  try {
    parsed = parsePlan(recognized.text, { fallbackPeriod: fallbackPeriod(recognized.text, context.currentYear) });
  } catch (error) {
    if (error instanceof PlanParseError) throw new AppError('INVALID_INPUT', UNRECOGNISED);
    throw error;
  }
  const measureCount = parsed.chapters.reduce((n, c) => n + c.sections.reduce((m, s) => m + s.measures.length, 0), 0);
  const sectionCount = parsed.chapters.reduce((n, c) => n + c.sections.length, 0);
  if (parsed.chapters.length < 2 && sectionCount === 0 && measureCount === 0) throw new AppError('INVALID_INPUT', UNRECOGNISED);

  const warnings = [...notes, ...recognized.notes, ...parsed.warnings];
  const chapters = toPreviewNodes(parsed, recognized.headings, createUnitDirectory(context.units), warnings);
  return {
    source: { fileName, format, encoding, byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    title: parsed.title,
    issuedOn: parsed.issuedOn,
    periodStart: parsed.periodStart,
    periodEnd: parsed.periodEnd,
    outlookYear: parsed.outlookYear,
    preface: parsed.preface,
    indicatorNotes: parsed.indicatorNotes,
    indicators: parsed.indicators,
    levels: recognized.levels,
    warnings,
    previousImport: null,
    chapters,
  };
}

async function readParagraphs(
  fileName: string,
  bytes: Uint8Array,
): Promise<{ paragraphs: SourceParagraph[]; format: 'txt' | 'docx'; encoding: string | null; notes: string[] }> {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    const docx = await readDocx(bytes);
    const notes =
      docx.autoNumbered > 0
        ? [`文档中有 ${docx.autoNumbered} 段使用 Word 自动编号，编号本身不在文字中，已按标题样式和文字识别层级，请核对。`]
        : [];
    return { paragraphs: docx.paragraphs, format: 'docx', encoding: null, notes };
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
  return { paragraphs: textToParagraphs(decoded.text), format: 'txt', encoding: decoded.encoding, notes: [] };
}

function fallbackPeriod(text: string, currentYear: number): { periodStart: number; periodEnd: number } {
  const target = text.match(/到(20\d\d)年/u);
  const end = target ? Math.max(Number(target[1]), currentYear) : currentYear + 4;
  return { periodStart: Math.min(currentYear, end), periodEnd: end };
}

function toPreviewNodes(parsed: ParsedPlan, headings: Map<string, string>, units: ReturnType<typeof createUnitDirectory>, warnings: string[]): PreviewNode[] {
  let next = 0;
  const key = () => `n${++next}`;
  const unmatched = new Map<string, string[]>();
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

  const chapters = parsed.chapters.map((chapter) =>
    node({
      level: 'chapter',
      heading: headings.get(chapter.code) ?? chapter.heading,
      title: chapter.title,
      body: chapter.intro,
      hasTasks: chapter.hasTasks,
      region: chapter.region,
      children: chapter.sections.map((section) =>
        node({
          level: 'section',
          heading: headings.get(section.code) ?? section.heading,
          title: section.title,
          body: section.intro,
          children: section.measures.map((measure) => {
            const read = measure.tasks.map((task) => ({ text: task.text, responsibility: readResponsibility(task.text, units) }));
            const pure = read.filter((r) => r.responsibility.onlyResponsibility);
            const measureLevel = mergeResponsibilities(pure.map((r) => r.responsibility));
            let tasks = read.filter((r) => !r.responsibility.onlyResponsibility);
            // A measure whose only sentences say who and by when: its title is the task.
            if (tasks.length === 0 && pure.length > 0) tasks = [{ text: `${measure.title}。`, responsibility: readResponsibility('', units) }];
            return node({
              level: 'measure',
              title: measure.title,
              body: measure.text,
              children: tasks.map((task) => {
                const own: Responsibility | null = task.responsibility.phrases.length > 0 ? task.responsibility : null;
                const proposal = proposalFor(own, measureLevel);
                return node({ level: 'task', title: task.text, proposal });
              }),
            });
          }),
        }),
      ),
    }),
  );

  // Names that are not in the unit list, to add there or correct before saving.
  for (const chapter of chapters) {
    for (const task of chapter.children.flatMap((s) => s.children.flatMap((m) => m.children))) {
      for (const unit of [task.proposal?.leadUnit, ...(task.proposal?.cooperatingUnits ?? [])]) {
        if (unit && unit.unitId === null) unmatched.set(unit.name, [...(unmatched.get(unit.name) ?? []), task.key]);
      }
    }
  }
  for (const [name, tasks] of unmatched) {
    warnings.push(`“${name}”不在单位名单中（${tasks.length} 项任务提到），保存时写入任务备注；可先在“设置”中添加该单位或别名后重新导入。`);
  }
  return chapters;
}
