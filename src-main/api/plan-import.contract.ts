import { z } from 'zod';
import { channel, id, isoDate, nameText, requiredText, type ChannelGroup } from './channel-def';
import type { ImportPreview, ImportSaveResult } from './plan-import.types';
import { REGIONS } from './tasks.types';
import { officeOnly } from './access';

/** Channels of 导入规划 (contract part for plan import). */

/** The file travels as base64 inside the JSON payload; the service names the 20 MB limit in its message. */
const MAX_BASE64_LENGTH = Math.ceil((24 * 1024 * 1024) / 3) * 4;

const year = z.number().int().min(2000, '年份应在 2000—2100 之间').max(2100, '年份应在 2000—2100 之间');
// Preview text is sent back as the office edited it, so it is bounded but not trimmed.
const text = (max: number) => z.string().max(max, `不能超过 ${max} 个字符`);

const unitRef = z.strictObject({
  unitId: id.nullable(),
  name: requiredText(60),
  group: z.literal('city').optional(),
  create: z.enum(['department', 'city', 'investment_office']).optional(),
});
const columnIndex = z.number().int().min(0).max(99).nullable();
const columnMapping = z.strictObject({
  chapter: columnIndex,
  measure: columnIndex,
  task: columnIndex,
  lead: columnIndex,
  cooperating: columnIndex,
  deadline: columnIndex,
});
const proposal = z.strictObject({
  leadUnit: unitRef.nullable(),
  cooperatingUnits: z.array(unitRef).max(60),
  deadline: isoDate.nullable(),
  source: text(2000),
});
const node = {
  key: z.string().regex(/^n\d{1,9}$/u, '条目标识无效'),
  heading: text(40),
  body: text(200_000),
  hasTasks: z.boolean(),
  region: z.enum(REGIONS).nullable(),
};
const taskNode = z.strictObject({ ...node, level: z.literal('task'), title: requiredText(10_000), proposal: proposal.nullable(), children: z.tuple([]) });
const measureNode = z.strictObject({ ...node, level: z.literal('measure'), title: requiredText(2000), proposal: z.null(), children: z.array(taskNode).max(2000) });
const sectionNode = z.strictObject({ ...node, level: z.literal('section'), title: requiredText(500), proposal: z.null(), children: z.array(measureNode).max(2000) });
const chapterNode = z.strictObject({ ...node, level: z.literal('chapter'), title: requiredText(500), proposal: z.null(), children: z.array(sectionNode).max(500) });

const indicator = z.strictObject({
  name: requiredText(200),
  unit: text(40).nullable(),
  baselineYear: year.nullable(),
  baselineValue: z.number().finite().nullable(),
  targetYear: year,
  targetValue: z.number().finite().nullable(),
  targetText: text(200).nullable(),
  direction: z.enum(['higher', 'lower']).nullable(),
  sourceText: text(2000),
  note: text(5000),
});

/** Checks the whole tree level by level; typed as the preview the renderer holds and edits. */
export const importPreviewSchema: z.ZodType<ImportPreview, ImportPreview> = z.strictObject({
  source: z.strictObject({
    fileName: nameText(255),
    format: z.enum(['txt', 'docx', 'xlsx']),
    encoding: text(40).nullable(),
    byteSize: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/u, '文件摘要无效'),
  }),
  title: text(500),
  issuedOn: isoDate.nullable(),
  periodStart: year.nullable(),
  periodEnd: year.nullable(),
  outlookYear: year.nullable(),
  preface: text(200_000),
  indicatorNotes: text(50_000),
  indicators: z.array(indicator).max(500),
  levels: z.array(text(200)).max(20),
  warnings: z.array(text(2000)).max(2000),
  previousImport: z.strictObject({ planTitle: text(500), importedAt: text(40) }).nullable(),
  chapters: z.array(chapterNode).max(500),
  leftovers: z.array(z.strictObject({ key: z.string().regex(/^n\d{1,9}$/u, '条目标识无效'), text: text(200_000), reason: text(200) })).max(5000),
  table: z
    .strictObject({ origin: text(200), headers: z.array(text(500)).max(100), columns: columnMapping, rows: z.number().int().min(0).max(100_000) })
    .nullable(),
});

export const planImportChannels = {
  'planImport.preview': channel<ImportPreview>()(
    officeOnly('导入规划'),
    z.strictObject({
      fileName: nameText(255),
      contentBase64: z.string().max(MAX_BASE64_LENGTH, '文件超过 20 MB 的导入上限'),
      /** A 分工表's columns as the office mapped them in the preview; guessed from the headers when absent. */
      columns: columnMapping.optional(),
    }),
  ),
  'planImport.save': channel<ImportSaveResult>()(
    officeOnly('导入规划'),
    z.strictObject({
      preview: importPreviewSchema,
      title: requiredText(200),
      periodStart: year,
      periodEnd: year,
    }),
  ),
} satisfies ChannelGroup;
