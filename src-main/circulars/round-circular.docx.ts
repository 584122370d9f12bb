import { AlignmentType, Document, Packer, type Paragraph } from 'docx';
import type { CircularBlock } from '../api/circulars.types';
import type { CircularData } from './circular-data';
import { bodyParagraph, DEFAULT_STYLES, emptyLine, officialSection, plainParagraph, run, titleParagraph, withFontFallbacks } from './official-layout';

/**
 * 调度情况通报: the circular the office sends every unit after a round, in 公文 layout (official-layout.ts). Pure: the
 * round's frozen figures in, the .docx bytes out. Sections follow what offices print: 总体情况, 各单位报送情况 (ranked),
 * 红黄灯任务, 督办事项办理情况, 重大问题, 下步工作要求. The draft is a list of paragraphs (circularBlocks) the office may
 * edit, every one of them, before the document is written from them (blockParagraphs).
 */

export interface CircularOptions {
  /** 发文字号, e.g. 晋区融办〔2026〕3号. */
  docNumber: string;
  /** 成文日期 (YYYY-MM-DD); the closing day by default. */
  date: string;
  /** 下步工作要求: the office's own paragraphs; a standard one when none is given. */
  requirements?: string[] | undefined;
}

const CHINESE_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const heading = (index: number, text: string): CircularBlock => ({ role: 'heading', text: `${CHINESE_NUMBERS[index]}、${text}` });
const subheading = (index: number, text: string): CircularBlock => ({ role: 'subheading', text: `（${CHINESE_NUMBERS[index] ?? index + 1}）${text}` });
const body = (text: string): CircularBlock => ({ role: 'body', text });

/** 2026年12月7日: the 成文日期 as 公文 write it (Arabic numerals, GB/T 9704-2012 7.3.5.3). */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

const pct = (value: number) => `${value}%`;

/** The draft, paragraph by paragraph: what the office sees and edits before saving. */
export function circularBlocks(data: CircularData, options: CircularOptions): CircularBlock[] {
  const { totals } = data;
  const p: CircularBlock[] = [];
  p.push({ role: 'docNumber', text: options.docNumber });
  p.push({ role: 'title', text: `关于${data.roundName}情况的通报` });
  p.push({ role: 'salutation', text: '各有关单位：' });
  p.push(
    body(
      `为推动《${data.planTitle}》各项任务落实，${data.office}于${chineseDate(data.periodEnd)}前组织开展了${data.roundName}（调度期${chineseDate(data.periodStart)}至${chineseDate(data.periodEnd)}，报送截止${chineseDate(data.dueDate)}）。现将有关情况通报如下。`,
    ),
  );

  let section = 0;
  p.push(heading(section++, '总体情况'));
  p.push(
    body(
      `本次调度共涉及${totals.units}个单位、${totals.expected}项任务。截至调度结束，已报送${totals.reported}项，其中按时报送${totals.onTime}项、逾期报送${totals.late}项，未报送${totals.missing}项，按时报送率${pct(totals.onTimeRate)}。`,
    ),
  );

  p.push(heading(section++, '各单位报送情况'));
  p.push(body('按按时报送率由高到低排列如下：'));
  for (const unit of data.units) {
    p.push(
      body(
        `${unit.rank}. ${unit.name}：应报${unit.expected}项，已报${unit.reported}项（按时${unit.onTime}项、逾期${unit.late}项），未报${unit.missing}项，按时报送率${pct(unit.onTimeRate)}。`,
      ),
    );
  }
  const missing = data.units.filter((u) => u.missing > 0).map((u) => u.name);
  if (missing.length > 0) p.push(body(`${missing.join('、')}未按要求完成报送，请于通报印发后5个工作日内补报。`));

  p.push(heading(section++, '红灯、黄灯任务'));
  if (data.lights.length === 0) p.push(body('本次调度无红灯、黄灯任务。'));
  data.lights.forEach((entry, index) => {
    p.push(subheading(index, `${entry.unit}（红灯${entry.red.length}项、黄灯${entry.yellow.length}项）`));
    for (const task of entry.red) p.push(body(`红灯：${task}`));
    for (const task of entry.yellow) p.push(body(`黄灯：${task}`));
  });

  p.push(heading(section++, '督办事项办理情况'));
  if (data.notices.length === 0) p.push(body('本期无督办事项。'));
  for (const notice of data.notices) {
    p.push(body(`${notice.number}（${notice.level}色督办，${notice.unit}）：${notice.state}${notice.overdue ? '，已逾期' : ''}。`));
  }

  p.push(heading(section++, '重大问题'));
  if (data.majorProblems.length === 0) p.push(body('本期无列入重大问题清单的问题。'));
  for (const problem of data.majorProblems) p.push(body(`${problem.unit}（任务${problem.taskCode}）：${problem.text}（${problem.state}）。`));

  p.push(heading(section, '下步工作要求'));
  const requirements = options.requirements?.length
    ? options.requirements
    : ['各单位要对照通报指出的问题，逐项明确整改措施和完成时限；红灯任务牵头单位要专题研究，黄灯任务要加快推进，确保按序时进度完成。下次调度请按时报送。'];
  for (const text of requirements) p.push(body(text));

  p.push({ role: 'signature', text: data.office });
  p.push({ role: 'date', text: chineseDate(options.date) });
  return p;
}

/**
 * The paragraphs in 公文 layout, each by its place: the layout (fonts, alignment, the blank lines around the title
 * and above the 落款) comes from the place, the words from the office. An emptied paragraph is left out.
 */
export function blockParagraphs(blocks: CircularBlock[]): Paragraph[] {
  const p: Paragraph[] = [];
  let signed = false;
  for (const { role, text: raw } of blocks) {
    const text = raw.trim();
    if (text === '') continue;
    switch (role) {
      case 'docNumber':
        p.push(plainParagraph(text, AlignmentType.CENTER), emptyLine());
        break;
      case 'title':
        p.push(titleParagraph(text), emptyLine());
        break;
      case 'salutation':
        p.push(plainParagraph(text));
        break;
      case 'heading':
        p.push(bodyParagraph([run(text, 'heading')]));
        break;
      case 'subheading':
        p.push(bodyParagraph([run(text, 'subheading')]));
        break;
      case 'body':
        p.push(bodyParagraph(text));
        break;
      case 'signature':
      case 'date':
        // 落款 and 成文日期 right-aligned, four characters from the right edge (GB/T 9704 7.3.5.1), two lines below.
        if (!signed) p.push(emptyLine(), emptyLine());
        signed = true;
        p.push(plainParagraph(text, AlignmentType.RIGHT, 4));
        break;
    }
  }
  return p;
}

export function circularParagraphs(data: CircularData, options: CircularOptions): Paragraph[] {
  return blockParagraphs(circularBlocks(data, options));
}

export async function buildRoundCircular(data: CircularData, options: CircularOptions, edited?: CircularBlock[]): Promise<Buffer> {
  const blocks = edited ?? circularBlocks(data, options);
  const document = new Document({
    creator: data.office,
    title: blocks.find((b) => b.role === 'title')?.text.trim() || `关于${data.roundName}情况的通报`,
    evenAndOddHeaderAndFooters: true,
    styles: DEFAULT_STYLES,
    sections: [officialSection(blockParagraphs(blocks))],
  });
  return withFontFallbacks(await Packer.toBuffer(document));
}
