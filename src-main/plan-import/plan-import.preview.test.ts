import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../api/plan-import.types';
import { parsePlan } from '../plan/plan.parser';
import { defaultUnits } from '../units/units.service';
import { makeDocx } from './testing/docx-fixture';
import { buildPreview, type PreviewContext } from './plan-import.preview';
import { countPreview } from '../api/plan-import.edits';
import { encodeGb18030, encodeGbk } from './testing/gbk';
import { outline, shape } from './testing/outline';
import { CITY_ACTION_PLAN, PROVINCIAL_CHAPTER_PLAN, STYLED_PLAN_PARAGRAPHS, TWO_LEVEL_PLAN } from './testing/sample-documents';

const shipped = readFileSync(new URL('../../resources/plans/shanxi-regional-integration-2021.txt', import.meta.url), 'utf8');
const context: PreviewContext = {
  units: defaultUnits().map((unit, index) => ({ id: index + 1, name: unit.name, aliases: unit.aliases, kind: unit.kind })),
};
const utf8 = (text: string) => new TextEncoder().encode(text);
const preview = (name: string, bytes: Uint8Array) => buildPreview(name, bytes, context);

describe('the shipped plan, imported as a file', () => {
  let fromUtf8: ImportPreview;
  beforeAll(async () => {
    fromUtf8 = await preview('规划.txt', utf8(shipped));
  });

  it('gives the tree the parser gives, with the counts the domain states', () => {
    const parsed = parsePlan(shipped);
    expect(fromUtf8.title).toBe(parsed.title);
    expect([fromUtf8.periodStart, fromUtf8.periodEnd, fromUtf8.issuedOn]).toEqual([2021, 2025, '2021-09-14']);
    expect(fromUtf8.chapters.map((c) => `${c.heading} ${c.title}`)).toEqual(parsed.chapters.map((c) => `${c.heading} ${c.title}`));
    const counts = countPreview(fromUtf8.chapters);
    expect(counts).toMatchObject({ chapters: 7, sections: 25, measures: 65, tasks: 270 });
    expect(fromUtf8.source).toMatchObject({ format: 'txt', encoding: 'UTF-8', byteSize: 61_512 });
    expect(fromUtf8.indicators.map((i) => i.name)).toContain('太原到国内主要城市通达时间');
  });

  it('reads the same tree from UTF-8 with a BOM, GB18030 and GBK', async () => {
    const withBom = await preview('规划.txt', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(shipped)]));
    const gb18030 = await preview('规划.txt', encodeGb18030(shipped));
    // A GBK editor cannot keep the web copy's no-break spaces; it writes ordinary ones.
    const gbk = await preview('规划.txt', encodeGbk(shipped.replace(/\u00a0/gu, ' ')));
    expect(withBom.source.encoding).toBe('UTF-8（带 BOM）');
    expect(gb18030.source.encoding).toBe('GB18030');
    expect(gbk.source.encoding).toBe('GB18030');
    for (const other of [withBom, gb18030, gbk]) {
      expect(shape(other.chapters)).toEqual(shape(fromUtf8.chapters));
      expect(other.title).toBe(fromUtf8.title);
    }
  });

  it('reads the same tree from a .docx made from it, with or without heading styles', async () => {
    const lines = shipped.split('\n');
    const plain = await preview('规划.docx', await makeDocx(lines.map((text) => ({ text }))));
    const styled = await preview(
      '规划.docx',
      await makeDocx(
        lines.map((text) => {
          const trimmed = text.trim();
          if (/^第.+章/u.test(trimmed)) return { text, heading: 1 as const };
          if (/^第.+节/u.test(trimmed)) return { text, heading: 2 as const };
          return { text };
        }),
      ),
    );
    expect(plain.source.format).toBe('docx');
    expect(shape(plain.chapters)).toEqual(shape(fromUtf8.chapters));
    expect(shape(styled.chapters)).toEqual(shape(fromUtf8.chapters));
    expect(plain.preface).toBe(fromUtf8.preface);
  });
});

describe('documents in each numbering style', () => {
  it('一、（一）1.（1）: an implementation plan inside its covering notice and web page', async () => {
    const result = await preview('行动方案.txt', utf8(CITY_ACTION_PLAN));
    expect(result.title).toBe('太原市深化区域融合发展三年行动方案（2023—2025年）');
    expect([result.periodStart, result.periodEnd]).toEqual([2023, 2025]);
    expect(result.preface).toMatch(/^为深入落实/u);
    expect(result.levels).toEqual(['章：“一、”', '节：“（一）”', '措施：“1.”', '任务：措施中的“（1）”条目及每一句']);
    expect(outline(result.chapters)).toEqual([
      '一、 总体要求 [背景]',
      '二、 重点任务',
      '  （一） 加快承接产业转移',
      '    建设承接产业转移示范区',
      '      推动综改示范区与京津冀共建产业园区。 | 牵头 省发展改革委 | 配合 省商务厅、省工业和信息化厅',
      '      2024年底前完成园区规划编制。 | 牵头 省发展改革委 | 配合 省商务厅、省工业和信息化厅 | 时限 2024-12-31',
      '    引进一批龙头企业',
      '      围绕新能源汽车、半导体等产业开展精准招商。（省商务厅牵头，太原市配合，2025年6月底前完成） | 牵头 省商务厅 | 配合 太原市 | 时限 2025-06-30',
      '  （二） 推进交通互联互通',
      '    加密航线航班',
      '      新开通太原至长三角城市航线。 | 牵头 省交通运输厅 | 配合 民航山西监管局? | 时限 2025-12-31',
      '      提升太原至大湾区航班频次。 | 牵头 省交通运输厅 | 配合 民航山西监管局? | 时限 2025-12-31',
      '    推进高铁通道建设，加快太原至雄安高铁前期工作',
      '      推进高铁通道建设，加快太原至雄安高铁前期工作。',
      '三、 保障措施',
      '  （未分节）',
      '    加强组织领导',
      '      成立工作专班，统筹推进各项工作。',
      '      建立月调度制度。',
      '    强化督查考核',
      '      将任务落实情况纳入年度目标责任考核。',
    ]);
    const everything = JSON.stringify(result.chapters);
    for (const noise of ['首页', '印发给你们', '附件', '相关新闻', '2023年3月1日']) expect(everything).not.toContain(noise);
    expect(result.chapters[0]!.body).toContain('（一）指导思想。坚持以习近平');
    expect(result.warnings.join('\n')).toContain('“民航山西监管局”不在单位名单中');
  });

  it('第X章/第X节 with numbered measures (一、) and a unit given by its alias', async () => {
    const result = await preview('规划.txt', utf8(PROVINCIAL_CHAPTER_PLAN));
    expect([result.title, result.periodStart, result.periodEnd]).toEqual(['山西省“十五五”区域协调发展规划', 2026, 2030]);
    expect(outline(result.chapters)).toEqual([
      '第一章 发展基础 [背景]',
      '第二章 重点任务',
      '  第一节 推进产业协作',
      '    共建产业园区',
      '      支持各市与京津冀共建产业园区。',
      '      推动园区管理体制改革。',
      '    深化能源合作，保障能源供应',
      '      扩大晋电外送规模。 | 牵头 省能源局 | 配合 省发展改革委',
      '  第二节 促进要素流动',
      '    畅通人才流动',
      '      建立人才柔性引进机制。',
      '第三章 保障措施',
      '  第一节 加强组织实施',
      '    落实责任',
      '      各市要制定具体实施方案。',
    ]);
  });

  it('一、 and 1. only: the items are measures in a chapter without sections', async () => {
    const result = await preview('要点.txt', utf8(TWO_LEVEL_PLAN));
    expect(result.levels.slice(0, 3)).toEqual(['章：“一、”', '节：不分节', '措施：“1.”']);
    expect(outline(result.chapters)).toEqual([
      '一、 产业协同',
      '  （未分节）',
      '    推进能源基地建设',
      '      扩大清洁能源外送。',
      '      2024年上半年完成规划。 | 时限 2024-06-30',
      '    发展文化旅游',
      '      打造长城旅游带。',
      '二、 交通对接',
      '  （未分节）',
      '    加快大张高铁配套建设',
      '      完善站点周边路网。',
    ]);
    // No period in title or text: the preview asks for it rather than making one up.
    expect([result.periodStart, result.periodEnd]).toEqual([null, null]);
    expect(result.warnings.join('\n')).toContain('文件中没有写明规划期');
  });

  it('headings given only by Word styles, measures as lead phrases', async () => {
    const docx = await makeDocx(
      STYLED_PLAN_PARAGRAPHS.map((p) => ({ text: p.text, ...(p.level ? { heading: p.level as 1 | 2 } : {}), ...(p.isTitle ? { title: true } : {}) })),
    );
    const result = await preview('实施方案.docx', docx);
    expect([result.title, result.periodStart, result.periodEnd]).toEqual(['晋中市融入长三角发展实施方案', 2024, 2026]);
    expect(result.levels.slice(0, 3)).toEqual(['章：“1级标题样式”', '节：“2级标题样式”', '措施：以句号结束的领句']);
    expect(outline(result.chapters)).toEqual([
      '第一章 总体要求 [背景]',
      '第二章 重点任务',
      '  第一节 产业合作',
      '    承接纺织产业转移',
      '      建设纺织产业园。',
      '      引进龙头企业。',
      '    发展数字经济',
      '      建设数据中心。',
      '  第二节 人才交流',
      '    引进高层次人才',
      '      与长三角高校共建实验室。',
    ]);
  });

  it('numbering and outline levels together in a .docx: 标题 1 holds 一、, an outline level marks （一）', async () => {
    const lines = CITY_ACTION_PLAN.split('\n');
    const docx = await makeDocx(
      lines.map((text) => {
        if (/^[一二三]、/u.test(text)) return { text, heading: 1 as const };
        if (/^（[一二]）/u.test(text) && !/。/u.test(text)) return { text, outlineLevel: 1 };
        return { text };
      }),
    );
    const fromDocx = await preview('行动方案.docx', docx);
    const fromText = await preview('行动方案.txt', utf8(CITY_ACTION_PLAN));
    expect(outline(fromDocx.chapters)).toEqual(outline(fromText.chapters));
  });
});

describe('files that cannot be imported get a clear Chinese message', () => {
  const refused = async (name: string, bytes: Uint8Array) => {
    const error = await preview(name, bytes).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    return (error as Error).message;
  };

  it('an empty file, or one with only blanks', async () => {
    expect(await refused('空.txt', new Uint8Array())).toMatch(/为空/u);
    expect(await refused('空.txt', utf8(' \r\n\u3000\n'))).toMatch(/为空/u);
    expect(await refused('空.docx', await makeDocx([{ text: '' }]))).toMatch(/为空/u);
  });

  it('a binary file, a PDF, an old .doc, an Excel workbook and a damaged .docx', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
    expect(await refused('图片.txt', png)).toBe('文件不是文本或 Word 文档（.docx），无法读取。请导入 .txt 文本文件或 .docx 文档。');
    expect(await refused('规划.pdf', utf8('%PDF-1.7\n...'))).toMatch(/PDF/u);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await refused('规划.doc', ole)).toMatch(/旧版 Word 文档（\.doc）.*另存为“Word 文档（\*\.docx）”/u);
    const workbook = new JSZip();
    workbook.file('xl/workbook.xml', '<workbook/>');
    expect(await refused('表.xlsx', await workbook.generateAsync({ type: 'uint8array' }))).toMatch(/Excel|任务分工表/u);
    expect(await refused('坏.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]))).toMatch(/不是有效的 Word 文档/u);
  });

  it('text in which no structure can be recognised', async () => {
    expect(await refused('随笔.txt', utf8('今天天气很好。我们去公园散步。\n晚上看了一本书。'))).toBe(
      '未能识别出任何章节或条目，请确认这是一份规划文本。规划应有“第一章”或“一、”“（一）”这样的编号，或在 Word 中使用标题样式。',
    );
  });

  it('a file over the 20 MB limit, naming the limit', async () => {
    expect(await refused('大.txt', new Uint8Array(20 * 1024 * 1024 + 1))).toMatch(/超过 20 MB 的导入上限/u);
  });
});
