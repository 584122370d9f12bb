import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview, PreviewNode } from '../api/plan-import.types';
import { applyEdit, countPreview, unresolvedUnits } from '../api/plan-import.edits';
import { defaultUnits } from '../units/units.service';
import { keptTexts, normalizeForAccounting, UNPLACED } from './leftovers';
import { buildPreview, type PreviewContext } from './plan-import.preview';
import { makeDocx, makeDocxTable } from './testing/docx-fixture';
import {
  CITY_BRACKET_PLAN,
  CITY_BRACKET_PLAN_UNITS,
  DIVISION_PLAN,
  DIVISION_PLAN_UNITS,
  DIVISION_TABLE_HEADER,
  DIVISION_TABLE_ROWS,
  DIVISION_TABLE_TITLE,
  DIVISION_TABLE_UNITS,
} from './testing/office-documents';
import { outline } from './testing/outline';
import { CITY_ACTION_PLAN, PROVINCIAL_CHAPTER_PLAN, TWO_LEVEL_PLAN } from './testing/sample-documents';
import { makeLedgerXlsx } from './testing/xlsx-fixture';

/**
 * The documents offices hold besides 第X章 plans: 分工方案 with responsibility lines and brackets, 分工表 in Word and
 * Excel. Trees, units and deadlines are pinned; every fixture's text is accounted for (kept in the tree or listed as
 * 未导入的文字); and the unit proposals are measured against the names each document states.
 */

const shipped = readFileSync(new URL('../../resources/plans/shanxi-regional-integration-2021.txt', import.meta.url), 'utf8');
const context: PreviewContext = { units: defaultUnits().map((unit, index) => ({ id: index + 1, name: unit.name, aliases: unit.aliases, kind: unit.kind })) };
const utf8 = (text: string) => new TextEncoder().encode(text);
const lines = (text: string) => text.split('\n');
const TABLE_BEFORE = [DIVISION_TABLE_TITLE, '为抓好区域融合发展各项任务落实，制定本分工表。'];
const TABLE_AFTER = ['注：各单位每季度末报送进展情况。'];

interface Fixture {
  name: string;
  bytes: () => Promise<Uint8Array>;
  /** The document's text, line by line (a table: each cell once). */
  source: string[];
}

const tableCells = () => [DIVISION_TABLE_HEADER, ...DIVISION_TABLE_ROWS].flat().filter((cell): cell is string => cell !== null);
const FIXTURES: Fixture[] = [
  { name: '分工方案.txt', bytes: async () => utf8(DIVISION_PLAN), source: lines(DIVISION_PLAN) },
  { name: '行动计划.txt', bytes: async () => utf8(CITY_BRACKET_PLAN), source: lines(CITY_BRACKET_PLAN) },
  { name: '分工方案.docx', bytes: () => makeDocx(lines(DIVISION_PLAN).map((text) => ({ text }))), source: lines(DIVISION_PLAN) },
  { name: '分工表.docx', bytes: () => makeDocxTable(TABLE_BEFORE, DIVISION_TABLE_HEADER, DIVISION_TABLE_ROWS, TABLE_AFTER), source: [...TABLE_BEFORE, ...tableCells(), ...TABLE_AFTER] },
  {
    name: '台账.xlsx',
    bytes: () => makeLedgerXlsx(DIVISION_TABLE_TITLE, DIVISION_TABLE_HEADER, DIVISION_TABLE_ROWS),
    source: [DIVISION_TABLE_TITLE, '填报单位：省区域融合发展领导小组办公室', '填报日期：2024年6月30日', ...tableCells()],
  },
  { name: '规划.txt', bytes: async () => utf8(shipped), source: lines(shipped) },
  { name: '规划.docx', bytes: () => makeDocx(lines(shipped).map((text) => ({ text }))), source: lines(shipped) },
  { name: '行动方案.txt', bytes: async () => utf8(CITY_ACTION_PLAN), source: lines(CITY_ACTION_PLAN) },
  { name: '十五五.txt', bytes: async () => utf8(PROVINCIAL_CHAPTER_PLAN), source: lines(PROVINCIAL_CHAPTER_PLAN) },
  { name: '要点.txt', bytes: async () => utf8(TWO_LEVEL_PLAN), source: lines(TWO_LEVEL_PLAN) },
  // The same document twice, as some web pages show it, then a footer.
  {
    name: '重复.txt',
    bytes: async () => utf8(`${CITY_ACTION_PLAN}${CITY_ACTION_PLAN}版权所有：太原市人民政府办公室\n`),
    source: lines(`${CITY_ACTION_PLAN}${CITY_ACTION_PLAN}版权所有：太原市人民政府办公室\n`),
  },
];

const previews = new Map<string, ImportPreview>();
beforeAll(async () => {
  for (const fixture of FIXTURES) previews.set(fixture.name, await buildPreview(fixture.name, await fixture.bytes(), context));
});
const get = (name: string) => previews.get(name)!;
const reasons = (preview: ImportPreview) => preview.leftovers.map((l) => `${l.reason} | ${l.text}`);

describe('a 分工方案 with responsibility lines, principles and heading-only items', () => {
  it('reads every item to the end, with the units and deadlines each names', () => {
    const result = get('分工方案.txt');
    expect(result.title).toBe('山西省推进职业教育与产业协同发展重点任务分工方案');
    // The document states no period: the preview asks for it.
    expect([result.periodStart, result.periodEnd]).toEqual([null, null]);
    expect(result.warnings).toContain('文件中没有写明规划期（如“2024—2026年”或“十四五”），请在上方填写开始和结束年份。');
    expect(outline(result.chapters)).toEqual([
      '一、 指导思想 [背景]',
      '二、 基本原则 [背景]',
      '三、 工作目标 [背景]',
      '四、 重点任务',
      '  （一） 完善职业教育体系',
      '    完善职业教育体系',
      '      优化职业院校布局，推动每个设区市至少建设1所高水平职业院校。 | 牵头 省教育厅 | 配合 省发展改革委、省财政厅、省人力资源社会保障厅',
      '      加强中高职衔接，扩大五年一贯制招生规模。 | 牵头 省教育厅 | 配合 省发展改革委、省财政厅、省人力资源社会保障厅',
      '      推进职业本科教育试点。 | 牵头 省教育厅 | 配合 省发展改革委、省财政厅、省人力资源社会保障厅',
      '  （二） 深化产教融合',
      '    建设市域产教联合体',
      '      支持各市依托开发区组建产教联合体。 | 牵头 省教育厅 | 配合 省工业和信息化厅、各县（市、区）人民政府?、各开发区管委会?',
      '    培育产教融合型企业',
      '      到2025年培育省级产教融合型企业200家，落实税费优惠政策。 | 牵头 省发展改革委 | 配合 省教育厅、省工业和信息化厅',
      '    共建实训基地',
      '      推动文旅企业与院校共建实训基地（省文化和旅游厅牵头，省教育厅配合）。 | 牵头 省文化和旅游厅 | 配合 省教育厅',
      '    建设技能大师工作室',
      '      每年新建技能大师工作室30个。 | 牵头 省人力资源社会保障厅 | 配合 各市人民政府[全部设区市]',
      '    121人才梯队项目',
      '      实施技能人才“121”梯队培养计划，2026年底前培养高技能领军人才100名。 | 牵头 市直各有关单位? | 配合 各县（市、区）人民政府?、各开发区管委会? | 时限 2026-12-31',
      '五、 保障措施',
      '  （未分节）',
      '    加强组织领导',
      '      建立省级职业教育工作联席会议制度，统筹解决重大问题。',
      '    强化经费保障',
      '      落实生均拨款制度（省财政厅负责）。 | 牵头 省财政厅',
    ]);
    // The lead clause stays in the measure's text, not in a task.
    expect(result.chapters[3]!.children[0]!.children[0]!.body).toContain('围绕产业转型升级需要，重点做好以下工作：');
    expect(reasons(result)).toEqual([
      '标题之前的网页或通知内容 | 当前位置：首页 > 政府信息公开 > 政策文件',
      '标题之前的网页或通知内容 | 字号：大 中 小',
      '文末落款或日期 | 山西省人民政府办公厅',
      '文末落款或日期 | 2024年5月10日',
    ]);
  });

  it('reads the same from a plain .docx', () => {
    expect(outline(get('分工方案.docx').chapters)).toEqual(outline(get('分工方案.txt').chapters));
    expect(reasons(get('分工方案.docx'))).toEqual(reasons(get('分工方案.txt')));
  });
});

describe('numbers, titles and responsibility lines that used to end or split a document', () => {
  it('11.121人才梯队项目。 after item 10 is item 11; a cited 建议 is not the title; items after a bare 牵头单位 line are kept', async () => {
    const text = [
      '根据《中共山西省委关于制定全省人才发展规划的建议》',
      '晋中市人才强市行动计划（2024—2026年）',
      '一、重点任务',
      '9.建设人才驿站。新建人才驿站5个。',
      '牵头单位：晋中市',
      '10.实施青年英才计划。每年引进青年人才500名。',
      '11.121人才梯队项目。每年遴选100名骨干人才。',
      '配合单位：省人力资源社会保障厅、省教育厅',
      '12.完善人才服务。建设人才服务中心。',
    ].join('\n');
    const result = await buildPreview('行动计划.txt', utf8(text), context);
    expect(result.title).toBe('晋中市人才强市行动计划（2024—2026年）');
    expect([result.periodStart, result.periodEnd]).toEqual([2024, 2026]);
    expect(outline(result.chapters)).toEqual([
      '一、 重点任务',
      '  （未分节）',
      '    建设人才驿站',
      '      新建人才驿站5个。 | 牵头 晋中市',
      '    实施青年英才计划',
      '      每年引进青年人才500名。',
      '    121人才梯队项目',
      '      每年遴选100名骨干人才。 | 配合 省人力资源社会保障厅、省教育厅',
      '    完善人才服务',
      '      建设人才服务中心。',
    ]);
    expect(reasons(result)).toEqual(['标题之前的网页或通知内容 | 根据《中共山西省委关于制定全省人才发展规划的建议》']);
  });
});

describe('a 行动计划 with responsibility in brackets', () => {
  it('gives each bracket to the sentence before it, keeps names with 和 whole and 各区、县级市 as one set', () => {
    const result = get('行动计划.txt');
    expect(outline(result.chapters)).toEqual([
      '一、 打造文化旅游品牌',
      '  （一） 培育精品线路',
      '    推出晋阳古城精品旅游线路10条',
      '      推出晋阳古城精品旅游线路10条。（牵头单位：市文化和旅游局，配合单位：市发展改革委、市财政局） | 牵头 市文化和旅游局? | 配合 市发展改革委?、市财政局?',
      '      编制全域旅游地图。（市文化和旅游局、市自然资源和规划局负责） | 牵头 市文化和旅游局? | 配合 市自然资源和规划局?',
      '    举办文化旅游推介活动',
      '      每年赴京津冀、长三角开展推介活动不少于4场（市文化和旅游局牵头，市商务局配合）。 | 牵头 市文化和旅游局? | 配合 市商务局?',
      '  （二） 提升服务质量',
      '    开展导游和讲解员培训',
      '      年培训1000人次（市人力资源和社会保障局牵头，各区、县级市配合）。 | 牵头 市人力资源和社会保障局? | 配合 各区、县级市?',
      '    推进智慧景区建设',
      '      推进智慧景区建设。（市工业和信息化局指导） | 牵头 市工业和信息化局?',
      '      完成A级景区智慧化改造。（各区、县级市负责） | 牵头 各区、县级市?',
      '二、 强化要素保障',
      '  （未分节）',
      '    落实用地保障',
      '      落实用地保障。（市自然资源和规划局牵头，2025年6月底前完成） | 牵头 市自然资源和规划局? | 时限 2025-06-30',
      '    加大金融支持',
      '      引导金融机构开发文旅信贷产品（市地方金融监督管理局负责）。 | 牵头 市地方金融监督管理局?',
    ]);
    expect([result.periodStart, result.periodEnd]).toEqual([null, null]);
    // The page repeats the document: the second copy is listed, not imported again.
    expect(reasons(result)).toEqual([
      '重复的全文 | 太原市文化旅游融合发展行动计划',
      '重复的全文 | 一、打造文化旅游品牌',
      '重复的全文 | 责任编辑：王某',
    ]);
  });
});

describe('a 分工表 as a Word table and as an Excel 台账', () => {
  const expected = [
    '重点任务',
    '  （未分节）',
    '    推动产业协作',
    '      共建晋京产业合作园区，引进京津冀企业50家以上。 | 牵头 省发展改革委 | 配合 省商务厅、省工业和信息化厅 | 时限 2025-12-31',
    '      建立跨区域产业链供需对接平台。 | 牵头 省发展改革委 | 配合 省工业和信息化厅、省商务厅 | 时限 2024-12-31',
    '    深化文旅合作',
    '      联合推出跨省文旅精品线路，开展联合营销。 | 牵头 省文化和旅游厅 | 配合 各市人民政府[全部设区市]',
    '      互认旅游年票和景区优惠政策。 | 牵头 省文化和旅游厅 | 配合 市人力资源和社会保障局? | 时限 2025-06-30',
    '    加强人才交流',
    '      实施“晋才晋用”柔性引才计划，全职引进高层次人才。 | 牵头 省委组织部 | 配合 省人力资源社会保障厅、省科技厅 | 时限 2025-12-31',
  ];

  it('reads the merged cells for every row they cover, guessing the columns by their headers', () => {
    for (const name of ['分工表.docx', '台账.xlsx']) {
      const result = get(name);
      expect(outline(result.chapters)).toEqual(expected);
      expect(result.title).toBe(DIVISION_TABLE_TITLE);
      expect([result.periodStart, result.periodEnd]).toEqual([2024, 2025]);
      expect(result.table).toMatchObject({ headers: DIVISION_TABLE_HEADER, columns: { chapter: null, measure: 1, task: 2, lead: 3, cooperating: 4, deadline: 5 }, rows: 5 });
      // A deadline cell that names no date stays visible as the proposal's source.
      expect(result.chapters[0]!.children[0]!.children[1]!.children[0]!.proposal!.source).toBe('牵头单位：省文化和旅游厅；配合单位：各市人民政府；完成时限：长期坚持');
    }
    expect(get('分工表.docx').source.format).toBe('docx');
    expect(get('台账.xlsx').source.format).toBe('xlsx');
    expect(reasons(get('分工表.docx'))).toEqual(['表格之后的文字 | 注：各单位每季度末报送进展情况。']);
    expect(get('分工表.docx').preface).toBe('为抓好区域融合发展各项任务落实，制定本分工表。');
    expect(reasons(get('台账.xlsx'))).toEqual([
      '表头之上的说明（填报单位、日期等） | 填报单位：省区域融合发展领导小组办公室',
      '表头之上的说明（填报单位、日期等） | 填报日期：2024年6月30日',
    ]);
  });

  it('reads the table again with the columns as the office maps them', async () => {
    const fixture = FIXTURES.find((f) => f.name === '台账.xlsx')!;
    // The office says 重点任务 is the chapter, and 配合单位 is not to be read.
    const remapped = await buildPreview(fixture.name, await fixture.bytes(), {
      ...context,
      columns: { chapter: 1, measure: null, task: 2, lead: 3, cooperating: null, deadline: 5 },
    });
    expect(remapped.chapters.map((c) => c.title)).toEqual(['推动产业协作', '深化文旅合作', '加强人才交流']);
    expect(remapped.chapters[0]!.children[0]!.children[0]!.children[0]!.proposal!.cooperatingUnits).toEqual([]);
    // The unread column's cells are listed, not lost.
    expect(remapped.leftovers.map((l) => l.text)).toContain('省工业和信息化厅和省商务厅');
    expect(remapped.leftovers.find((l) => l.text === '省工业和信息化厅和省商务厅')!.reason).toBe('未对应的列“配合单位”');
  });
});

describe('never lose a word', () => {
  it.each(FIXTURES.map((f) => f.name))('%s: every piece of text is in the tree or listed, and the counts add up', (name) => {
    const fixture = FIXTURES.find((f) => f.name === name)!;
    const result = get(name);
    const tree = keptTexts(result).concat(result.table?.headers ?? []).map(normalizeForAccounting).join('');
    const piecesOf = (text: string) => (text.match(/[^。！？；;]+[。！？；;]*/gu) ?? []).map(normalizeForAccounting).filter(Boolean);
    const count = (texts: string[]) => texts.reduce((map, t) => map.set(t, (map.get(t) ?? 0) + 1), new Map<string, number>());
    const source = count(fixture.source.flatMap(piecesOf));
    const listed = count(result.leftovers.flatMap((l) => piecesOf(l.text)));
    let sourceChars = 0;
    let keptChars = 0;
    let listedChars = 0;
    const missing: string[] = [];
    const invented: string[] = [];
    for (const [text, times] of source) {
      const listedTimes = listed.get(text) ?? 0;
      sourceChars += times * text.length;
      listedChars += Math.min(listedTimes, times) * text.length;
      if (listedTimes < times) {
        if (tree.includes(text)) keptChars += (times - listedTimes) * text.length;
        else missing.push(text);
      }
    }
    for (const text of listed.keys()) if ((listed.get(text) ?? 0) > (source.get(text) ?? 0)) invented.push(text);
    expect(missing).toEqual([]);
    expect(invented).toEqual([]);
    // kept + listed = source (whitespace, punctuation and numbering aside).
    expect(keptChars + listedChars).toBe(sourceChars);
    // Every listed piece has a reason the office can read; none of these documents leaves text unplaced.
    expect(result.leftovers.every((l) => l.reason.length > 0)).toBe(true);
    expect(result.leftovers.filter((l) => l.reason === UNPLACED)).toEqual([]);
  });

  it('the shipped plan keeps 7/25/65/270 and lists only its web page and the lost table\'s caption', () => {
    const result = get('规划.txt');
    expect(countPreview(result.chapters)).toMatchObject({ chapters: 7, sections: 25, measures: 65, tasks: 270 });
    const listed = reasons(result);
    expect(listed.slice(0, 7)).toEqual([
      '标题之前的网页或通知内容 | 浙大培训学院',
      '标题之前的网页或通知内容 | 全国统一咨询热线:浙大培训基地',
      '标题之前的网页或通知内容 | 0571-86971085',
      '标题之前的网页或通知内容 | 88273072',
      '网页的发布信息（发布日期已读入） | 【山西】《山西省“十四五”京津冀、长三角、大湾区等区域融合发展实现高水平崛起规划》印发',
      '网页的发布信息（发布日期已读入） | 发布日期:2021-09-14',
      '表格标题（表格正文不在文件中） | 山西省与京津冀、长三角、大湾区等区域融合发展主要指标',
    ]);
    expect(listed.slice(7).every((line) => line.startsWith('网页杂项（相关新闻、责任编辑、分享等） | '))).toBe(true);
    expect(listed.at(-1)).toBe('网页杂项（相关新闻、责任编辑、分享等） | 关注社交媒体上的我们');
    expect(countPreview(get('规划.docx').chapters)).toMatchObject({ chapters: 7, sections: 25, measures: 65, tasks: 270 });
  });

  it('a document shown twice and followed by a footer: the second copy and the footer are listed', () => {
    const result = get('重复.txt');
    expect(outline(result.chapters)).toEqual(outline(get('行动方案.txt').chapters));
    expect(result.leftovers.filter((l) => l.reason === '重复的全文').length).toBeGreaterThan(20);
    expect(result.warnings).toContain('文件中全文出现了两次，只导入第一遍；第二遍列在“未导入的文字”中。');
  });

  it('the office pulls a listed piece into the tree, as tasks of the measure it chose', () => {
    const result = get('分工方案.txt');
    const measure = result.chapters[4]!.children[0]!.children[0]!;
    const chapters = applyEdit(result.chapters, { op: 'adopt', key: measure.key, text: '山西省人民政府办公厅负责统筹。定期通报进展。' });
    const adopted = chapters[4]!.children[0]!.children[0]!.children.map((t) => t.title);
    expect(adopted.slice(-2)).toEqual(['山西省人民政府办公厅负责统筹。', '定期通报进展。']);
  });
});

describe('unit proposals against the names each document states', () => {
  const proposedNames = (chapters: PreviewNode[]) => {
    const names = new Set<string>();
    const walk = (nodes: PreviewNode[]) =>
      nodes.forEach((node) => {
        for (const unit of [node.proposal?.leadUnit, ...(node.proposal?.cooperatingUnits ?? [])]) if (unit) names.add(unit.name);
        walk(node.children);
      });
    walk(chapters);
    return names;
  };
  const GOLD: [string, string[]][] = [
    ['分工方案.txt', DIVISION_PLAN_UNITS],
    ['行动计划.txt', CITY_BRACKET_PLAN_UNITS],
    ['分工表.docx', DIVISION_TABLE_UNITS],
    ['台账.xlsx', DIVISION_TABLE_UNITS],
    ['行动方案.txt', ['省发展改革委', '省商务厅', '省工业和信息化厅', '太原市', '省交通运输厅', '民航山西监管局']],
    ['十五五.txt', ['省能源局', '省发展改革委']],
  ];

  it.each(GOLD)('%s: recall ≥ 90 %%, precision ≥ 95 %%', (name, gold) => {
    const proposed = proposedNames(get(name).chapters);
    const right = [...proposed].filter((n) => gold.includes(n));
    const recall = right.length / gold.length;
    const precision = proposed.size === 0 ? 1 : right.length / proposed.size;
    expect({ missed: gold.filter((n) => !proposed.has(n)), wrong: [...proposed].filter((n) => !gold.includes(n)) }).toEqual({ missed: [], wrong: [] });
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it('names not in the unit list are listed for the office to map or create, and none is left on save', () => {
    const result = get('行动计划.txt');
    expect(unresolvedUnits(result.chapters).map((u) => u.name)).toEqual([
      '市文化和旅游局',
      '市发展改革委',
      '市财政局',
      '市自然资源和规划局',
      '市商务局',
      '市人力资源和社会保障局',
      '各区、县级市',
      '市工业和信息化局',
      '市地方金融监督管理局',
    ]);
    let chapters = applyEdit(result.chapters, { op: 'resolveUnit', name: '市文化和旅游局', to: { unitId: 15, name: '省文化和旅游厅' } });
    chapters = applyEdit(chapters, { op: 'resolveUnit', name: '各区、县级市', to: { create: 'city' } });
    expect(unresolvedUnits(chapters).map((u) => u.name)).not.toContain('市文化和旅游局');
    expect(outline(chapters)[3]).toContain('牵头 省文化和旅游厅 |');
    expect(chapters[0]!.children[1]!.children[1]!.children[1]!.proposal!.leadUnit).toEqual({ unitId: null, name: '各区、县级市', create: 'city' });
  });
});

describe('the preview does the rest of the job', () => {
  it('sets units and deadline for a whole measure at once, and turns a section introduction into tasks', () => {
    const result = get('分工方案.txt');
    const measure = result.chapters[4]!.children[0]!.children[0]!;
    const proposal = { leadUnit: { unitId: 2, name: '省发展改革委' }, cooperatingUnits: [], deadline: '2025-12-31', source: '办公室设定' };
    let chapters = applyEdit(result.chapters, { op: 'setProposal', key: measure.key, proposal });
    expect(chapters[4]!.children[0]!.children[0]!.children.map((t) => t.proposal?.leadUnit?.name)).toEqual(['省发展改革委']);
    // 基本原则 was read as background: the office decides its sentences are tasks after all.
    const principles = chapters[1]!;
    chapters = applyEdit(chapters, { op: 'introToTasks', key: principles.key });
    expect(outline(chapters.slice(1, 2))).toEqual([
      '二、 基本原则',
      '  （未分节）',
      '    基本原则',
      '      坚持政府统筹、行业指导、企业参与。',
      '      坚持需求导向、分类推进。',
    ]);
  });

  it('merges a stray bracket into the task before, with what it says', () => {
    const result = get('分工方案.txt');
    const measure = result.chapters[4]!.children[0]!.children[0]!;
    let chapters = applyEdit(result.chapters, { op: 'adopt', key: measure.key, text: '（省教育厅负责）' });
    const stray = chapters[4]!.children[0]!.children[0]!.children[1]!;
    chapters = applyEdit(chapters, { op: 'merge', key: stray.key });
    expect(chapters[4]!.children[0]!.children[0]!.children.map((t) => t.title)).toEqual(['建立省级职业教育工作联席会议制度，统筹解决重大问题。（省教育厅负责）']);
  });
});
