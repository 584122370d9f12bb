import type { Region } from '../api/plan.types';
import { cleanLine, parseChineseNumeral, restoreFullWidthPunctuation, splitSentences } from './chinese-text';
import { extractIndicators, type ParsedIndicator } from './indicator.extractor';

/**
 * Turns the text of a plan document into plan → chapter (章) → section (节) → measure (措施) → task (任务).
 * Pure: text in, tree out. Later importers (.docx, other numbering styles) feed their text through it.
 */

export interface ParsedTask {
  code: string;
  text: string;
}

export interface ParsedMeasure {
  code: string;
  /** The lead phrase, without its closing 。: `建设京津冀清洁能源供应基地`. */
  title: string;
  /** The whole paragraph as written. */
  text: string;
  tasks: ParsedTask[];
}

export interface ParsedSection {
  code: string;
  heading: string;
  title: string;
  /** Paragraphs before the first measure (for background chapters, the whole section). */
  intro: string;
  measures: ParsedMeasure[];
}

export interface ParsedChapter {
  code: string;
  heading: string;
  title: string;
  intro: string;
  region: Region | null;
  /** Background chapters (规划背景, 总体要求…) are kept as text; only the others hold assignable tasks. */
  hasTasks: boolean;
  sections: ParsedSection[];
}

export interface ParsedPlan {
  title: string;
  issuedOn: string | null;
  periodStart: number;
  periodEnd: number;
  outlookYear: number | null;
  preface: string;
  chapters: ParsedChapter[];
  indicators: ParsedIndicator[];
  /** The notes under the indicator table's caption (the table body itself is often lost in web copies). */
  indicatorNotes: string;
  /** Things the parser noticed and the office may want to check. */
  warnings: string[];
}

export class PlanParseError extends Error {}

export interface ParseOptions {
  /** Used when neither the title nor the text names the period; the parser then adds a warning to check it. */
  fallbackPeriod?: { periodStart: number; periodEnd: number };
}

const CHAPTER = /^第([零〇一二两三四五六七八九十百]+)章\s*(.*)$/u;
const SECTION = /^第([零〇一二两三四五六七八九十百]+)节\s*(.*)$/u;
const PREFACE = /^前\s*言$/u;
const ISSUED = /发布日期\s*[:：]\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/u;
/** Lines that begin the web page's furniture after the document ends. */
export const TRAILING_NOISE = /^(延伸阅读|相关新闻|相关阅读|推荐阅读|相关链接|责任编辑|分享到|打印本页|关闭窗口|扫一扫|（来源|\(来源|来源[:：]|本文由)/u;
/** Chapter titles that introduce rather than assign work. */
export const BACKGROUND_TITLE = /背景|总体要求|总体思路|发展基础|发展环境|形势|现状|指导思想/u;
/** A table caption such as `…主要指标` or `…指标表`; its notes follow it. */
const TABLE_CAPTION = /(主要指标|指标表|指标体系)$/u;
/** A measure's lead phrase is short and has no inner clause break. */
const MAX_LEAD_LENGTH = 30;
/**
 * A measure may also be written as a numbered item (`1.` `1、` `（1）` `(1)` `①` `（一）` `一、`), as many
 * implementation plans do. The number says it is an item, so its lead may be longer and hold commas.
 */
const ITEM_NUMBER = /^(?:\d{1,2}[.．、](?!\d)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]|[一二三四五六七八九十]{1,3}、|[①-⑳])\s*/u;
const MAX_NUMBERED_LEAD_LENGTH = 40;

const REGION_BY_KEYWORD: [RegExp, Region][] = [
  [/京津冀/u, '京津冀'],
  [/长三角/u, '长三角'],
  [/大湾区/u, '大湾区'],
  [/毗邻/u, '毗邻区'],
  [/保障措施|保障/u, '保障措施'],
];

export function parsePlan(rawText: string, options: ParseOptions = {}): ParsedPlan {
  const lines = rawText
    .replace(/^\uFEFF/u, '')
    .split(/\r\n|\r|\n/u)
    .map(cleanLine)
    .filter((line) => line.length > 0)
    .map(restoreFullWidthPunctuation);

  const titleIndex = lines.findIndex((line) => /《[^》]+》/u.test(line));
  const firstChapterIndex = lines.findIndex((line) => CHAPTER.test(line));
  if (firstChapterIndex < 0) {
    throw new PlanParseError('未找到“第一章”这样的章标题，无法识别规划结构。');
  }
  const titleLine = titleIndex >= 0 && titleIndex < firstChapterIndex ? lines[titleIndex]! : null;
  const title = titleLine ? titleLine.match(/《([^》]+)》/u)![1]! : lines[0]!;
  const headerLines = lines.slice(Math.max(0, titleIndex), firstChapterIndex);
  const issuedMatch = headerLines.join('\n').match(ISSUED);
  const issuedOn = issuedMatch
    ? `${issuedMatch[1]}-${issuedMatch[2]!.padStart(2, '0')}-${issuedMatch[3]!.padStart(2, '0')}`
    : null;
  const prefaceStart = headerLines.findIndex((line) => PREFACE.test(line));
  const preface = prefaceStart >= 0 ? headerLines.slice(prefaceStart + 1).join('\n') : '';

  const warnings: string[] = [];
  const chapters: ParsedChapter[] = [];
  let indicatorNotes: string[] = [];
  let goalsText = '';
  let inIndicatorNotes = false;
  /** A numbered measure given as a bare heading (`（一）加快承接产业转移`) takes the paragraphs that follow it. */
  let openMeasure: ParsedMeasure | null = null;
  const numberedMeasures: ParsedMeasure[] = [];

  const lastChapterIndex = lines.findLastIndex((line) => CHAPTER.test(line));

  for (let i = firstChapterIndex; i < lines.length; i++) {
    const line = lines[i]!;
    const chapterMatch = line.match(CHAPTER);
    const sectionMatch = line.match(SECTION);
    const chapter = chapters.at(-1);

    if (TRAILING_NOISE.test(line)) break;

    if (chapterMatch) {
      const number = parseChineseNumeral(chapterMatch[1]!) ?? chapters.length + 1;
      const chapterTitle = chapterMatch[2]!.trim();
      chapters.push({
        code: String(number),
        heading: `第${chapterMatch[1]}章`,
        title: chapterTitle,
        intro: '',
        region: regionOf(chapterTitle),
        hasTasks: !BACKGROUND_TITLE.test(chapterTitle),
        sections: [],
      });
      inIndicatorNotes = false;
      openMeasure = null;
      continue;
    }
    if (!chapter) continue;

    if (sectionMatch) {
      const number = parseChineseNumeral(sectionMatch[1]!) ?? chapter.sections.length + 1;
      chapter.sections.push({
        code: `${chapter.code}.${number}`,
        heading: `第${sectionMatch[1]}节`,
        title: sectionMatch[2]!.trim(),
        intro: '',
        measures: [],
      });
      inIndicatorNotes = false;
      openMeasure = null;
      continue;
    }

    if (i > lastChapterIndex && !/[。！？；：”]$/u.test(line) && !ITEM_NUMBER.test(line)) {
      // In the last chapter, an unpunctuated line that is no heading is the web page starting again.
      break;
    }

    if (TABLE_CAPTION.test(line) && !/[。，]/u.test(line)) {
      inIndicatorNotes = true;
      continue;
    }
    if (inIndicatorNotes) {
      indicatorNotes.push(line.replace(/^注[:：]\s*/u, ''));
      continue;
    }

    const section = chapter.sections.at(-1);
    if (!section) {
      chapter.intro = appendParagraph(chapter.intro, line);
      continue;
    }
    if (/发展目标|主要目标/u.test(section.title)) goalsText = appendParagraph(goalsText, line);

    const item = chapter.hasTasks ? numberedItem(line) : null;
    if (item) {
      const measureCode = `${section.code}.${section.measures.length + 1}`;
      const measure: ParsedMeasure = {
        code: measureCode,
        title: item.title,
        text: item.body,
        tasks: item.actions.map((text, index) => ({ code: `${measureCode}.${index + 1}`, text })),
      };
      section.measures.push(measure);
      numberedMeasures.push(measure);
      openMeasure = item.headingOnly ? measure : null;
      continue;
    }

    const lead = leadPhrase(line);
    if (openMeasure && lead === null) {
      openMeasure.text = appendParagraph(openMeasure.text, line);
      for (const text of splitSentences(line)) {
        openMeasure.tasks.push({ code: `${openMeasure.code}.${openMeasure.tasks.length + 1}`, text });
      }
      continue;
    }
    openMeasure = null;
    if (!chapter.hasTasks || lead === null) {
      if (chapter.hasTasks && section.measures.length > 0) {
        warnings.push(`${section.code} ${section.title}：措施之后的段落没有领句，已并入本节导语：“${line.slice(0, 20)}…”`);
      }
      section.intro = appendParagraph(section.intro, line);
      continue;
    }

    const measureCode = `${section.code}.${section.measures.length + 1}`;
    const actions = splitSentences(line.slice(lead.length + 1));
    if (actions.length === 0) warnings.push(`${measureCode} ${lead}：只有领句，没有具体任务。`);
    section.measures.push({
      code: measureCode,
      title: lead,
      text: line,
      tasks: actions.map((text, index) => ({ code: `${measureCode}.${index + 1}`, text })),
    });
  }

  if (chapters.length === 0) throw new PlanParseError('未识别出任何章节。');
  for (const measure of numberedMeasures.filter((m) => m.tasks.length === 0)) {
    warnings.push(`${measure.code} ${measure.title}：只有标题，没有具体任务。`);
  }
  let period: { periodStart: number; periodEnd: number };
  try {
    period = periodOf(title, lines.join('\n'));
  } catch (error) {
    if (!(error instanceof PlanParseError) || !options.fallbackPeriod) throw error;
    period = options.fallbackPeriod;
    warnings.push(`未能从标题或正文中识别规划期，暂按 ${period.periodStart}—${period.periodEnd} 年，请核对。`);
  }
  const { periodStart, periodEnd } = period;
  const outlookYear = /2035年/u.test(lines.join('')) ? 2035 : null;
  indicatorNotes = indicatorNotes.map((note) => note.trim());
  const indicators = extractIndicators({
    goalsText,
    notes: indicatorNotes,
    backgroundText: chapters.filter((c) => !c.hasTasks).flatMap((c) => [c.intro, ...c.sections.map((s) => s.intro)]).join('\n'),
    targetYear: periodEnd,
  });

  return {
    title,
    issuedOn,
    periodStart,
    periodEnd,
    outlookYear,
    preface,
    chapters,
    indicators,
    indicatorNotes: indicatorNotes.join('\n'),
    warnings,
  };
}

/** The lead phrase of a measure paragraph (`建设京津冀清洁能源供应基地`), or null if the paragraph has none. */
export function leadPhrase(paragraph: string): string | null {
  const end = paragraph.indexOf('。');
  if (end <= 0 || end > MAX_LEAD_LENGTH) return null;
  const lead = paragraph.slice(0, end);
  return /[，,；;：:]/u.test(lead) ? null : lead;
}

interface NumberedItem {
  title: string;
  /** The paragraph without its number. */
  body: string;
  actions: string[];
  /** Only a title (no sentence end): the paragraphs that follow are its actions. */
  headingOnly: boolean;
}

/**
 * A numbered measure: `1.建设承接产业转移示范区。由…牵头。` → title `建设承接产业转移示范区`, the rest its actions.
 * A single sentence is both the title and the one action; a bare heading has no actions yet.
 */
export function numberedItem(paragraph: string): NumberedItem | null {
  const number = paragraph.match(ITEM_NUMBER);
  if (!number) return null;
  const body = paragraph.slice(number[0].length).trim();
  if (!body) return null;
  const sentences = splitSentences(body);
  const first = sentences[0]!;
  if (!/[。！？]$/u.test(first)) {
    return { title: body.replace(/[，,；;：:]$/u, ''), body, actions: [], headingOnly: sentences.length === 1 };
  }
  const firstText = first.slice(0, -1);
  if (sentences.length > 1 && firstText.length <= MAX_NUMBERED_LEAD_LENGTH) {
    return { title: firstText, body, actions: sentences.slice(1), headingOnly: false };
  }
  return { title: firstText, body, actions: sentences, headingOnly: false };
}

function appendParagraph(text: string, paragraph: string): string {
  return text ? `${text}\n${paragraph}` : paragraph;
}

export function regionOf(chapterTitle: string): Region | null {
  return REGION_BY_KEYWORD.find(([pattern]) => pattern.test(chapterTitle))?.[1] ?? null;
}

/**
 * The plan period. `“十四五”` names the five-year plan: from the 3rd (1966–1970) on they run back to back,
 * so the Nth starts in 1966 + 5 × (N − 3). Otherwise an explicit `2021—2025年` range, else the current default.
 */
function periodOf(title: string, text: string): { periodStart: number; periodEnd: number } {
  const fiveYear = title.match(/[“"]?十([一二三四五六七八九])五[”"]?/u);
  if (fiveYear) {
    const n = 10 + (parseChineseNumeral(fiveYear[1]!) ?? 0);
    const start = 1966 + 5 * (n - 3);
    return { periodStart: start, periodEnd: start + 4 };
  }
  const range = text.match(/(20\d\d)\s*[—–\-~至到]\s*(20\d\d)\s*年/u);
  if (range) return { periodStart: Number(range[1]), periodEnd: Number(range[2]) };
  throw new PlanParseError('无法从标题或正文中识别规划期（如“十四五”或“2021—2025年”），请在导入时填写。');
}
