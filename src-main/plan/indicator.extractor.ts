import type { PreviewIndicator } from '../api/plan-import.types';
import { splitSentences } from './chinese-text';

/**
 * Finds the plan's quantified targets (主要指标) in its 发展目标 text and the notes under the indicator
 * table, so the office starts from a filled-in table instead of a blank one. Pure.
 */

/** The shape the preview and the store share (src-main/api/plan-import.types.ts). */
export type ParsedIndicator = PreviewIndicator;

interface ExtractInput {
  goalsText: string;
  notes: string[];
  backgroundText: string;
  targetYear: number;
}

type ClauseRule = (clause: string) => Omit<ParsedIndicator, 'targetYear' | 'sourceText' | 'note' | 'baselineValue'> | null;

const AMBITION = '(?:力争|争取|确保)?';
const NUMBER = '(\\d+(?:\\.\\d+)?)';

/** Each rule reads one common way Chinese plans state a target. */
const CLAUSE_RULES: ClauseRule[] = [
  (clause) => {
    const m = clause.match(new RegExp(`^${AMBITION}(.+?)${NUMBER}小时(?:内)?通达$`, 'u'));
    return m && blank({ name: `${m[1]}通达时间`, unit: '小时', targetValue: Number(m[2]), targetText: `${m[2]}小时以内`, direction: 'lower' });
  },
  (clause) => {
    const m = clause.match(new RegExp(`^${AMBITION}(.+?)在(\\d{4})年(?:的)?基础上增长${NUMBER}%(以上)?$`, 'u'));
    return m && blank({ name: m[1]!, baselineYear: Number(m[2]), targetText: `较${m[2]}年增长${m[3]}%${m[4] ?? ''}`, direction: 'higher' });
  },
  (clause) => {
    const m = clause.match(new RegExp(`^${AMBITION}(.+?)在(\\d{4})年(?:的)?基础上翻(一|两)番$`, 'u'));
    return m && blank({ name: m[1]!, baselineYear: Number(m[2]), targetText: `较${m[2]}年翻${m[3]}番`, direction: 'higher' });
  },
  (clause) => {
    const m = clause.match(new RegExp(`^${AMBITION}(新申报创建|新增|新建|创建|建成)${NUMBER}(个|家|项|条|所)(.+)$`, 'u'));
    return m && blank({ name: `${m[1]}${m[4]}`, unit: m[3]!, targetValue: Number(m[2]), targetText: `${m[2]}${m[3]}`, direction: 'higher' });
  },
  (clause) => {
    const m = clause.match(new RegExp(`^${AMBITION}(.+?)达到${NUMBER}(%|个|家|项|条|亿元|万人次|万人)(以上)?$`, 'u'));
    return m && blank({ name: m[1]!, unit: m[3]!, targetValue: Number(m[2]), targetText: `${m[2]}${m[3]}${m[4] ?? ''}`, direction: 'higher' });
  },
];

function blank(fields: Partial<ParsedIndicator> & { name: string }) {
  return { unit: null, baselineYear: null, targetValue: null, targetText: null, direction: null, ...fields };
}

export function extractIndicators(input: ExtractInput): ParsedIndicator[] {
  const indicators: ParsedIndicator[] = [];
  const targetParagraphs = input.goalsText
    .split('\n')
    .filter((paragraph) => paragraph.startsWith(`到${input.targetYear}年`));

  for (const paragraph of targetParagraphs) {
    for (const clause of paragraph.replace(/^到\d{4}年[，,]?/u, '').split(/[，。；]/u)) {
      const text = clause.trim();
      for (const rule of CLAUSE_RULES) {
        const found = rule(text);
        if (found) {
          indicators.push({ ...found, baselineValue: null, targetYear: input.targetYear, sourceText: text, note: '' });
          break;
        }
      }
    }
  }

  for (const note of input.notes) {
    for (const sentence of splitSentences(note.replace(/^\d+[.．、]\s*/u, ''))) {
      const defined = sentence.match(/^(.+?)(?:的指标数值为|是指)(.+?)。?$/u);
      if (!defined) continue;
      const name = defined[1]!;
      const existing = indicators.find((indicator) => indicator.name.includes(name) || name.includes(indicator.name));
      if (existing) {
        existing.note = [existing.note, sentence].filter(Boolean).join('\n');
        continue;
      }
      const baseline = baselineFrom(name, input.backgroundText, input.targetYear);
      indicators.push({
        ...blank({ name, unit: /个数|数$/u.test(defined[2]!) ? '个' : null }),
        baselineValue: null,
        targetYear: input.targetYear,
        sourceText: sentence,
        ...baseline,
        note: [sentence, baseline.note].filter(Boolean).join('\n'),
      });
    }
  }
  return indicators;
}

/**
 * A baseline for a note-defined indicator, read from the background chapters: `国内通航城市达到87个`,
 * `签署省际框架协议60余份`. The indicator's head noun (its last two characters before 数) is looked for
 * right before the figure.
 */
function baselineFrom(name: string, backgroundText: string, targetYear: number): Partial<ParsedIndicator> {
  const core = name.replace(/(签订数|个数|数)$/u, '');
  const head = core.slice(-2);
  if (head.length < 2) return {};
  const m = backgroundText.match(new RegExp(`${head}(?:达到|超过|突破)?${NUMBER}(余)?(个|份|项|家|条)`, 'u'));
  if (!m) return {};
  const baselineYear = targetYear - 5;
  return {
    baselineYear,
    baselineValue: Number(m[1]),
    unit: m[3]!,
    note: `${name}基期值取自规划第一章：“${m[0]}”${m[2] ? '（原文为约数）' : ''}。`,
  };
}
