import type { LeftoverText, PreviewNode } from '../api/plan-import.types';
import { DROP_REASONS } from './structure.recognizer';

/**
 * 未导入的文字: the accounting that no word of a document is lost. Every piece of the source (each sentence of each
 * line) is either found, in order, in the text the tree keeps, or listed with the reason it is not there. Lines the
 * recognizer left out on purpose (the web page around the document, a 落款, a repeated copy) are listed with its
 * reason; anything else the tree does not hold is listed as well, so the office sees it and can pull it in.
 *
 * Numbering (`一、` `（三）` `11.`), punctuation and whitespace are not counted: the tree re-issues the numbers, and
 * the parser normalises punctuation (`,` → `，`) and closes list items with `。`.
 */

export const UNPLACED = '未能归入结构（请核对，可加入所选条目）';
const NOISE_BEFORE = DROP_REASONS.beforeTitle;
const NOISE_AFTER = DROP_REASONS.webNoise;
const PAGE_INFO = '网页的发布信息（发布日期已读入）';
const CAPTION = '表格标题（表格正文不在文件中）';
const PAGE_FURNITURE = /^(?:发布日期|发布时间|来源[:：]|作者[:：]|浏览次数|字号|【)/u;
const NUMBERING = /^(?:第[零〇一二两三四五六七八九十百\d]+[章节]|[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、]|[①-⑳])\s*/u;
/** A short piece found far ahead of where reading is does not move the reading position (it may be a common phrase). */
const NEAR = 3000;

export function normalizeForAccounting(text: string): string {
  return text.trim().replace(/^注\s*[:：]\s*/u, '').replace(NUMBERING, '').replace(/[^\p{L}\p{N}]/gu, '');
}

/** The texts a preview keeps, in document order: title, preface, every node, and the words proposals were read from. */
export function keptTexts(preview: { title: string; preface: string; indicatorNotes: string; chapters: PreviewNode[] }): string[] {
  // 前言 heads the preface, which the preview keeps under that name.
  const out = [preview.title, preview.preface ? '前言' : '', preview.preface];
  const walk = (nodes: PreviewNode[]) => {
    for (const node of nodes) {
      out.push(node.heading, node.title, node.body);
      if (node.proposal) out.push(node.proposal.source);
      walk(node.children);
    }
  };
  walk(preview.chapters);
  out.push(preview.indicatorNotes);
  return out;
}

/**
 * Lists what of `sourceLines` is not in `kept`. `dropped` are lines left out on purpose, by text, with the reason;
 * they are listed even when the same words are in the tree (a repeated copy of the document).
 */
export function accountForText(sourceLines: string[], kept: string[], dropped: { text: string; reason: string }[]): LeftoverText[] {
  const tree = kept.map(normalizeForAccounting).join('');
  const droppedReasons = new Map<string, string[]>();
  for (const { text, reason } of dropped) droppedReasons.set(text, [...(droppedReasons.get(text) ?? []), reason]);

  const found: { text: string; reason: string | null; line: number }[] = [];
  let cursor = 0;
  let firstKeptLine = -1;
  let lastKeptLine = -1;
  sourceLines.forEach((raw, lineIndex) => {
    const line = raw.replace(/^\uFEFF/u, '').trim();
    if (!normalizeForAccounting(line)) return;
    const reasons = droppedReasons.get(line);
    if (reasons && reasons.length > 0) {
      found.push({ text: line, reason: reasons.shift()!, line: lineIndex });
      return;
    }
    let open: string[] = [];
    const close = () => {
      if (open.length > 0) found.push({ text: open.join(''), reason: null, line: lineIndex });
      open = [];
    };
    for (const piece of pieces(line)) {
      const normal = normalizeForAccounting(piece);
      if (!normal) {
        if (open.length > 0) open.push(piece);
        continue;
      }
      const ahead = tree.indexOf(normal, cursor);
      if (ahead >= 0 && (ahead - cursor <= NEAR || normal.length >= 8)) {
        cursor = ahead + normal.length;
      } else if (!tree.includes(normal)) {
        open.push(piece);
        continue;
      }
      close();
      if (firstKeptLine < 0) firstKeptLine = lineIndex;
      lastKeptLine = lineIndex;
    }
    close();
  });

  return found.map((item, index) => ({
    key: `n${index + 1}`,
    text: item.text,
    reason:
      item.reason ??
      (PAGE_FURNITURE.test(item.text)
        ? PAGE_INFO
        : firstKeptLine >= 0 && item.line < firstKeptLine
          ? NOISE_BEFORE
          : item.line > lastKeptLine
            ? NOISE_AFTER
            : /(主要指标|指标表|指标体系)$/u.test(item.text)
              ? CAPTION
              : UNPLACED),
  }));
}

/** A line's sentences and clauses (to `。！？；`), keeping each mark with its piece. */
function pieces(line: string): string[] {
  return line.match(/[^。！？；;]+[。！？；;]*|[。！？；;]+/gu) ?? [];
}
