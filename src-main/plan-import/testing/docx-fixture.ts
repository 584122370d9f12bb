import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';

/**
 * Builds .docx files for tests with the `docx` package, so no binary fixture is committed and each test states
 * the structure it feeds in: heading styles, custom styles with an outline level, outline levels set on the
 * paragraph, soft line breaks.
 */
export interface FixtureParagraph {
  text: string;
  /** Built-in heading style 标题 1–6 (Heading1…). */
  heading?: 1 | 2 | 3 | 4 | 5 | 6;
  /** Outline level set on the paragraph itself (0 = level 1). */
  outlineLevel?: number;
  /** A custom paragraph style id defined in `styles`. */
  style?: string;
  title?: boolean;
}

export interface FixtureStyle {
  id: string;
  name: string;
  outlineLevel?: number;
  basedOn?: string;
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

export async function makeDocx(paragraphs: FixtureParagraph[], styles: FixtureStyle[] = []): Promise<Uint8Array> {
  const document = new Document({
    styles: {
      paragraphStyles: styles.map((style) => ({
        id: style.id,
        name: style.name,
        ...(style.basedOn ? { basedOn: style.basedOn } : {}),
        ...(style.outlineLevel !== undefined ? { paragraph: { outlineLevel: style.outlineLevel } } : {}),
      })),
    },
    sections: [
      {
        children: paragraphs.map(
          (p) =>
            new Paragraph({
              children: p.text.split('\n').map((line, index) => new TextRun({ text: line, ...(index > 0 ? { break: 1 } : {}) })),
              ...(p.heading ? { heading: HEADINGS[p.heading - 1] } : {}),
              ...(p.title ? { heading: HeadingLevel.TITLE } : {}),
              ...(p.outlineLevel !== undefined ? { outlineLevel: p.outlineLevel } : {}),
              ...(p.style ? { style: p.style } : {}),
            }),
        ),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/**
 * A .docx holding paragraphs, then a table, then paragraphs: `null` in a row means the cell above spans down over it
 * (a Word vertical merge), as 分工表 merge 重点任务 and 牵头单位 over their rows.
 */
export async function makeDocxTable(before: string[], header: string[], rows: (string | null)[][], after: string[] = []): Promise<Uint8Array> {
  const span = (r: number, c: number) => {
    let n = 1;
    while (rows[r + n]?.[c] === null) n++;
    return n;
  };
  const cell = (text: string, rowSpan = 1) => new TableCell({ children: [new Paragraph(text)], ...(rowSpan > 1 ? { rowSpan } : {}) });
  const table = new Table({
    rows: [
      new TableRow({ children: header.map((text) => cell(text)), tableHeader: true }),
      ...rows.map((row, r) => new TableRow({ children: row.flatMap((text, c) => (text === null ? [] : [cell(text, span(r, c))])) })),
    ],
  });
  const document = new Document({
    sections: [{ children: [...before.map((text) => new Paragraph(text)), table, ...after.map((text) => new Paragraph(text))] }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
