import { AppError } from '../api/errors';

// A flat character class, not groups of four: a 13 MB upload must not exhaust the regex engine's stack.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/u;

/**
 * Decodes base64 file content, refusing anything that is not base64: Node's decoder silently skips what it does not
 * understand, so a damaged upload would otherwise be stored as a different (shorter) file. `what` names the file.
 */
export function decodeBase64Strict(content: string, what: string): Buffer {
  if (content.length % 4 !== 0 || !BASE64.test(content)) {
    throw new AppError('INVALID_INPUT', `${what}的内容不是有效的 base64 编码，可能在上传时损坏，未保存。请重新选择文件上传。`);
  }
  return Buffer.from(content, 'base64');
}
