// Reads an .xlsx into plain cell data inside a worker thread whose heap is capped (see xlsx-reader.ts). Plain
// JavaScript on purpose: the same file runs under vitest (from the source folder) and in the built app (as its own
// entry in electron.vite.config.ts), where a .ts worker could not be started. The shape it posts is
// `ExtractedWorkbook` in xlsx-cells.ts. `extract` is exported for the in-process fallback used when a worker cannot be
// started at all (see xlsx-reader.ts).
//
// It reads only what the import needs — sheet names and visibility, cell values with the number format that tells
// percentages and dates, merged ranges — straight from the package's XML with a streaming XML parser (saxes, the one
// exceljs uses). Loading the whole workbook model with exceljs cost three times as long and several times the memory
// for a 10,000-row template (bench/), mostly for styles, validations and layout the import never looks at.
import { posix } from 'node:path';
import { TextDecoder } from 'node:util';
import { isMainThread, parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';

// Loaded as the CommonJS module it is, not imported: importing it from this ES module had Node scan its source for
// its exports in every new worker first (~20 ms of the worker's start, each file read, bench/).
const { SaxesParser } = createRequire(import.meta.url)('saxes');

/** Number formats built into Excel (no <numFmt> in the file), as exceljs reads them. */
const BUILT_IN_FORMATS = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
  22: 'm/d/yy "h":mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** A format that shows a date or time (exceljs's rule): date letters outside quotes and [] sections. */
function isDateFormat(format) {
  if (!format) return false;
  let known = dateFormats.get(format);
  if (known === undefined) {
    known = /[ymdhMsb]+/u.test(format.replace(/\[[^\]]*\]/gu, '').replace(/"[^"]*"/gu, ''));
    dateFormats.set(format, known);
  }
  return known;
}
/** Each format's answer, once: a workbook has a few formats for thousands of numbers. */
const dateFormats = new Map();

const localName = (name) => name.slice(name.indexOf(':') + 1);

/** How much of a part is decoded and parsed at a time: never the whole of a 5 MB sheet as one string. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Runs `handlers` over an XML text, or over a part's UTF-8 bytes decoded a chunk at a time (a sheet of 10,000 rows
 * decoded whole was a 10 MB string on top of everything read from it); element names without their namespace prefix.
 */
function walk(xml, { open, text, close }) {
  const parser = new SaxesParser({ position: false });
  let failure = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  if (open) parser.on('opentag', (node) => open(localName(node.name), node.attributes));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  if (close) parser.on('closetag', (node) => close(localName(node.name)));
  if (typeof xml === 'string') {
    parser.write(xml);
  } else {
    // The decoder carries a character cut by a chunk's end over to the next chunk, saxes a cut surrogate pair.
    const decoder = new TextDecoder('utf-8');
    for (let start = 0; start < xml.length && !failure; start += CHUNK_BYTES) {
      parser.write(decoder.decode(xml.subarray(start, start + CHUNK_BYTES), { stream: true }));
    }
    parser.write(decoder.decode());
  }
  parser.close();
  if (failure) throw failure;
}

/** "A1" → [row, column]; null for a reference that is not one. Read by hand: it runs for every cell. */
function cellPosition(ref) {
  if (typeof ref !== 'string') return null;
  let column = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const code = ref.charCodeAt(i) & ~32; // upper case
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  if (i === 0 || i === ref.length) return null;
  let row = 0;
  for (let j = i; j < ref.length; j++) {
    const digit = ref.charCodeAt(j) - 48;
    if (digit < 0 || digit > 9) return null;
    row = row * 10 + digit;
  }
  return [row, column];
}

function rangePosition(ref) {
  const [from, to = from] = String(ref ?? '').split(':');
  const a = cellPosition(from);
  const b = cellPosition(to);
  if (!a || !b) return null;
  return { top: Math.min(a[0], b[0]), left: Math.min(a[1], b[1]), bottom: Math.max(a[0], b[0]), right: Math.max(a[1], b[1]) };
}

/** Relationship id → part path inside the package, and relationship type → path, for a part's .rels file. */
function readRelationships(xml, baseDir) {
  const byId = new Map();
  const byType = new Map();
  if (xml === null) return { byId, byType };
  walk(xml, {
    open(name, attributes) {
      if (name !== 'Relationship' || !attributes.Target || attributes.TargetMode === 'External') return;
      const target = attributes.Target.startsWith('/') ? attributes.Target.slice(1) : posix.normalize(posix.join(baseDir, attributes.Target));
      byId.set(attributes.Id, target);
      byType.set(String(attributes.Type ?? '').split('/').pop(), target);
    },
  });
  return { byId, byType };
}

/** The shared strings: each <si>'s text, rich text runs joined, phonetic guides (<rPh>) left out. */
function readSharedStrings(xml) {
  const strings = [];
  if (xml === null) return strings;
  let current = null;
  let inText = false;
  let phonetic = 0;
  walk(xml, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && current !== null && phonetic === 0) inText = true;
    },
    text(value) {
      if (inText) current += value;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        strings.push(current ?? '');
        current = null;
      }
    },
  });
  return strings;
}

/** Each cell style's number format (index = the s="…" of a cell). */
function readCellFormats(xml) {
  if (xml === null) return [];
  const custom = new Map();
  const formats = [];
  let inCellXfs = false;
  walk(xml, {
    open(name, attributes) {
      if (name === 'numFmt') custom.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formats.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  // exceljs leaves a style with format 0 (General) without a format.
  return formats.map((id) => (id ? (custom.get(id) ?? BUILT_IN_FORMATS[id] ?? null) : null));
}

function excelDate(serial, date1904) {
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
  return Number.isNaN(date.getTime()) ? null : { t: 'd', v: date.toISOString() };
}

/**
 * A cell's value as plain data, from its type attribute, its <v> (or inline text) and its number format. A formula
 * with no <v> (written by a script; only a spreadsheet program computes results) is kept as such, so that the import
 * can refuse it by name instead of reading the cell as empty.
 */
function cellValue(type, raw, inline, format, sharedStrings, date1904, formula) {
  // openpyxl writes such a formula with an empty <v></v>; an empty result is a value only for a text formula (t="str").
  if (formula !== null && inline === null && (raw === null || (type !== 'str' && raw.trim() === ''))) return { t: 'f', v: formula };
  switch (type) {
    case 's': {
      const index = raw === null ? Number.NaN : Number.parseInt(raw, 10);
      const text = sharedStrings[index];
      // With its index: the sheet numbers each shared string once (CompactCells).
      return text === undefined ? null : { t: 's', v: text, shared: index };
    }
    case 'inlineStr':
      return inline === null ? null : { t: 's', v: inline };
    case 'str':
      return raw === null ? null : { t: 's', v: raw };
    case 'b':
      return raw === null ? null : { t: 'b', v: Number.parseInt(raw, 10) !== 0 };
    case 'e':
      return raw === null ? null : { t: 'e', v: raw };
    case 'd': {
      const date = raw === null ? Number.NaN : Date.parse(raw);
      return Number.isNaN(date) ? null : { t: 'd', v: new Date(date).toISOString() };
    }
    default: {
      if (raw === null || raw.trim() === '') return null;
      const number = Number(raw);
      if (!Number.isFinite(number)) return null;
      if (isDateFormat(format)) return excelDate(number, date1904);
      return { t: 'n', v: number, pct: typeof format === 'string' && format.includes('%') };
    }
  }
}

/** The kinds, as CELL_KINDS in xlsx-cells.ts numbers them (a percentage is a number's kind + 1). */
const KIND = { s: 0, n: 1, d: 3, b: 4, e: 5, f: 6 };

/**
 * A sheet's cells written straight into the compact shape of `ExtractedSheet` (xlsx-cells.ts) as they are read: four
 * numbers per cell in a typed array that grows, each text once in `strings`. No array of every cell first and a second
 * pass to number its texts (a 10,000-row template: ~480,000 entries built, promoted and then thrown away, bench/); a
 * shared string is numbered once by its index, not looked up by its text for every cell that uses it.
 */
class CompactCells {
  constructor(sharedCount) {
    this.strings = [];
    this.stringIndex = new Map();
    /** Shared string index → index in `strings` + 1 (0: not yet used in this sheet). */
    this.fromShared = new Int32Array(sharedCount);
    this.cells = new Float64Array(4 * 1024);
    this.length = 0;
  }

  text(value) {
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.stringIndex.set(value, index);
    }
    return index;
  }

  /**
   * A shared string's index in `strings`: added once, by its index, without looking its text up (hashing each of a
   * template's ~20,000 texts, built up piece by piece, cost more than the rest of numbering them).
   */
  shared(sharedIndex, value) {
    const known = this.fromShared[sharedIndex];
    if (known !== 0) return known - 1;
    const index = this.strings.length;
    this.strings.push(value);
    this.fromShared[sharedIndex] = index + 1;
    return index;
  }

  push(row, column, kind, payload) {
    if (this.length + 4 > this.cells.length) {
      const grown = new Float64Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    const cells = this.cells;
    cells[this.length] = row;
    cells[this.length + 1] = column;
    cells[this.length + 2] = kind;
    cells[this.length + 3] = payload;
    this.length += 4;
  }

  /** The cells, those covered by a merged range but its top-left one dropped (their data is the top-left cell's). */
  finish(merges) {
    const inMergedRange = (r, c) => merges.some((m) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right && (r !== m.top || c !== m.left));
    let kept = this.length;
    if (merges.length > 0) {
      const cells = this.cells;
      kept = 0;
      for (let i = 0; i < this.length; i += 4) {
        if (inMergedRange(cells[i], cells[i + 1])) continue;
        if (kept !== i) cells.copyWithin(kept, i, i + 4);
        kept += 4;
      }
    }
    // A copy of exactly the cells (moved to the reading thread without a copy, read there without parsing).
    return this.cells.slice(0, kept);
  }
}

/**
 * One worksheet in the compact shape of `ExtractedSheet`: its cells and merged ranges. A merged range's data is its
 * top-left cell; the others are dropped.
 */
function readSheet(sheetName, state, xml, formats, sharedStrings, date1904) {
  const out = new CompactCells(sharedStrings.length);
  const merges = [];
  let row = 0;
  let column = 0;
  let cell = null;
  let reading = null;
  let phonetic = 0;
  walk(xml, {
    open(name, attributes) {
      switch (name) {
        case 'row': {
          const r = Number.parseInt(attributes.r ?? '', 10);
          row = Number.isInteger(r) && r > 0 ? r : row + 1;
          column = 0;
          break;
        }
        case 'c': {
          const position = cellPosition(attributes.r);
          if (position) [row, column] = position;
          else column += 1;
          const style = Number.parseInt(attributes.s ?? '0', 10);
          cell = { row, column, type: attributes.t ?? 'n', format: formats[style] ?? null, raw: null, inline: null, formula: null };
          break;
        }
        case 'v':
          if (cell) {
            cell.raw = '';
            reading = 'raw';
          }
          break;
        case 'is':
          if (cell) cell.inline = '';
          break;
        case 'f':
          if (cell) {
            cell.formula = '';
            reading = 'formula';
          }
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (cell && cell.inline !== null && phonetic === 0) reading = 'inline';
          break;
        case 'mergeCell': {
          const range = rangePosition(attributes.ref);
          if (range) merges.push(range);
          break;
        }
        default:
          break;
      }
    },
    text(value) {
      if (reading && cell) cell[reading] += value;
    },
    close(name) {
      if (name === 'v' || name === 't' || name === 'f') reading = null;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell) {
        const value = cellValue(cell.type, cell.raw, cell.inline, cell.format, sharedStrings, date1904, cell.formula);
        if (value !== null) {
          const kind = KIND[value.t] + (value.pct ? 1 : 0);
          let payload;
          if (value.t === 'b') payload = value.v ? 1 : 0;
          else if (value.t === 'n') payload = value.v;
          else if (value.shared !== undefined) payload = out.shared(value.shared, value.v);
          else payload = out.text(value.v);
          out.push(cell.row, cell.column, kind, payload);
        }
        cell = null;
      }
    },
  });
  return { name: sheetName, state, merges, strings: out.strings, cells: out.finish(merges) };
}

/** `parts`: the package's XML parts by path, as xlsx-guard.ts inflated them. */
export function extract(parts) {
  const decoder = new TextDecoder('utf-8');
  const text = (path) => (path && parts[path] ? decoder.decode(parts[path]) : null);
  /** The large parts (sheets, shared strings) as bytes: `walk` decodes them a chunk at a time. */
  const bytes = (path) => (path && parts[path] ? parts[path] : null);
  const workbookPath = 'xl/workbook.xml';
  const workbookXml = text(workbookPath);
  if (workbookXml === null) throw new Error('缺少 xl/workbook.xml');
  const relationships = readRelationships(text('xl/_rels/workbook.xml.rels'), 'xl');

  const declared = [];
  let date1904 = false;
  walk(workbookXml, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      if (name !== 'sheet') return;
      const idKey = Object.keys(attributes).find((key) => key.includes(':') && localName(key) === 'id');
      const state = attributes.state === 'hidden' || attributes.state === 'veryHidden' ? attributes.state : 'visible';
      declared.push({ name: attributes.name ?? '', state, path: idKey ? relationships.byId.get(attributes[idKey]) : undefined });
    },
  });

  const sharedStrings = readSharedStrings(bytes(relationships.byType.get('sharedStrings') ?? 'xl/sharedStrings.xml'));
  const formats = readCellFormats(text(relationships.byType.get('styles') ?? 'xl/styles.xml'));
  const sheets = [];
  for (const sheet of declared) {
    // Only worksheets where xlsx-guard.ts checked their rows and columns; a chart sheet has no cells.
    const xml = sheet.path && /^xl\/worksheets\//u.test(sheet.path) ? bytes(sheet.path) : null;
    sheets.push(xml === null ? { name: sheet.name, state: sheet.state, merges: [], strings: [], cells: new Float64Array(0) } : readSheet(sheet.name, sheet.state, xml, formats, sharedStrings, date1904));
  }
  return { sheets };
}

if (parentPort && isMainThread === false) {
  // Says the worker (and its modules) loaded, so the reader can tell a file that breaks the parse from a worker that
  // could not start. A file's parts follow in a message, once xlsx-guard.ts has passed them; a worker whose parse ended
  // well may be kept for the next file (xlsx-reader.ts), so every message is a file.
  parentPort.postMessage({ ready: true });
  parentPort.on('message', ({ parts }) => {
    try {
      // The cells' typed arrays are moved, not copied; the rest (names, merges, each text once) is cloned. Parsing the
      // same as one JSON string took the reading thread ~20–70 ms for a 10,000-row template (bench/).
      const workbook = extract(parts);
      parentPort.postMessage({ ok: true, workbook }, workbook.sheets.map((sheet) => sheet.cells.buffer));
    } catch (error) {
      parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
