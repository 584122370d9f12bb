import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { makeDocx } from './testing/docx-fixture';
import { markDirectOutlineLevels, readDocx, readStyleOutlineLevels } from './docx-reader';

describe('reading a .docx into paragraphs with outline levels', () => {
  it('takes levels from heading styles, custom styles with an outline level (also inherited) and the paragraph itself', async () => {
    const bytes = await makeDocx(
      [
        { text: '某市实施方案', title: true },
        { text: '一、总体要求', heading: 1 },
        { text: '（一）指导思想', outlineLevel: 1 },
        { text: '正文第一句。第二句。\n软回车之后' },
        { text: '重点任务', style: 'Level1' },
        { text: '产业协作', style: 'Level2' },
        { text: '标题\n折行', heading: 2 },
        { text: '   ' },
      ],
      [
        { id: 'Level1', name: '一级标题', outlineLevel: 0 },
        { id: 'Level2', name: '二级标题', basedOn: 'Level2Base' },
        { id: 'Level2Base', name: '二级标题基础', outlineLevel: 1 },
      ],
    );
    const { paragraphs, autoNumbered } = await readDocx(bytes);
    expect(paragraphs).toEqual([
      { text: '某市实施方案', level: null, isTitle: true },
      { text: '一、总体要求', level: 1 },
      { text: '（一）指导思想', level: 2 },
      { text: '正文第一句。第二句。', level: null },
      { text: '软回车之后', level: null },
      { text: '重点任务', level: 1 },
      { text: '产业协作', level: 2 },
      { text: '标题折行', level: 2 },
    ]);
    expect(autoNumbered).toBe(0);
  });

  it('reads outline levels from styles.xml and marks direct ones, leaving body-text level 9 alone', () => {
    const styles = `<w:styles><w:style w:type="paragraph" w:styleId="A"><w:name w:val="甲"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>
      <w:style w:type="paragraph" w:styleId="Body"><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style></w:styles>`;
    expect([...readStyleOutlineLevels(styles)]).toEqual([['A', 2], ['B', 2]]);
    const xml = '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:outlineLvl w:val="0"/></w:pPr></w:p><w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:p>';
    expect(markDirectOutlineLevels(xml)).toBe(
      '<w:p><w:pPr><w:pStyle w:val="PlanDeskOutline0"/><w:outlineLvl w:val="0"/></w:pPr></w:p><w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:p>',
    );
  });

  it('refuses a zip that is no Word document, in Chinese', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    await expect(readDocx(await zip.generateAsync({ type: 'uint8array' }))).rejects.toThrow(/不是有效的 Word 文档/u);
  });
});
