// Reads a .docx's paragraphs with mammoth inside a worker thread whose heap is capped (see docx-reader.ts). Plain
// JavaScript for the same reason as xlsx-read.worker.mjs: it runs under vitest from the source folder and in the built
// app as its own entry (electron.vite.config.ts). It receives only the XML parts docx-guard.ts has inflated under its
// caps, packs them into a zip without compression for mammoth, and posts back each paragraph's text, style and
// whether Word numbers it. `extract` is exported for the in-process fallback used when a worker cannot start.
import { isMainThread, parentPort } from 'node:worker_threads';
import JSZip from 'jszip';
import mammoth from 'mammoth';

const isRecord = (value) => typeof value === 'object' && value !== null;

function textOf(node) {
  if (!isRecord(node)) return '';
  if (node.type === 'text') return typeof node.value === 'string' ? node.value : '';
  if (node.type === 'tab') return '\t';
  if (node.type === 'break') return node.breakType === 'line' ? '\n' : '';
  return Array.isArray(node.children) ? node.children.map(textOf).join('') : '';
}

/**
 * Mammoth's document model: elements with a `type` and `children`; paragraphs carry style and numbering. A table is
 * also passed whole, as rows of cells with their spans (mammoth turns Word's vertical merges into `rowSpan`), after
 * its cells' paragraphs (marked `inTable`).
 */
function collectParagraphs(node, out, inTable = false) {
  if (!isRecord(node)) return;
  if (node.type === 'paragraph') {
    out.push({
      text: textOf(node),
      styleId: typeof node.styleId === 'string' ? node.styleId : null,
      styleName: typeof node.styleName === 'string' ? node.styleName : null,
      numbered: isRecord(node.numbering),
      inTable,
    });
    return;
  }
  if (node.type === 'table') {
    const rows = [];
    for (const row of Array.isArray(node.children) ? node.children : []) {
      if (!isRecord(row) || row.type !== 'tableRow') continue;
      const cells = [];
      for (const cell of Array.isArray(row.children) ? row.children : []) {
        if (!isRecord(cell) || cell.type !== 'tableCell') continue;
        const paragraphs = [];
        collectParagraphs(cell, paragraphs, true);
        cells.push({
          text: paragraphs.map((p) => p.text).join('\n'),
          colSpan: Number.isInteger(cell.colSpan) ? cell.colSpan : 1,
          rowSpan: Number.isInteger(cell.rowSpan) ? cell.rowSpan : 1,
        });
      }
      rows.push(cells);
    }
    if (Array.isArray(node.children)) for (const child of node.children) collectParagraphs(child, out, true);
    out.push({ table: rows });
    return;
  }
  if (Array.isArray(node.children)) for (const child of node.children) collectParagraphs(child, out, inTable);
}

/** parts: path → bytes. Resolves with the paragraphs in document order. */
export async function extract(parts) {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(parts)) zip.file(name, content);
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  const found = [];
  await mammoth.convertToHtml(
    { buffer },
    {
      // Collect the paragraphs and hand mammoth an empty document: no HTML (or images) is needed.
      transformDocument: (document) => {
        collectParagraphs(document, found);
        return isRecord(document) ? { ...document, children: [] } : document;
      },
    },
  );
  return found;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', ({ parts }) => {
    extract(parts).then(
      (paragraphs) => port.postMessage({ ok: true, paragraphs }),
      (error) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  port.postMessage({ ready: true });
}
