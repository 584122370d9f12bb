import { z } from 'zod';
import { anyone } from './access';
import { channel, id, type ChannelGroup } from './channel-def';
import { REPORT_KINDS, type ExportedFile, type ReportOptions } from './reports.types';
import { year } from './indicators.contract';

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
} satisfies ChannelGroup;
