import { AppError } from './errors';

/**
 * Text from users and files, made safe to show and to store.
 *
 * Bidirectional control characters (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F
 * marks, U+061C the Arabic letter mark) are invisible and reorder what follows them: an attachment named
 * "report\u202Efdp.exe" shows as "reportexe.pdf". Chinese officials' texts never need them. Names (of attachments,
 * units, files) that carry one are refused, since a silently changed name would no longer be the one the user typed;
 * in free text they are removed.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

export function hasBidiControls(text: string): boolean {
  return text.search(BIDI_CONTROLS) >= 0;
}

/** Free text without bidi controls (for the shared text schema and services that store text). */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Refuses a name with bidi controls; `what` names the field ("附件名", "单位名称"). */
export function refuseBidiControls(name: string, what: string): string {
  if (!hasBidiControls(name)) return name;
  const shown = name.replace(BIDI_CONTROLS, '').slice(0, 60);
  throw new AppError(
    'INVALID_INPUT',
    `${what}“${shown}”含有看不见的文字方向控制字符（如 U+202E），它会让名称显示成另一个样子（例如把“报告.exe”显示成“报告.pdf”），未保存。请重新输入名称。`,
  );
}

/** Characters as people count them: 𠮷 is one, where `.length` counts two UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
