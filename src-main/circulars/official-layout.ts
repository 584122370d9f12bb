import { AlignmentType, DocumentGridType, Footer, LineRuleType, PageNumber, Paragraph, TextRun, type ISectionOptions } from 'docx';

/**
 * 公文 layout after GB/T 9704-2012, shared by the documents the office prints (调度情况通报, later 督办通知单): A4;
 * margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号; body 仿宋_GB2312 三号 on a grid
 * of 22 lines × 28 characters; page numbers "— 1 —" in 宋体 四号, right on odd pages and left on even ones, 7 mm below
 * the text block. Pure: values in, docx pieces out.
 */

const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (value: number) => Math.round(value * TWIPS_PER_MM);

export const PAGE = { width: mm(210), height: mm(297), top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) } as const;

/** 22 lines in the 225 mm text block: 28.95 pt each (579 twips). */
export const LINE_PITCH = Math.round((PAGE.height - PAGE.top - PAGE.bottom) / 22);
/**
 * 28 characters in the 156 mm line: 156 mm / 28 is 15.79 pt, so each 三号 (16 pt) body character gives back a quarter
 * point (w:spacing -5 twips). Set on the runs rather than through the section's character grid: LibreOffice measures
 * that grid from the largest font on the page (the 二号 title) and fits only 20 characters a line.
 */
const BODY_CHAR_SPACING = -5;

/** Point sizes of the 公文 号数, in half-points as Word counts them. */
export const SIZE = { er: 44, san: 32, si: 28 } as const;

/**
 * The fonts asked for, and what Word and WPS should use where they are missing (fontTable's altName): 方正 and
 * _GB2312 fonts are installed on most office PCs, not on every one.
 */
export const FONTS = {
  title: { name: '方正小标宋简体', fallback: '黑体' },
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  heading: { name: '黑体', fallback: 'SimHei' },
  subheading: { name: '楷体_GB2312', fallback: '楷体' },
  pageNumber: { name: '宋体', fallback: 'SimSun' },
} as const;
type FontRole = keyof typeof FONTS;

const fontOf = (role: FontRole) => {
  const name = FONTS[role].name;
  return { ascii: name, eastAsia: name, hAnsi: name, cs: name };
};

export function run(text: string, role: FontRole = 'body', size: number = SIZE.san, bold = false): TextRun {
  return new TextRun({ text, font: fontOf(role), size, bold, ...(size === SIZE.san ? { characterSpacing: BODY_CHAR_SPACING } : {}) });
}

const exactLine = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
// 公文 fill every line of the page: no paragraph's last lines are pushed to the next page to keep two together.
const fill = { widowControl: false } as const;

export function titleParagraph(text: string): Paragraph {
  // A title's lines at the 二号 size: a little more than the body's pitch, so that two lines of it do not touch.
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...exactLine, line: mm(12) }, children: [run(text, 'title', SIZE.er)] });
}

/** A body paragraph: first line indented by two characters, justified. */
export function bodyParagraph(text: string | TextRun[], role: FontRole = 'body'): Paragraph {
  return new Paragraph({
    ...fill,
    alignment: AlignmentType.JUSTIFIED,
    spacing: exactLine,
    indent: { firstLine: 640 },
    children: typeof text === 'string' ? [run(text, role)] : text,
  });
}

export function plainParagraph(text: string, alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.LEFT, rightIndentChars = 0): Paragraph {
  return new Paragraph({ ...fill, alignment, spacing: exactLine, indent: { right: rightIndentChars * 320 }, children: [run(text)] });
}

export const emptyLine = () => new Paragraph({ spacing: exactLine, children: [run('')] });

function pageNumberFooter(alignment: 'right' | 'left'): Footer {
  // "— 1 —" with one character's space to the outer edge (GB/T 9704 7.5).
  const dash = (text: string) => run(text, 'pageNumber', SIZE.si);
  return new Footer({
    children: [
      new Paragraph({
        alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: alignment === 'right' ? { right: 280 } : { left: 280 },
        children: [dash('— '), new TextRun({ children: [PageNumber.CURRENT], font: fontOf('pageNumber'), size: SIZE.si }), dash(' —')],
      }),
    ],
  });
}

/** A section in the layout: page, margins, grid and page numbers. */
export function officialSection(children: Paragraph[]): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        // The footer's line sits 7 mm under the text block: its bottom edge ~23 mm above the page's.
        margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(15), footer: mm(23) },
      },
      grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH },
    },
    footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
    children,
  };
}

/** The document's default run (正文 三号 仿宋_GB2312): the grid's character pitch is measured from it. */
export const DEFAULT_STYLES = { default: { document: { run: { font: fontOf('body'), size: SIZE.san } } } };

/**
 * Adds each font with its fallback to word/fontTable.xml (w:altName): the docx package writes a font table only for
 * embedded fonts, and without the entry Word and LibreOffice pick an arbitrary face for a missing 方正 font.
 */
export async function withFontFallbacks(bytes: Buffer): Promise<Buffer> {
  // Loaded on first use: at the top it cost every start ~17 ms of loading (bench/ first paint) for a rare step.
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const entries = Object.values(FONTS)
    .map(({ name, fallback }) => `<w:font w:name="${name}"><w:altName w:val="${fallback}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
    .join('');
  const existing = await zip.file('word/fontTable.xml')?.async('string');
  if (existing !== undefined && existing.includes('</w:fonts>')) {
    zip.file('word/fontTable.xml', existing.replace('</w:fonts>', `${entries}</w:fonts>`));
  } else {
    const fonts = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${entries}</w:fonts>`;
    zip.file('word/fontTable.xml', fonts);
    const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
    if (!rels.includes('fontTable.xml')) {
      zip.file(
        'word/_rels/document.xml.rels',
        rels.replace('</Relationships>', '<Relationship Id="rIdFontTable" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/></Relationships>'),
      );
      const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
      if (!types.includes('/word/fontTable.xml')) {
        zip.file(
          '[Content_Types].xml',
          types.replace('</Types>', '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/></Types>'),
        );
      }
    }
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
