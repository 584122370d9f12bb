import { z } from 'zod';
import { anyone } from './access';
import { channel, id, type ChannelGroup } from './channel-def';
import { REPORT_KINDS, type ExportedFile, type ReportOptions } from './reports.types';
import { year } from './indicators.contract';
import { noticeChannels } from './notices.contract';
import { problemChannels } from './problems.contract';
import { taskChannels } from './tasks.contract';

/**
 * 导出当前列表: a list as the user sees it, with the very input its list channel takes (filters, sort), so the file's
 * rows are the list's rows — all of them, not one page (a page's offset and limit are ignored).
 */
export const listExportInput = z.discriminatedUnion('list', [
  z.strictObject({ list: z.literal('tasks'), filter: taskChannels['tasks.list'].input }),
  z.strictObject({ list: z.literal('problems'), filter: problemChannels['problems.list'].input }),
  z.strictObject({ list: z.literal('notices'), filter: noticeChannels['notices.list'].input }),
  // A round's 任务报送明细, optionally narrowed to one unit as its page does.
  z.strictObject({ list: z.literal('round'), id, unitId: id.optional() }),
]);
export type ListExportInput = z.output<typeof listExportInput>;

/** Channels of 报表: the nine Excel reports (contract part for reports). Files travel as base64 in the JSON. */
export const reportChannels = {
  'reports.options': channel<ReportOptions>()(anyone, z.strictObject({ planId: id })),
  'reports.export': channel<ExportedFile>()(
    anyone,
    z.strictObject({
      report: z.enum(REPORT_KINDS),
      planId: id,
      unitId: id.optional(),
      /** A reporting round; null or absent for the latest state. */
      roundId: id.nullable().optional(),
      year: year.optional(),
    }),
  ),
  'reports.exportList': channel<ExportedFile>()(anyone, listExportInput),
} satisfies ChannelGroup;
