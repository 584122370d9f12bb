import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

/**
 * Finds every place in the built renderer that would make the page load something from outside the package:
 * a script, style sheet, font or image referenced by an absolute or protocol-relative URL in HTML or CSS (src,
 * href, url(), @import, @font-face), and any URL string in the JavaScript bundle other than the few that are
 * identifiers, never fetched: XML namespaces, React's error-page links, and the base URL routers parse against.
 */
export const NEVER_FETCHED_URL_PREFIXES = [
  'http://www.w3.org/',
  'https://react.dev/errors/',
  'http://localhost',
];

export interface ExternalReference {
  file: string;
  url: string;
}

export function externalReferences(rendererDir: string): { files: number; references: ExternalReference[] } {
  const references: ExternalReference[] = [];
  const files = listFiles(rendererDir);
  for (const file of files) {
    const type = extname(file);
    if (!['.html', '.css', '.js', '.mjs', '.svg'].includes(type)) continue;
    const text = readFileSync(file, 'utf8');
    const name = relative(rendererDir, file);
    const found = new Set<string>();
    // HTML attributes and CSS url()/@import: any absolute or protocol-relative URL is a load from outside.
    for (const match of text.matchAll(/\b(?:src|href|srcset|poster|data)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]+)/giu)) found.add(match[1]!);
    for (const match of text.matchAll(/url\(\s*["']?\s*((?:https?:)?\/\/[^"')\s]+)/giu)) found.add(match[1]!);
    for (const match of text.matchAll(/@import\s+(?:url\()?\s*["']?\s*((?:https?:)?\/\/[^"')\s;]+)/giu)) found.add(match[1]!);
    if (type === '.js' || type === '.mjs') {
      // URL string literals (comments are not loads; a URL in a string might become one).
      for (const match of text.matchAll(/["'`]((?:https?:)?\/\/[a-z0-9.-]+[^"'`\s]*)/giu)) found.add(match[1]!);
    }
    for (const url of found) {
      if (type !== '.html' && type !== '.css' && NEVER_FETCHED_URL_PREFIXES.some((prefix) => url.startsWith(prefix))) continue;
      // An SVG's own xmlns is a namespace, not a load.
      if (type === '.svg' && url.startsWith('http://www.w3.org/')) continue;
      references.push({ file: name, url });
    }
  }
  return { files: files.length, references };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
