import { AlignmentType, Document, Packer, type Paragraph } from 'docx';
import { bodyParagraph, DEFAULT_STYLES, emptyLine, officialSection, plainParagraph, run, titleParagraph, withFontFallbacks } from './official-layout';
import { chineseDate } from './round-circular.docx';

/**
 * 督办通知单: one notice as the one page offices send — 文号, 督办对象, 督办事项, 要求, 办理时限, 落款 with room for the
 * seal — in the same 公文 layout as the 通报. Pure: the notice in, the .docx bytes out.
 */

export interface NoticeFormData {
  number: string;
  office: string;
  unitName: string;
  level: string;
  reason: string;
  requirement: string;
  replyDue: string;
  /** The Beijing date it was issued (成文日期). */
  issuedOn: string;
  tasks: { code: string; text: string }[];
}

const labelled = (label: string, text: string) => bodyParagraph([run(`${label}`, 'heading'), run(text)]);

export function noticeFormParagraphs(data: NoticeFormData): Paragraph[] {
  return [
    titleParagraph('督办通知单'),
    plainParagraph(data.number, AlignmentType.CENTER),
    emptyLine(),
    plainParagraph(`${data.unitName}：`),
    bodyParagraph(`根据规划任务落实情况，现对下列事项予以${data.level}色督办，请认真办理并按时反馈。`),
    labelled('督办事项：', data.reason),
    ...data.tasks.map((task) => bodyParagraph(`任务${task.code}：${task.text}`)),
    labelled('督办要求：', data.requirement),
    labelled('办理时限：', `请于${chineseDate(data.replyDue)}前书面反馈办理情况。`),
    emptyLine(),
    // Room for the seal over 落款 and date (GB/T 9704 7.3.5.1: 印章端正、居中下压发文机关署名和成文日期).
    emptyLine(),
    plainParagraph(data.office, AlignmentType.RIGHT, 4),
    plainParagraph(chineseDate(data.issuedOn), AlignmentType.RIGHT, 4),
    plainParagraph('（盖章）', AlignmentType.RIGHT, 6),
  ];
}

export async function buildNoticeForm(data: NoticeFormData): Promise<Buffer> {
  const document = new Document({
    creator: data.office,
    title: `督办通知单 ${data.number}`,
    evenAndOddHeaderAndFooters: true,
    styles: DEFAULT_STYLES,
    sections: [officialSection(noticeFormParagraphs(data))],
  });
  return withFontFallbacks(await Packer.toBuffer(document));
}
