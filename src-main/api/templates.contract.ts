import { z } from 'zod';
import { member } from './access';
import { channel, id, nameText, type ChannelGroup } from './channel-def';
import type { ExportedFile } from './reports.types';
import type { TemplateImportPreview, TemplateImportResult } from './templates.types';

/** Channels of the 填报模板 round trip (contract part for templates). Files travel as base64 in the JSON. */

/** 20 MB of file as base64, plus room; the service checks the real size and says so in Chinese. */
const MAX_BASE64_LENGTH = Math.ceil((21 * 1024 * 1024) / 3) * 4;
const fileName = nameText(255);
const upload = {
  fileName,
  contentBase64: z.string().min(1, '文件是空的').max(MAX_BASE64_LENGTH, '文件超过 20 MB 的导入上限'),
  /** When given, the file must be this unit's template … */
  expectUnitId: id.optional(),
  /** … for this round (null: the latest-state template). */
  expectRoundId: id.nullable().optional(),
};

// A unit exports and imports its own unit's template (checked by the service); the office any unit's.
export const templateChannels = {
  'templates.export': channel<ExportedFile>()(member, z.strictObject({ planId: id, unitId: id, roundId: id.nullable() })),
  'templates.preview': channel<TemplateImportPreview>()(member, z.strictObject(upload)),
  'templates.apply': channel<TemplateImportResult>()(
    member,
    z.strictObject({
      ...upload,
      /** Conflicting tasks the user confirmed; other conflicts are left as they are. */
      overrideConflicts: z.array(id).max(20_000),
    }),
  ),
} satisfies ChannelGroup;
