import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';

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
