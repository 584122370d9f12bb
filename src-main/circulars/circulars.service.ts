import type { Kysely } from 'kysely';
import type { ExportedFile } from '../api/excel.types';
import type { Database } from '../db/database.types';
import { loadCircularData } from './circular-data';
import { buildRoundCircular } from './round-circular.docx';

export interface RoundCircularInput {
  roundId: number;
  docNumber?: string | undefined;
  date?: string | undefined;
  requirements?: string[] | undefined;
}

/** Drafts the 调度情况通报 of a closed round as a .docx the office edits and prints. */
export async function draftRoundCircular(db: Kysely<Database>, input: RoundCircularInput): Promise<ExportedFile> {
  const data = await loadCircularData(db, input.roundId);
  const year = (input.date ?? data.closedOn).slice(0, 4);
  // The office's own 发文字号 when given; otherwise a placeholder number it replaces in Word.
  const docNumber = input.docNumber?.trim() || `晋区融办〔${year}〕${input.roundId}号`;
  const bytes = await buildRoundCircular(data, { docNumber, date: input.date ?? data.closedOn, requirements: input.requirements });
  return { fileName: `${data.roundName}情况通报.docx`, contentBase64: bytes.toString('base64') };
}
