import { posix } from 'node:path';

/**
 * The sheet names a user sees on the tabs, by the package part that holds each sheet ("xl/worksheets/sheet1.xml" →
 * "填报表"), read from the workbook and its relationships. Messages name sheets this way: a part name means nothing
 * to the person who has to fix the file.
 */
export function sheetNamesByPart(parts: ReadonlyMap<string, Uint8Array>): Map<string, string> {
  const text = (path: string) => {
    const bytes = parts.get(path);
    return bytes ? Buffer.from(bytes).toString('utf8') : '';
  };
  const targets = new Map<string, string>();
  for (const [, attributes] of text('xl/_rels/workbook.xml.rels').matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/gu)) {
    const id = attribute(attributes!, 'Id');
    const target = attribute(attributes!, 'Target');
    if (id === null || target === null) continue;
    targets.set(id, target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target)));
  }
  const names = new Map<string, string>();
  for (const [, attributes] of text('xl/workbook.xml').matchAll(/<(?:\w+:)?sheet\b([^>]*)>/gu)) {
    const name = attribute(attributes!, 'name');
    const id = attribute(attributes!, 'id', true);
    const part = id !== null ? targets.get(id) : undefined;
    if (name !== null && part !== undefined) names.set(part, name);
  }
  return names;
}

/** An attribute's value, entities decoded; `prefixed`: the attribute has a namespace prefix (r:id). */
function attribute(attributes: string, name: string, prefixed = false): string | null {
  const match = new RegExp(`(?:^|\\s)${prefixed ? '\\w+:' : ''}${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'u').exec(attributes);
  if (!match) return null;
  return (match[1] ?? match[2]!).replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/giu, (_, hex: string, dec: string, named: string) =>
    hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : ENTITIES[named.toLowerCase()]!,
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
