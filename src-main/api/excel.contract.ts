import { z } from 'zod';
import type { ChannelName } from './channels';
import { channel, id, type ChannelDef } from './channel-def';
import { REPORT_KINDS, type ExportedFile, type ReportOptions, type TemplateImportPreview, type TemplateImportResult } from './excel.types';

/** Channels of 报表 and the 填报模板 round trip (contract part for Excel). Files travel as base64 in the JSON. */

/** 20 MB of file as base64, plus room; the service checks the real size and says so in Chinese. */
const MAX_BASE64_LENGTH = Math.ceil((21 * 1024 * 1024) / 3) * 4;
const fileName = z.string().trim().min(1, '不能为空').max(255, '文件名不能超过 255 个字符');
const year = z.number().int().min(2000, '年份应在 2000—2100 之间').max(2100, '年份应在 2000—2100 之间');
const upload = {
  fileName,
  contentBase64: z.string().min(1, '文件是空的').max(MAX_BASE64_LENGTH, '文件超过 20 MB 的导入上限'),
  /** When given, the file must be this unit's template … */
  expectUnitId: id.optional(),
  /** … for this round (null: the latest-state template). */
  expectRoundId: id.nullable().optional(),
};

export const excelChannels = {
  'reports.options': channel<ReportOptions>()(z.strictObject({ planId: id })),
  'reports.export': channel<ExportedFile>()(
    z.strictObject({
      report: z.enum(REPORT_KINDS),
      planId: id,
      unitId: id.optional(),
      /** A reporting round; null or absent for the latest state. */
      roundId: id.nullable().optional(),
      year: year.optional(),
    }),
  ),
  'templates.export': channel<ExportedFile>()(z.strictObject({ planId: id, unitId: id, roundId: id.nullable() })),
  'templates.preview': channel<TemplateImportPreview>()(z.strictObject(upload)),
  'templates.apply': channel<TemplateImportResult>()(
    z.strictObject({
      ...upload,
      /** Conflicting tasks the user confirmed; other conflicts are left as they are. */
      overrideConflicts: z.array(id).max(20_000),
    }),
  ),
} satisfies Partial<Record<ChannelName, ChannelDef<z.ZodType, unknown>>>;
