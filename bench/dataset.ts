import shippedPlanText from '../resources/plans/shanxi-regional-integration-2021.txt?raw';
import { toChineseNumeral } from '../src-main/plan/chinese-text';
import { TRAILING_NOISE } from '../src-main/plan/plan.parser';

/**
 * What the bench database holds, as numbers and deterministic text. Everything is derived from BENCH_SCALE and a
 * fixed seed, so two runs (and the service path and the raw floor) describe the same province.
 */

export interface BenchShape {
  scale: number;
  /** Units in all, the 46 shipped ones included. */
  units: number;
  /** Plans in all: one large province plan, the small ones, and the plan of the 10,000-row import. */
  plans: number;
  /** Repetitions of the shipped plan's task chapters (≈270 tasks each) in the large plan and in the import plan. */
  largePlanRepeats: number;
  importPlanRepeats: number;
  /** Reporting rounds in all; the large plan gets `largePlanRounds`, the import plan one, the small plans the rest. */
  rounds: number;
  largePlanRounds: number;
  /** Progress reports to write, counted over all rounds and the reports with attachments. */
  reports: number;
  /** Reports sent with small attachment files through the ordinary (one transaction each) submit path. */
  reportsWithAttachments: number;
  notices: number;
  problemUpdates: number;
  /** Reports per recordReports call in the bulk of the generation (a round's calls share one transaction). */
  batch: number;
}

export function benchShape(scale: number): BenchShape {
  const repeats = Math.max(1, Math.round((10_000 * scale) / 270));
  return {
    scale,
    units: 150,
    plans: 20,
    largePlanRepeats: repeats,
    importPlanRepeats: repeats,
    rounds: 60,
    largePlanRounds: 24,
    reports: Math.round(1_000_000 * scale),
    reportsWithAttachments: Math.max(40, Math.round(1_000 * scale)),
    notices: Math.max(40, Math.round(1_000 * scale)),
    problemUpdates: Math.max(40, Math.round(1_500 * scale)),
    batch: 5_000,
  };
}

/** mulberry32: small, fast and good enough to spread synthetic data; the seed makes every run identical. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;

// ---------------------------------------------------------------------------------------------------------------
// Units: the shipped 46, then the municipal bureaus of the 11 cities and a service centre, up to `units`.

const CITIES = ['太原市', '大同市', '朔州市', '忻州市', '阳泉市', '吕梁市', '晋中市', '长治市', '晋城市', '临汾市', '运城市'];
const CITY_BUREAUS = ['发展改革委', '工业和信息化局', '商务局', '科技局', '交通运输局', '生态环境局', '住房城乡建设局', '文化和旅游局', '农业农村局', '能源局'];

/** The unit that leads every task of the import plan (its template is the 10,000-row one). */
export const IMPORT_UNIT_NAME = '省区域融合发展促进中心';

export function extraUnitNames(count: number): string[] {
  const names = [IMPORT_UNIT_NAME];
  for (const bureau of CITY_BUREAUS) for (const city of CITIES) if (names.length < count) names.push(`${city}${bureau}`);
  if (names.length < count) throw new Error(`只能生成 ${names.length} 个附加单位，需要 ${count} 个`);
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Plans: the shipped plan's text, its task chapters repeated and renumbered, under another title. Every plan goes
// through the app's parser, as an imported plan would.

const TOPICS = [
  '区域融合发展',
  '数字经济发展',
  '现代综合交通运输体系',
  '能源革命综合改革试点',
  '生态环境保护',
  '文化旅游业融合发展',
  '科技创新',
  '现代物流业发展',
  '新型城镇化',
  '乡村振兴',
  '高水平对外开放',
  '营商环境优化提升',
  '黄河流域生态保护和高质量发展',
  '教育事业发展',
  '卫生健康事业发展',
  '水安全保障',
  '现代农业发展',
  '商贸流通体系建设',
  '人才发展',
  '民营经济发展',
];

interface PlanSourceParts {
  header: string[];
  chapters: { title: string; body: string[] }[];
}

const CHAPTER_LINE = /^\s*第([零〇一二两三四五六七八九十百]+)章\s*(.*)$/u;

function shippedParts(): PlanSourceParts {
  const lines = shippedPlanText.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u);
  const first = lines.findIndex((line) => CHAPTER_LINE.test(line));
  const end = lines.findIndex((line, i) => i > first && TRAILING_NOISE.test(line.trim()));
  const body = lines.slice(first, end < 0 ? undefined : end);
  const chapters: PlanSourceParts['chapters'] = [];
  for (const line of body) {
    const match = line.match(CHAPTER_LINE);
    if (match) chapters.push({ title: match[2]!.trim(), body: [] });
    else chapters.at(-1)!.body.push(line);
  }
  // The header without the web page's furniture above the title line.
  const header = lines.slice(0, first);
  const titleLine = header.findIndex((line) => /《[^》]+》/u.test(line));
  return { header: header.slice(Math.max(0, titleLine) + 1), chapters };
}

let parts: PlanSourceParts | null = null;

/** The five-year plan that holds `year`: the 3rd began in 1966 and they run back to back. */
export function fiveYearPlanOf(year: number): { label: string; start: number } {
  const n = 3 + Math.floor((year - 1966) / 5);
  return { label: `十${toChineseNumeral(n - 10)}五`, start: 1966 + 5 * (n - 3) };
}

export interface SyntheticPlan {
  code: string;
  title: string;
  text: string;
}

/**
 * Plan `index` (0-based): the header, the two background chapters, then the task chapters `repeats` times,
 * numbered on. Repetitions after the first name a city in their measures' tasks so that the text (and what
 * full-text search finds) is not one block copied over and over.
 */
export function syntheticPlan(index: number, repeats: number, year: number): SyntheticPlan {
  parts ??= shippedParts();
  const fiveYear = fiveYearPlanOf(year);
  const topic = TOPICS[index % TOPICS.length]!;
  const title = `山西省“${fiveYear.label}”${topic}规划`;
  const out: string[] = [`《${title}》`, ...parts.header];
  const background = parts.chapters.filter((c) => /背景|总体要求/u.test(c.title));
  const taskChapters = parts.chapters.filter((c) => !/背景|总体要求/u.test(c.title));
  let number = 0;
  for (const chapter of background) {
    out.push(`第${toChineseNumeral(++number)}章  ${chapter.title}`, ...chapter.body);
  }
  for (let r = 0; r < repeats; r++) {
    const city = CITIES[(r + index) % CITIES.length]!;
    for (const chapter of taskChapters) {
      out.push(`第${toChineseNumeral(++number)}章  ${chapter.title}`);
      // 支持…: the first sentence of each task paragraph names a city; the lead phrase before the first 。 stays.
      out.push(...(r === 0 ? chapter.body : chapter.body.map((line) => line.replace(/。(?=[^。]*。)/u, `。支持${city}`))));
    }
  }
  return { code: `BENCH-${String(index + 1).padStart(2, '0')}`, title, text: out.join('\n') };
}

// ---------------------------------------------------------------------------------------------------------------
// Report texts, built from phrases so that their lengths and variety look like what units write.

const DONE = ['完成项目前期手续办理', '召开专题推进会议', '签订合作框架协议', '完成年度投资计划的', '开展对接洽谈活动', '组织企业赴京津冀考察', '推动重点项目开工建设', '完成可行性研究报告编制', '落实配套资金', '建立工作专班'];
const DETAIL = ['累计完成投资', '新签约项目', '引进企业', '建成公里', '完成培训人次', '新增就业岗位'];
const NEXT = ['加快推进项目建设进度', '持续跟踪协调解决用地问题', '做好年度考核准备', '推动合作协议落地见效', '加强与对口地区的沟通衔接', '组织开展专项督导'];
const PROBLEMS = ['用地指标紧张，影响项目落地', '配套资金到位滞后', '跨省协调事项较多，进度受到影响', '环评审批周期较长', '专业人才短缺'];
const COORDINATION = ['请省自然资源厅协调解决用地指标', '请省财政厅加快拨付配套资金', '请领导小组办公室协调对口省市', '请省生态环境厅加快环评审批'];

export function progressText(rnd: () => number, percent: number): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < count; i++) {
    parts.push(`${pick(rnd, DONE)}，${pick(rnd, DETAIL)}${(1 + Math.floor(rnd() * 90)).toString()}${i === 0 ? '项' : '个'}`);
  }
  return `${parts.join('；')}，总体完成${percent}%。`;
}

export const nextStepsText = (rnd: () => number): string => `${pick(rnd, NEXT)}，${pick(rnd, NEXT)}。`;
export const problemText = (rnd: () => number): string => `${pick(rnd, PROBLEMS)}。`;
export const coordinationText = (rnd: () => number): string => `${pick(rnd, COORDINATION)}。`;

/** A three-character (or longer) phrase the full-text search looks for; present in the shipped plan's tasks. */
export const SEARCH_PHRASE = '清洁能源';
