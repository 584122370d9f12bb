import type { Kysely } from 'kysely';
import type { CircularBlock, CircularDraft } from '../api/circulars.types';
import { AppError } from '../api/errors';
import type { ExportedFile } from '../api/reports.types';
import type { Database } from '../db/database.types';
import { chinaDateOf } from '../rules/report-date';
import { noticeDetail } from '../notices/notices.service';
import { loadCircularData } from './circular-data';
import { buildNoticeForm } from './notice-form.docx';
import { buildRoundCircular, circularBlocks } from './round-circular.docx';

export interface RoundCircularInput {
  roundId: number;
  docNumber?: string | undefined;
  date?: string | undefined;
  requirements?: string[] | undefined;
  /** The paragraphs as the office edited them (from draftRoundCircularText); the draft's own when absent. */
  blocks?: CircularBlock[] | undefined;
}

async function circularOf(db: Kysely<Database>, input: RoundCircularInput) {
  const data = await loadCircularData(db, input.roundId);
  const year = (input.date ?? data.closedOn).slice(0, 4);
  // The office's own 发文字号 when given; otherwise a placeholder number it replaces in Word.
  const docNumber = input.docNumber?.trim() || `晋区融办〔${year}〕${input.roundId}号`;
  const options = { docNumber, date: input.date ?? data.closedOn, requirements: input.requirements };
  return { data, options, fileName: `${data.roundName}情况通报.docx` };
}

/** The draft of a closed round's 调度情况通报, paragraph by paragraph, for the office to edit before saving. */
export async function draftRoundCircularText(db: Kysely<Database>, input: RoundCircularInput): Promise<CircularDraft> {
  const { data, options, fileName } = await circularOf(db, input);
  return { fileName, blocks: circularBlocks(data, options) };
}

/** The 调度情况通报 of a closed round as a .docx, written from the office's edited paragraphs when it sends them. */
export async function draftRoundCircular(db: Kysely<Database>, input: RoundCircularInput): Promise<ExportedFile> {
  const { data, options, fileName } = await circularOf(db, input);
  if (input.blocks && !input.blocks.some((block) => block.text.trim() !== '')) {
    throw new AppError('INVALID_INPUT', '通报的各段都已清空，没有可保存的内容：请至少保留标题和正文。');
  }
  const bytes = await buildRoundCircular(data, options, input.blocks);
  return { fileName, contentBase64: bytes.toString('base64') };
}

/** The one-page 督办通知单 of a notice, to print, seal and send. */
export async function printNoticeForm(db: Kysely<Database>, noticeId: number, today: string): Promise<ExportedFile> {
  const notice = await noticeDetail(db, noticeId, today);
  const office = (await db.selectFrom('units').select('name').where('kind', '=', 'office').orderBy('seq').executeTakeFirst())?.name ?? '领导小组办公室';
  const bytes = await buildNoticeForm({
    number: notice.number,
    office,
    unitName: notice.unitName,
    level: notice.level,
    reason: notice.reason,
    requirement: notice.requirement,
    replyDue: notice.replyDue,
    issuedOn: chinaDateOf(notice.issuedAt),
    tasks: notice.tasks,
  });
  return { fileName: `督办通知单_${notice.number}_${notice.unitName}.docx`, contentBase64: bytes.toString('base64') };
}
