import { cleanLine, restoreFullWidthPunctuation, splitSentences, toChineseNumeral } from '../plan/chinese-text';
import { BACKGROUND_TITLE, leadPhrase, TRAILING_NOISE } from '../plan/plan.parser';

/**
 * The step in front of `parsePlan`: reads how a document numbers its structure and rewrites it in the shape the
 * parser reads (`第X章`, `第X节`, measure paragraphs), so every plan ends up as chapter → section → measure → task.
 *
 * Chinese official documents number their levels `一、` → `（一）` → `1.` → `（1）` (GB/T 9704); plans also use
 * `第X章`/`第X节`, and Word documents may mark headings by style or outline level alone. The document's own
 * levels are ranked (style levels take the rank of the numbering they carry), then the top level becomes the
 * chapter, the next heading level the section, and the next the measure; anything deeper is part of the measure
 * (its tasks). A level whose items run on into sentences (`（一）加强组织领导。…`) is a measure, not a heading.
 */

export interface SourceParagraph {
  text: string;
  /** Outline level 1–9 (1 = top) from a heading style or outline level; null for body text and plain text files. */
  level: number | null;
  /** Styled as the document's title. */
  isTitle?: boolean;
}

export interface RecognizedStructure {
  /** The document in the parser's shape. */
  text: string;
  /** The document's own heading for a chapter or section, by the code the parser gives it (`2` → `二、`). */
  headings: Map<string, string>;
  /** How the levels were read, for the preview: `章：“一、”`. */
  levels: string[];
  notes: string[];
  /** Lines left out of `text`, with why: they go to the preview's 未导入的文字. */
  dropped: { text: string; reason: string }[];
  /** Responsibility lines that stood on their own line after an item: they speak for the whole item. */
  itemResponsibilities: string[];
}

export const DROP_REASONS = {
  beforeTitle: '标题之前的网页或通知内容',
  webNoise: '网页杂项（相关新闻、责任编辑、分享等）',
  signature: '文末落款或日期',
  attachment: '附件',
  repeated: '重复的全文',
  header: '标题与正文之间的文字',
} as const;

export const IMPLIED_SECTION_TITLE = '（未分节）';

type Kind = 'zhang' | 'jie' | 'cnDun' | 'cnParen' | 'arabicDot' | 'arabicParen' | 'circled';

const MARKERS: { kind: Kind; pattern: RegExp; rank: number; label: string }[] = [
  { kind: 'zhang', pattern: /^第[零〇一二两三四五六七八九十百\d]+章/u, rank: 10, label: '第X章' },
  { kind: 'jie', pattern: /^第[零〇一二两三四五六七八九十百\d]+节/u, rank: 20, label: '第X节' },
  { kind: 'cnDun', pattern: /^[一二三四五六七八九十]{1,3}[、．]/u, rank: 30, label: '一、' },
  { kind: 'cnParen', pattern: /^[（(][一二三四五六七八九十]{1,3}[）)]/u, rank: 40, label: '（一）' },
  { kind: 'arabicDot', pattern: /^\d{1,2}[.．、](?!\d)/u, rank: 50, label: '1.' },
  { kind: 'arabicParen', pattern: /^[（(]\d{1,2}[）)]/u, rank: 60, label: '（1）' },
  { kind: 'circled', pattern: /^[①-⑳]/u, rank: 70, label: '①' },
];

/**
 * Lines that only say who is responsible or by when; they belong to the item before them: `牵头单位：省教育厅` (often
 * with no closing punctuation), or a whole line in brackets, which may hold brackets of its own
 * (`（责任单位：市直各有关单位、各县（市、区）人民政府）`).
 */
const LABELLED_RESPONSIBILITY = /^(?:责任单位|牵头单位|配合单位|责任部门|牵头部门|配合部门|主责单位|协办单位|完成时限|完成时间|时间节点)[:：]/u;
export function isResponsibilityLine(text: string): boolean {
  if (LABELLED_RESPONSIBILITY.test(text)) return true;
  const body = text.replace(/[。；;]$/u, '');
  if (!/^[（(]/u.test(body) || !/[）)]$/u.test(body) || !/牵头|负责|配合|责任单位|责任部门|完成时限|指导/u.test(body)) return false;
  // The first bracket must close at the end of the line: `（一）…（省商务厅负责）` is an item, not a note.
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '（' || ch === '(') depth++;
    else if (ch === '）' || ch === ')') {
      depth--;
      if (depth === 0 && i < body.length - 1) return false;
    }
  }
  return depth === 0;
}
const TITLE_WORDS = /(规划|方案|计划|纲要|意见|措施|要点|办法|清单|安排|行动)(?:[（(][^（）()]{2,20}[）)])?$/u;
const PREFACE = /^(前\s*言|序\s*言)$/u;
const END_OF_DOCUMENT = /^附\s*件/u;
/** Besides the parser's background chapters: principles and targets are not tasks either. */
export const MORE_BACKGROUND_TITLE = /基本原则|工作原则|工作目标|主要目标|总体目标|目标要求/u;

interface Line {
  text: string;
  level: number | null;
  isTitle: boolean;
  kind: Kind | null;
  marker: string;
  /** The text after the number. */
  rest: string;
}

export function textToParagraphs(text: string): SourceParagraph[] {
  return text.split(/\r\n|\r|\n/u).map((line) => ({ text: line, level: null }));
}

export function recognizeStructure(paragraphs: SourceParagraph[]): RecognizedStructure {
  const lines = paragraphs
    .map((p) => ({ ...p, text: restoreFullWidthPunctuation(cleanLine(p.text.replace(/^\uFEFF/u, ''))) }))
    .filter((p) => p.text.length > 0)
    .map(classify);
  readRunOnNumbers(lines);
  return lines.some((line) => line.kind === 'zhang') ? chapterDocument(lines) : numberedDocument(lines);
}

function classify(p: SourceParagraph): Line {
  for (const { kind, pattern } of MARKERS) {
    const match = p.text.match(pattern);
    if (match) return { text: p.text, level: p.level, isTitle: !!p.isTitle, kind, marker: match[0], rest: p.text.slice(match[0].length).trim() };
  }
  return { text: p.text, level: p.level, isTitle: !!p.isTitle, kind: null, marker: '', rest: p.text };
}

/**
 * `11.121人才梯队项目。` right after item 10 is item 11 whose text starts with a number, not a decimal inside item 10:
 * a number followed by a digit counts as the next item when it is the next number in a running list.
 */
function readRunOnNumbers(lines: Line[]): void {
  let last = 0;
  for (const line of lines) {
    if (line.kind === 'arabicDot') {
      last = Number(line.marker.match(/\d+/u)![0]);
      continue;
    }
    if (line.kind !== null && line.kind !== 'arabicParen' && line.kind !== 'circled') {
      last = 0;
      continue;
    }
    const runOn = line.kind === null ? line.text.match(/^(\d{1,2})[.．](?=\d)/u) : null;
    if (runOn && last >= 1 && Number(runOn[1]) === last + 1) {
      last++;
      line.kind = 'arabicDot';
      line.marker = runOn[0];
      line.rest = line.text.slice(runOn[0].length).trim();
    }
  }
}

/**
 * A document that already says `第X章`: the parser reads it as it is. Only headings given by style alone are
 * numbered, and responsibility lines are joined to their paragraph.
 */
function chapterDocument(lines: Line[]): RecognizedStructure {
  const chapterLevel = commonLevel(lines.filter((l) => l.kind === 'zhang'));
  const sectionLevel = commonLevel(lines.filter((l) => l.kind === 'jie')) ?? (chapterLevel !== null ? chapterLevel + 1 : null);
  const out: string[] = [];
  const notes: string[] = [];
  const itemResponsibilities: string[] = [];
  let chapters = 0;
  let sections = 0;
  let items = 0;
  for (const line of lines) {
    if (line.kind === 'zhang') {
      chapters++;
      sections = 0;
    } else if (line.kind === 'jie') {
      sections++;
      items = 0;
    }
    if (isResponsibilityLine(line.text) && out.length > 0) {
      out[out.length - 1] = joinSentence(out.at(-1)!, line.text);
      itemResponsibilities.push(line.text);
      continue;
    }
    if (line.level !== null && line.kind === null && !line.isTitle && !PREFACE.test(line.text) && chapterLevel !== null) {
      if (line.level === chapterLevel) {
        out.push(`第${toChineseNumeral(++chapters)}章 ${line.text}`);
        sections = 0;
        continue;
      }
      if (line.level === sectionLevel && chapters > 0) {
        out.push(`第${toChineseNumeral(++sections)}节 ${line.text}`);
        items = 0;
        continue;
      }
      if (sectionLevel !== null && line.level > sectionLevel && chapters > 0) {
        out.push(`（${++items}）${line.text}`);
        continue;
      }
    }
    out.push(line.text);
  }
  const levels = ['章：“第X章”', '节：“第X节”', '措施：以句号结束的领句，或编号条目', '任务：措施中的每一句'];
  if (chapters === 0) notes.push('未找到章标题。');
  return { text: out.join('\n'), headings: new Map(), levels, notes, dropped: [], itemResponsibilities };
}

interface Rank {
  rank: number;
  label: string;
  /** Share of its items that are bare headings rather than running on into sentences. */
  headingShare: number;
  /** Some of its items have items of a deeper level under them. */
  hasChildren: boolean;
}

/** A document numbered `一、（一）1.（1）` and/or by heading styles. */
function numberedDocument(all: Line[]): RecognizedStructure {
  const notes: string[] = [];
  const dropped: RecognizedStructure['dropped'] = [];
  const drop = (from: Line[], reason: string) => dropped.push(...from.map((line) => ({ text: line.text, reason })));
  const { title, start, next } = findTitle(all);
  if (start > 0) notes.push(`已略去标题之前的 ${start} 行（网页或通知的外围内容），见“未导入的文字”。`);
  drop(all.slice(0, start), DROP_REASONS.beforeTitle);
  let lines = all.slice(next);
  // A web page that shows the document twice: the second copy starts again with the title.
  const again = lines.findIndex((line) => line.text === all[start]!.text);
  const repeated = again >= 0 ? lines.slice(again) : [];
  if (again >= 0) {
    notes.push('文件中全文出现了两次，只导入第一遍；第二遍列在“未导入的文字”中。');
    lines = lines.slice(0, again);
  }
  const noise = lines.findIndex((line) => TRAILING_NOISE.test(line.text));
  if (noise >= 0) {
    drop(lines.slice(noise), DROP_REASONS.webNoise);
    lines = lines.slice(0, noise);
  }

  const rankOf = rankLines(lines);
  const structural = (line: Line) => rankOf.get(line) !== undefined;
  const ranks = [...new Map([...rankOf.values()].map((r) => [r.rank, r])).values()].sort((a, b) => a.rank - b.rank);

  // Where the document ends: a line without sentence punctuation after the last top-level heading (落款, dates),
  // or an attachment (附件). A responsibility line (`牵头单位：区发改局`) has none either, and does not end it.
  const top = ranks[0];
  const lastTop = top ? lines.findLastIndex((line) => rankOf.get(line)?.rank === top.rank) : -1;
  const end = lines.findIndex(
    (line, i) =>
      i > lastTop &&
      lastTop >= 0 &&
      !structural(line) &&
      !isResponsibilityLine(line.text) &&
      (END_OF_DOCUMENT.test(line.text) || !/[。！？；：”]$/u.test(line.text)),
  );
  if (end >= 0) {
    const attachment = lines.findIndex((line, i) => i >= end && END_OF_DOCUMENT.test(line.text));
    drop(lines.slice(end, attachment >= 0 ? attachment : lines.length), DROP_REASONS.signature);
    if (attachment >= 0) drop(lines.slice(attachment), DROP_REASONS.attachment);
    lines = lines.slice(0, end);
  }
  drop(repeated, DROP_REASONS.repeated);

  let chapterRank: number | null = null;
  let sectionRank: number | null = null;
  let measureRank: number | null = null;
  const isHeadingLevel = (r: Rank) => r.headingShare >= 0.5 || r.hasChildren;
  if (top && isHeadingLevel(top)) {
    chapterRank = top.rank;
    const second = ranks[1];
    if (second && isHeadingLevel(second) && ranks.length >= 3) {
      sectionRank = second.rank;
      measureRank = ranks[2]!.rank;
    } else if (second && isHeadingLevel(second)) {
      // Two heading levels and paragraphs below them: the paragraphs' lead phrases are the measures.
      sectionRank = second.rank;
    } else if (second) {
      measureRank = second.rank;
    }
  } else if (top) {
    // Only items that run on into sentences: one chapter holding them all.
    measureRank = top.rank;
  }
  const labelOf = (rank: number | null) => ranks.find((r) => r.rank === rank)?.label;
  const levels = [
    `章：${chapterRank !== null ? `“${labelOf(chapterRank)}”` : '全文作为一章'}`,
    `节：${sectionRank !== null ? `“${labelOf(sectionRank)}”` : '不分节'}`,
    `措施：${measureRank !== null ? `“${labelOf(measureRank)}”` : '以句号结束的领句'}`,
    `任务：${ranks.some((r) => measureRank !== null && r.rank > measureRank) ? `措施中的“${ranks.filter((r) => r.rank > measureRank!).map((r) => r.label).join('”“')}”条目及每一句` : '措施中的每一句'}`,
  ];

  const headerEnd = lines.findIndex(structural);
  const header = headerEnd < 0 ? [] : lines.slice(0, headerEnd);
  const body = headerEnd < 0 ? lines : lines.slice(headerEnd);
  const out: string[] = [`《${title}》`];
  const prose = header.filter((line) => /发布日期/u.test(line.text) || /[。！？]$/u.test(line.text));
  if (prose.some((line) => !/发布日期/u.test(line.text)) && !header.some((line) => PREFACE.test(line.text))) {
    out.push(...prose.filter((line) => /发布日期/u.test(line.text)).map((l) => l.text), '前言', ...prose.filter((l) => !/发布日期/u.test(l.text)).map((l) => l.text));
    drop(header.filter((line) => !prose.includes(line)), DROP_REASONS.header);
  } else {
    out.push(...header.map((line) => line.text));
  }

  const headings = new Map<string, string>();
  const itemResponsibilities: string[] = [];
  let chapter = 0;
  let section = 0;
  let item = 0;
  let chapterHasTasks = true;
  let measure: string | null = null;
  const flush = () => {
    if (measure !== null) out.push(measure);
    measure = null;
  };
  const startChapter = (heading: string, chapterTitle: string) => {
    flush();
    chapter++;
    section = 0;
    chapterHasTasks = !BACKGROUND_TITLE.test(chapterTitle) && !MORE_BACKGROUND_TITLE.test(chapterTitle);
    // A heading given by style alone keeps the parser's 第X章.
    if (heading) headings.set(String(chapter), heading);
    out.push(`第${toChineseNumeral(chapter)}章 ${chapterTitle}`);
  };
  const startSection = (heading: string, sectionTitle: string) => {
    flush();
    section++;
    item = 0;
    if (heading || sectionTitle === IMPLIED_SECTION_TITLE) headings.set(`${chapter}.${section}`, heading);
    out.push(`第${toChineseNumeral(section)}节 ${sectionTitle}`);
  };
  if (chapterRank === null) startChapter('', title);

  // Per chapter: does it hold items of the measure level? If not, its run-on section items are its measures.
  const chapterHasMeasureItems = new Map<number, boolean>();
  {
    let current = -1;
    body.forEach((line, index) => {
      const rank = rankOf.get(line)?.rank;
      if (rank === chapterRank) current = index;
      if (rank === measureRank) chapterHasMeasureItems.set(current, true);
    });
  }
  let chapterIndex = -1;

  for (const [index, line] of body.entries()) {
    const rank = rankOf.get(line)?.rank ?? null;
    if (isResponsibilityLine(line.text) && (measure !== null || out.length > 1)) {
      itemResponsibilities.push(line.text);
      if (measure !== null) measure = joinSentence(measure, line.text);
      else out[out.length - 1] = joinSentence(out.at(-1)!, line.text);
      continue;
    }
    const { heading, title: text, runsOn } = headingOf(line);
    if (rank !== null && rank === chapterRank) {
      chapterIndex = index;
      startChapter(heading, text);
      if (runsOn) out.push(runsOn);
      continue;
    }
    // A bare heading followed by paragraphs that are not measures of their own: the paragraphs are its tasks.
    const withProse = rank !== null && rank === sectionRank && !runsOn && chapterHasTasks && proseFollows(body, index, rankOf);
    const sectionAsMeasure = rank !== null && rank === sectionRank && (!!runsOn || withProse) && !chapterHasMeasureItems.get(chapterIndex);
    if (rank !== null && rank === sectionRank && !sectionAsMeasure) {
      startSection(heading, text);
      if (runsOn) out.push(runsOn);
      // Beside sections that hold numbered measures, such a heading is a section holding one measure of its name.
      if (withProse) measure = `（${++item}）${text}`;
      continue;
    }
    if (rank !== null && (rank === measureRank || sectionAsMeasure)) {
      flush();
      if (chapter === 0) startChapter('', title);
      if (!chapterHasTasks) {
        measure = line.text;
        continue;
      }
      if (section === 0) {
        startSection('', IMPLIED_SECTION_TITLE);
      }
      measure = `（${++item}）${line.rest}`;
      continue;
    }
    if (measure !== null) {
      // Deeper items and plain paragraphs continue the measure: each becomes one or more of its tasks.
      measure = joinSentence(measure, rank !== null ? line.rest : line.text);
      continue;
    }
    if (rank !== null && chapter > 0 && section === 0 && chapterHasTasks && rank > (measureRank ?? Infinity)) {
      startSection('', IMPLIED_SECTION_TITLE);
    }
    out.push(line.text);
  }
  flush();
  if (chapterRank === null && measureRank === null) notes.push('未找到编号或标题样式的层级。');
  return { text: out.join('\n'), headings, levels, notes, dropped, itemResponsibilities };
}

/**
 * Whether the lines after a bare heading, up to the next heading of any level, are paragraphs that mostly do not
 * start with a measure's lead phrase (`建设…。`): then they are the heading's own tasks.
 */
function proseFollows(body: Line[], index: number, rankOf: Map<Line, Rank>): boolean {
  const following: Line[] = [];
  for (const line of body.slice(index + 1)) {
    if (rankOf.get(line) !== undefined) break;
    if (!isResponsibilityLine(line.text)) following.push(line);
  }
  if (following.length === 0) return false;
  const withLead = following.filter((line) => leadPhrase(line.text) !== null).length;
  return withLead * 2 < following.length;
}

/** A heading's number and title; a heading that runs on (`（一）指导思想。坚持…`) gives its lead as the title. */
function headingOf(line: Line): { heading: string; title: string; runsOn: string } {
  const heading = line.marker;
  const sentences = splitSentences(line.rest);
  if (sentences.length > 1 && /[。！？]$/u.test(sentences[0]!)) {
    return { heading, title: sentences[0]!.slice(0, -1), runsOn: sentences.slice(1).join('') };
  }
  return { heading, title: line.rest.replace(/[。；;：:，,]$/u, ''), runsOn: '' };
}

/**
 * Ranks each heading or numbered line. A style level takes the rank of the numbering its paragraphs mostly carry
 * (标题 1 holding `一、…` ranks as `一、`); a style level without numbering sits just above or below its neighbours.
 */
function rankLines(lines: Line[]): Map<Line, Rank> {
  const candidates = lines.filter((line) => (line.kind !== null || line.level !== null) && !line.isTitle && !PREFACE.test(line.text));
  const kindRank = new Map(MARKERS.map((m) => [m.kind, m.rank]));
  const kindLabel = new Map(MARKERS.map((m) => [m.kind, m.label]));
  const styleLevels = [...new Set(candidates.filter((l) => l.level !== null).map((l) => l.level!))].sort((a, b) => a - b);
  const levelKind = new Map<number, Kind>();
  for (const level of styleLevels) {
    const counts = new Map<Kind, number>();
    for (const line of candidates) if (line.level === level && line.kind) counts.set(line.kind, (counts.get(line.kind) ?? 0) + 1);
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    if (best) levelKind.set(level, best[0]);
  }
  const levelRank = (level: number): number => {
    const kind = levelKind.get(level);
    if (kind) return kindRank.get(kind)!;
    const above = styleLevels.filter((l) => l < level && levelKind.has(l)).at(-1);
    if (above !== undefined) return kindRank.get(levelKind.get(above)!)! + (level - above);
    const below = styleLevels.find((l) => l > level && levelKind.has(l));
    if (below !== undefined) return kindRank.get(levelKind.get(below)!)! - (below - level);
    return level;
  };

  const keyed = candidates.map((line) => {
    const rank = line.level !== null ? levelRank(line.level) : kindRank.get(line.kind!)!;
    const kind = line.level !== null ? (levelKind.get(line.level) ?? line.kind) : line.kind;
    const label = line.level !== null && !levelKind.has(line.level) ? `${line.level}级标题样式` : kindLabel.get(kind!)!;
    return { line, rank, label };
  });
  const shares = new Map<number, { heading: number; total: number }>();
  for (const { line, rank } of keyed) {
    const share = shares.get(rank) ?? { heading: 0, total: 0 };
    share.total++;
    if (!headingOf(line).runsOn) share.heading++;
    shares.set(rank, share);
  }
  const parents = new Set<number>();
  keyed.forEach(({ rank }, i) => {
    const next = keyed[i + 1];
    if (next && next.rank > rank) parents.add(rank);
  });
  return new Map(
    keyed.map(({ line, rank, label }) => {
      const share = shares.get(rank)!;
      return [line, { rank, label, headingShare: share.heading / share.total, hasChildren: parents.has(rank) }];
    }),
  );
}

/**
 * The document's title: a paragraph styled as title, else the name in 《》 (`关于印发《…实施方案》的通知`), else a
 * line ending like a plan's name (…规划, …方案). Lines before it are the web page or the covering notice.
 */
function findTitle(lines: Line[]): { title: string; start: number; next: number } {
  const firstHeading = lines.findIndex((line) => line.kind !== null || (line.level !== null && !line.isTitle));
  const head = firstHeading < 0 ? lines : lines.slice(0, firstHeading);
  const styled = head.findIndex((line) => line.isTitle);
  if (styled >= 0) return { title: head[styled]!.text, start: styled, next: styled + 1 };
  // A covering notice names the plan (关于印发《…方案》的通知), then the plan itself starts with its title on a line of
  // its own. A document only cited (为贯彻落实《关于…的意见》) names no title.
  const notice = head.findIndex((line) => /印发|转发|通知/u.test(line.text) && PLAN_NAME_QUOTED.test(line.text) && !/[。]$/u.test(line.text));
  if (notice >= 0) {
    const title = head[notice]!.text.match(PLAN_NAME_QUOTED)![1]!;
    const own = head.findIndex((line, i) => i > notice && line.text === title);
    return own >= 0 ? { title, start: own, next: own + 1 } : { title, start: notice, next: notice + 1 };
  }
  const named = head.findIndex((line) => TITLE_WORDS.test(line.text) && !/[。，]/u.test(line.text) && line.text.length <= 80);
  if (named >= 0) {
    // A title set on two lines: `山西省推进职业教育与产业协同发展` / `重点任务分工方案`.
    const before = head[named - 1];
    if (before && !/[。，、：:；;>》《|]/u.test(before.text) && before.text.length <= 40 && !TITLE_WORDS.test(before.text) && !/\d/u.test(before.text)) {
      return { title: `${before.text}${head[named]!.text}`, start: named - 1, next: named + 1 };
    }
    return { title: head[named]!.text, start: named, next: named + 1 };
  }
  return { title: lines[0]?.text ?? '', start: 0, next: 1 };
}

const PLAN_NAME_QUOTED = /《([^》]+(?:规划|方案|计划|纲要|要点|措施|办法|清单|行动)(?:（[^）]*）)?)》/u;

function commonLevel(lines: Line[]): number | null {
  const counts = new Map<number, number>();
  for (const line of lines) if (line.level !== null) counts.set(line.level, (counts.get(line.level) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * Joins a paragraph to the one before it so that the parser's sentence split sees each as its own sentence:
 * a list item ending in `；` or nothing is closed with `。`.
 */
function joinSentence(before: string, after: string): string {
  const closed = /[。！？]$/u.test(before) ? before : `${before.replace(/[；;，,：:]$/u, '')}。`;
  return `${closed}${after}`;
}
