import { z } from 'zod';
import { anyone, member, officeOnly } from './access';
import { channel, id, nameText, type ChannelGroup } from './channel-def';
import type { ExportedFile } from './excel.types';
import type { ExchangeInfo, PackageApplyResult, PackagePreview } from './exchange-packages.types';

/**
 * Channels of the exchange between isolated PCs (contract part for exchange packages). Files travel as base64 in the
 * JSON. Importing a 下发包 is open to anyone: on a new install nobody is chosen yet, and the package itself (signed by
 * the office's confirmed key) decides whose install this becomes; it writes only what the office owns.
 */

/** 90 MB of package as base64 (50 MB of attachments and room); the service checks the real size and says so. */
const MAX_BASE64_LENGTH = Math.ceil((90 * 1024 * 1024) / 3) * 4;
const upload = {
  fileName: nameText(255),
  contentBase64: z.string().min(1, '文件是空的').max(MAX_BASE64_LENGTH, '文件超过 90 MB 的导入上限'),
};
/** 8 groups of 5 digits, as shown: what the person confirmed after reading it with the other side. */
const fingerprint = z.string().regex(/^\d{5}( \d{5}){7}$/u, '指纹应为 8 组 5 位数字');
const apply = {
  ...upload,
  /** The sender's fingerprint, as confirmed by the person: needed for a key not trusted yet. */
  confirmFingerprint: fingerprint.optional(),
  /** Apply although earlier packages are missing (the gap is recorded). */
  acceptGap: z.boolean().default(false),
};

export const exchangePackageChannels = {
  'exchange.info': channel<ExchangeInfo>()(anyone, z.strictObject({})),
  'exchange.exportDispatch': channel<ExportedFile>()(officeOnly('导出下发包'), z.strictObject({ unitId: id })),
  'exchange.exportReport': channel<ExportedFile>()(member, z.strictObject({})),
  'exchange.previewDispatch': channel<PackagePreview>()(anyone, z.strictObject(upload)),
  'exchange.applyDispatch': channel<PackageApplyResult>()(anyone, z.strictObject(apply)),
  'exchange.previewReport': channel<PackagePreview>()(officeOnly('导入上报包'), z.strictObject(upload)),
  'exchange.applyReport': channel<PackageApplyResult>()(officeOnly('导入上报包'), z.strictObject(apply)),
} satisfies ChannelGroup;
