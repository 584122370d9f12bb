import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../api/errors';
import { inflateEntry, readCentralDirectory, sniffFormat, type ZipWording } from '../exchange/xlsx-guard';
import { signBytes, verifyBytes } from './install-keys';
import {
  FORMAT_VERSION,
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  PACKAGE_LIMITS,
  PAYLOAD_FILE,
  PAYLOAD_SCHEMA_VERSION,
  SIGNATURE_FILE,
  attachmentPath,
  manifestSchema,
  versionProbe,
  type Manifest,
} from './package-format';

/**
 * Writing and reading a package's bytes: the zip, the manifest's hashes, the signature. Reading trusts nothing the file
 * says about itself until the signature over the manifest holds and every file matches the manifest's hash; the zip is
 * read with the same bounded inflation as an uploaded .xlsx (xlsx-guard.ts), so a zip bomb or a truncated file is
 * refused before anything else happens.
 */

const MB = 1024 * 1024;
const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface PackageContent {
  /** Every field but `files`, which is computed here. */
  manifest: Omit<Manifest, 'files'>;
  /** One JSON value per line. */
  records: readonly unknown[];
  attachments: ReadonlyMap<string, Buffer>;
}

/** Builds the zip: payload and attachments, then the manifest listing them, then its signature. */
export async function writePackage(content: PackageContent, privateKey: string): Promise<{ bytes: Buffer; manifestSha256: string }> {
  const payload = Buffer.from(content.records.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
  const files: Manifest['files'] = [{ path: PAYLOAD_FILE, size: payload.length, sha256: sha256Hex(payload) }];
  for (const [hash, bytes] of content.attachments) files.push({ path: attachmentPath(hash), size: bytes.length, sha256: hash });
  const manifest: Manifest = { ...content.manifest, files };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
  // Loaded on first use: at the top it cost every start ~17 ms of loading (bench/ first paint) for a rare step.
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  const options = { createFolders: false, date: new Date(content.manifest.createdAt) };
  zip.file(MANIFEST_FILE, manifestBytes, options);
  zip.file(SIGNATURE_FILE, signBytes(privateKey, manifestBytes), { ...options, compression: 'STORE' });
  zip.file(PAYLOAD_FILE, payload, options);
  // Attachments are mostly compressed already (PDF, JPEG, docx): deflating them again costs seconds and saves little.
  for (const [hash, bytes] of content.attachments) zip.file(attachmentPath(hash), bytes, { ...options, compression: 'STORE' });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  return { bytes, manifestSha256: sha256Hex(manifestBytes) };
}

export interface OpenedPackage {
  manifest: Manifest;
  manifestSha256: string;
  /** The payload's lines, parsed as JSON, not yet checked against a record schema. */
  lines: unknown[];
  attachments: Map<string, Buffer>;
}

/**
 * Opens a package: a whole zip within the limits, a manifest of a format this app reads, a valid signature by the key
 * the manifest names, and exactly the files it lists, each with its hash. Whether that key is trusted is the caller's
 * question (trust.ts). `what` names the package in every refusal.
 */
export function openPackage(bytes: Buffer, what: string): OpenedPackage {
  const refuse = (message: string): never => {
    throw new AppError('INVALID_INPUT', `${what}未导入：${message}`);
  };
  const wording: ZipWording = {
    kind: '交换包',
    expected: '下发包或上报包',
    resend: '请让对方重新生成并发送。',
    resave: '请让对方用规划督办台重新生成。',
    tooLarge: () => refuse(`解压后超过 ${PACKAGE_LIMITS.uncompressedBytes / MB} MB 的上限（可能是异常或恶意构造的文件）。`),
  };
  const format = sniffFormat(bytes);
  if (format === 'empty') refuse('文件是空的（0 字节）。');
  if (format !== 'zip') refuse('这不是规划督办台的交换包（应为 .zip 格式的下发包或上报包）。');
  if (bytes.length > PACKAGE_LIMITS.fileBytes) refuse(`文件大小为 ${(bytes.length / MB).toFixed(1)} MB，超过 ${(PACKAGE_LIMITS.fileBytes / MB).toFixed(1)} MB 的上限。`);

  let entries: ReturnType<typeof readCentralDirectory>;
  try {
    entries = readCentralDirectory(bytes, wording);
  } catch (error) {
    throw prefixed(error, what);
  }
  const byName = new Map<string, (typeof entries)[number]>();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    if (byName.has(entry.name)) refuse(`压缩包中“${entry.name.slice(0, 80)}”出现了两次，包的内容不明确。`);
    byName.set(entry.name, entry);
  }
  if (entries.some((entry) => (entry.flags & 0x1) === 0x1)) refuse('文件已加密，无法读取。');
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > PACKAGE_LIMITS.uncompressedBytes) wording.tooLarge();

  let budget = PACKAGE_LIMITS.uncompressedBytes;
  const inflate = (name: string, limit: number): Buffer => {
    const entry = byName.get(name);
    if (!entry) return refuse(`缺少“${name}”，文件不完整或不是交换包。`);
    let content: Buffer;
    try {
      content = inflateEntry(bytes, entry, Math.min(limit, budget), wording);
    } catch (error) {
      throw prefixed(error, what);
    }
    budget -= content.length;
    if (budget < 0) wording.tooLarge();
    return content;
  };

  const manifestBytes = inflate(MANIFEST_FILE, PACKAGE_LIMITS.manifestBytes);
  const signature = inflate(SIGNATURE_FILE, 1024);
  let json: unknown;
  try {
    json = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    return refuse('清单 manifest.json 不是有效的 JSON，文件已损坏。');
  }
  const probe = versionProbe.safeParse(json);
  if (!probe.success || probe.data.format !== PACKAGE_FORMAT) refuse('清单 manifest.json 不是规划督办台交换包的清单。');
  const { formatVersion, schemaVersion } = probe.data!;
  if (formatVersion > FORMAT_VERSION) {
    refuse(`它由更新版本的规划督办台生成，格式版本为 ${formatVersion}，本程序只能读取格式版本 ${FORMAT_VERSION}。请把规划督办台升级到能读取格式版本 ${formatVersion} 的版本后再导入。`);
  }
  if (schemaVersion > PAYLOAD_SCHEMA_VERSION) {
    refuse(`它的数据结构版本为 ${schemaVersion}，本程序只能读取版本 ${PAYLOAD_SCHEMA_VERSION}。请把规划督办台升级到能读取数据结构版本 ${schemaVersion} 的版本后再导入。`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) refuse(`清单 manifest.json 内容不符合格式（${describeIssue(parsed.error)}）。`);
  const manifest = parsed.data!;
  // The signature first: until it holds, nothing the manifest says (hashes, sender, numbers) is believed.
  if (!verifyBytes(manifest.sender.publicKey, manifestBytes, signature)) {
    refuse(`签名校验不通过：清单在生成后被改动过，或签名不是“${manifest.sender.unitName}”的密钥所签。没有写入任何数据，请让对方重新生成并发送。`);
  }

  const listed = new Set(manifest.files.map((file) => file.path));
  for (const name of byName.keys()) {
    if (name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name)) refuse(`压缩包中的“${name.slice(0, 80)}”不在清单中（包在生成后被加入了文件）。`);
  }
  const attachments = new Map<string, Buffer>();
  let payload: Buffer | null = null;
  for (const file of manifest.files) {
    const content = inflate(file.path, file.size);
    if (content.length !== file.size || sha256Hex(content) !== file.sha256) {
      refuse(`文件“${file.path}”的内容与清单记载的校验值不符（在生成后被改动或损坏）。没有写入任何数据，请让对方重新生成并发送。`);
    }
    if (file.path === PAYLOAD_FILE) payload = content;
    else if (file.path === attachmentPath(file.sha256)) attachments.set(file.sha256, content);
    else refuse(`清单中的“${file.path.slice(0, 80)}”不是交换包中应有的文件。`);
  }
  if (!payload) return refuse('缺少数据文件 payload.jsonl。');
  const text = payload.toString('utf8');
  const rows = text.split('\n').filter((line) => line.length > 0);
  if (rows.length > PACKAGE_LIMITS.payloadLines) refuse(`数据超过 ${PACKAGE_LIMITS.payloadLines} 行的上限。`);
  const lines = rows.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return refuse(`数据文件第 ${i + 1} 行不是有效的 JSON。`);
    }
  });
  return { manifest, manifestSha256: sha256Hex(manifestBytes), lines, attachments };
}

/** Checks each line against the record schema of the package's kind; the first bad line is named. */
export function parseRecords<T>(lines: readonly unknown[], schema: z.ZodType<T>, what: string): T[] {
  return lines.map((line, i) => {
    const parsed = schema.safeParse(line);
    if (!parsed.success) throw new AppError('INVALID_INPUT', `${what}未导入：数据文件第 ${i + 1} 行不符合格式（${describeIssue(parsed.error)}）。`);
    return parsed.data;
  });
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '整体'}：${issue.message}` : '格式不符';
}

function prefixed(error: unknown, what: string): unknown {
  if (!(error instanceof AppError) || error.message.startsWith(what)) return error;
  return new AppError(error.code, `${what}未导入：${error.message}`);
}
