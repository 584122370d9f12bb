import { z } from 'zod';
import { anyone, installSetup, member, officeOnly } from './access';
import { channel, id, nameText, type ChannelGroup } from './channel-def';
import type { ExportedFile } from './reports.types';
import type { ExchangeInfo, PackageApplyResult, PackagePreview } from './exchange-packages.types';

/**
 * Channels of the exchange between isolated PCs (contract part for exchange packages). Files travel as base64 in the
 * JSON. Importing a 下发包 is open to anyone: on a new install nobody is chosen yet, and the package itself (signed by
 * the office's confirmed key) decides whose install this becomes; it writes only what the office owns.
 */

/**
 * The package as base64, as large as browser mode's 64 MB request allows (a 47.9 MB package: 50 MB of attachments in
 * decimal megabytes); the service checks the real size and says so.
 */
export const MAX_PACKAGE_BASE64_LENGTH = 64 * 1024 * 1024 - 64 * 1024;
const upload = {
  fileName: nameText(255),
  contentBase64: z.string().min(1, '文件是空的').max(MAX_PACKAGE_BASE64_LENGTH, '文件超过 47.9 MB 的交换包上限'),
};
/** As shown (8 groups of 5 digits): the service compares it with the package's key and names a mismatch. */
const fingerprint = z.string().min(1).max(60);
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
  'exchange.previewDispatch': channel<PackagePreview>()(installSetup('导入下发包'), z.strictObject(upload)),
  'exchange.applyDispatch': channel<PackageApplyResult>()(installSetup('导入下发包'), z.strictObject(apply)),
  'exchange.previewReport': channel<PackagePreview>()(officeOnly('导入上报包'), z.strictObject(upload)),
  'exchange.applyReport': channel<PackageApplyResult>()(officeOnly('导入上报包'), z.strictObject(apply)),
} satisfies ChannelGroup;
