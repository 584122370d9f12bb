import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

/**
 * exceljs's streaming writer, collected into a Buffer. It writes each row's XML as the row is committed and zips
 * with Node's zlib, where `workbook.xlsx.writeBuffer()` first builds a model of every cell and then deflates in
 * JavaScript: at 10,000 rows that took 2 s and 700 MB (bench/, issue 8).
 *
 * exceljs 4.4.0's streaming WorksheetWriter writes two parts out of the order the schema (ECMA-376 §18.3.1.99)
 * requires, which Excel answers with "we found a problem with some content" and, for protection, by dropping it:
 * `<sheetProtection>` after `<dataValidations>` instead of right after `<sheetData>` (exceljs PR #2685, not
 * merged), and no `<printOptions>` at all (so `horizontalCentered` was lost). `addSheet` puts both where they
 * belong by wrapping three of the writer's internal steps; the version is pinned in package.json and
 * sheet-layout.test.ts checks the element order of a written sheet.
 */

export interface StreamingWorkbook {
  addSheet(name: string, options: Partial<ExcelJS.AddWorksheetOptions>): ExcelJS.Worksheet;
  /**
   * Whether the rows committed from now on put their text in the shared string table (xl/sharedStrings.xml)
   * rather than inline: inline is cheaper to write, but exceljs reads an empty inline string back as null.
   */
  useSharedStrings(sheet: ExcelJS.Worksheet, on: boolean): void;
  /**
   * Writes rows straight into the sheet's XML, without exceljs's row and cell objects (which took most of the time
   * of a large sheet). They must come after every row committed so far, and rows committed later after them.
   */
  writeRows(sheet: ExcelJS.Worksheet, rows: Iterable<RowData>): Promise<void>;
  /** Commits every sheet and the workbook's own parts; the finished file. */
  finish(): Promise<Buffer>;
}

/** A row for `writeRows`: every cell, in column order from A, with its (shared) style. */
export interface RowData {
  number: number;
  height: number;
  /**
   * The cells' values, as they go into the file: text already clean (sheet-layout.ts), undefined and a number that is
   * not finite written as an empty cell.
   */
  values: readonly (string | number | Date | null | undefined)[];
  /** Each cell's style, by column: a handful of shared objects (a row may share the whole array with others). */
  styles: readonly Partial<ExcelJS.Style>[];
}

/** The internal steps of exceljs 4.4.0's WorksheetWriter that `addSheet` reorders (and its string setting). */
interface WorksheetWriterSteps {
  pageSetup: Partial<ExcelJS.PageSetup>;
  useSharedStrings: boolean;
  /** The sheet XML being written; rows not yet committed; the number of the first of them. */
  stream: { write(chunk: string | Buffer): void };
  _rows: unknown[];
  _rowZero: number;
  startedData: boolean;
  _write(text: string): void;
  _writeCloseSheetData(): void;
  _writeSheetProtection(): void;
  _writePageMargins(): void;
}

function isWorksheetWriter(sheet: object): sheet is WorksheetWriterSteps {
  const steps = sheet as Partial<Record<keyof WorksheetWriterSteps, unknown>>;
  return ['_write', '_writeCloseSheetData', '_writeSheetProtection', '_writePageMargins'].every(
    (name) => typeof steps[name as keyof WorksheetWriterSteps] === 'function',
  );
}

function printOptionsXml(pageSetup: Partial<ExcelJS.PageSetup>): string {
  const attributes = [pageSetup.horizontalCentered ? ' horizontalCentered="1"' : '', pageSetup.verticalCentered ? ' verticalCentered="1"' : ''].join('');
  return attributes ? `<printOptions${attributes}/>` : '';
}

/** Text as exceljs writes it into XML (utils.xmlEncode): the five entities escaped, control characters dropped. */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /["&'<>\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u.test(text)
    ? // eslint-disable-next-line no-control-regex
      text.replace(/["&'<>\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/gu, (ch) => XML_ENTITIES[ch] ?? '')
    : text;
}
const XML_ENTITIES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/**
 * What follows a cell's reference, by the kind of value, for one style: its id in the style table (exceljs's
 * `addStyleModel`, which gives each style object one id and, for a date without a number format, the date format)
 * and the value's element. Null for an empty cell without a style: such a cell is not written at all.
 */
interface CellTails {
  text: string;
  number: string;
  date: string;
  empty: string | null;
}

type StyleTable = { addStyleModel(style: Partial<ExcelJS.Style>, type: ExcelJS.ValueType): number };

function cellTails(table: StyleTable, style: Partial<ExcelJS.Style>, types: typeof ExcelJS.ValueType): CellTails {
  // Asked lazily, in the order exceljs would: the first kind of value a style is used with decides its number format.
  let text: string | undefined;
  let number: string | undefined;
  let date: string | undefined;
  let empty: string | null | undefined;
  const idAttribute = (type: ExcelJS.ValueType) => {
    const id = table.addStyleModel(style, type);
    return id ? ` s="${id}"` : '';
  };
  return {
    get text() {
      return (text ??= `"${idAttribute(types.String)} t="str"><v>`);
    },
    get number() {
      return (number ??= `"${idAttribute(types.Number)}><v>`);
    },
    get date() {
      return (date ??= `"${idAttribute(types.Date)}><v>`);
    },
    get empty() {
      if (empty === undefined) {
        const id = idAttribute(types.Null);
        empty = id ? `"${id}/>` : null;
      }
      return empty;
    },
  };
}

/**
 * Text as UTF-8 bytes, in one pass: `Buffer.from` (what the sheet's stream does with a string) first measures the
 * encoded length in a pass of its own, which on Chinese text took as long as the encoding.
 */
function utf8(text: string): Buffer {
  // No UTF-16 unit takes more than 3 bytes (a surrogate pair takes 4 for its two).
  const bytes = Buffer.allocUnsafe(text.length * 3);
  return bytes.subarray(0, bytes.write(text, 'utf8'));
}

/** Excel's serial day number of a date, as exceljs writes it (utils.dateToExcel, 1900 date system). */
const excelDay = (date: Date): number => 25569 + date.getTime() / (24 * 3600 * 1000);

function putPartsInSchemaOrder(sheet: ExcelJS.Worksheet): void {
  if (!isWorksheetWriter(sheet)) throw new Error('exceljs streaming WorksheetWriter has changed: check xlsx-stream-writer.ts against the installed version.');
  const closeSheetData = sheet._writeCloseSheetData.bind(sheet);
  const writeProtection = sheet._writeSheetProtection.bind(sheet);
  const writeMargins = sheet._writePageMargins.bind(sheet);
  sheet._writeCloseSheetData = () => {
    closeSheetData();
    writeProtection();
  };
  sheet._writeSheetProtection = () => undefined;
  sheet._writePageMargins = () => {
    const printOptions = printOptionsXml(sheet.pageSetup);
    if (printOptions) sheet._write(printOptions);
    writeMargins();
  };
}

/** A column's letters: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * exceljs is loaded on first use, not with the app: evaluating it took ~300 ms of the main process's start-up (bench/,
 * browser mode's first paint), and the exports that need it run in their worker (export-runner.ts).
 */
export async function openStreamingWorkbook(properties: { creator: string; created: Date }): Promise<StreamingWorkbook> {
  const excel = (await import('exceljs')).default;
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const writer = new excel.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  // The style table: `addStyleModel` gives a style object's id, computed once per object (WeakMap).
  const { styles } = writer as unknown as { styles: StyleTable };
  writer.creator = properties.creator;
  writer.lastModifiedBy = properties.creator;
  writer.created = properties.created;
  writer.modified = properties.created;
  return {
    addSheet(name, options) {
      const sheet = writer.addWorksheet(name, options);
      putPartsInSchemaOrder(sheet);
      return sheet;
    },
    useSharedStrings(sheet, on) {
      // A documented per-sheet option that the writer reads for every row it writes (workbook-writer.js: "it's
      // even possible to switch it mid-sheet").
      if (isWorksheetWriter(sheet)) sheet.useSharedStrings = on;
    },
    async writeRows(sheet, rows) {
      if (!isWorksheetWriter(sheet) || sheet._rows.length > 0 || !sheet.startedData) {
        throw new Error('writeRows needs the rows before it committed (at least one) and none pending.');
      }
      // The XML is gathered as pieces and joined once per chunk: building each cell's string (and the sheet's from
      // those) made ~40 MB of short-lived strings for a 10,000-row sheet, and the collector's time with them.
      const pieces: string[] = [];
      let length = 0;
      // Per column, `<c r="` and its letters; per style and kind of value, what follows the row number.
      const cellStarts: string[] = [];
      const tails = new Map<Partial<ExcelJS.Style>, CellTails>();
      const tailsOf = (style: Partial<ExcelJS.Style>): CellTails => {
        let known = tails.get(style);
        if (!known) {
          known = cellTails(styles, style, excel.ValueType);
          tails.set(style, known);
        }
        return known;
      };
      let last = sheet._rowZero - 1;
      for (const row of rows) {
        if (row.number <= last) throw new Error(`Rows must be written in order: ${row.number} after ${last}.`);
        const { values, styles: cellStyles } = row;
        const number = String(row.number);
        // As exceljs's RowXform and CellXform render them: same attributes, same order.
        const open = `<row r="${number}" ht="${row.height}" customHeight="1" spans="1:${values.length}" x14ac:dyDescent="0.25">`;
        pieces.push(open);
        length += open.length + 6;
        for (let index = 0; index < values.length; index++) {
          const value = values[index];
          const start = (cellStarts[index] ??= `<c r="${columnLetter(index + 1)}`);
          const tail = tailsOf(cellStyles[index]!);
          // The sheet's XML is cut into chunks where it was when it was one string (byte for byte the same file).
          if (typeof value === 'string') {
            const text = xmlText(value);
            pieces.push(start, number, tail.text, text, '</v></c>');
            length += start.length + number.length + tail.text.length + text.length + 8;
          } else if (typeof value === 'number' && Number.isFinite(value)) {
            const text = String(value);
            pieces.push(start, number, tail.number, text, '</v></c>');
            length += start.length + number.length + tail.number.length + text.length + 8;
          } else if (value instanceof Date) {
            const text = String(excelDay(value));
            pieces.push(start, number, tail.date, text, '</v></c>');
            length += start.length + number.length + tail.date.length + text.length + 8;
          } else if (tail.empty !== null) {
            pieces.push(start, number, tail.empty);
            length += start.length + number.length + tail.empty.length;
          }
        }
        pieces.push('</row>');
        last = row.number;
        if (length > 65_536) {
          sheet.stream.write(utf8(pieces.join('')));
          pieces.length = 0;
          length = 0;
          // A turn of the event loop after each chunk: the zip can take the chunks written so far and deflate them on
          // libuv's thread pool while the next ones are built, rather than all of the sheet's after the last row.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      if (pieces.length > 0) sheet.stream.write(utf8(pieces.join('')));
      // The writer numbers the rows it holds from here on.
      sheet._rowZero = last + 1;
    },
    async finish() {
      // Resolves once the sink has taken the last chunk (exceljs waits for its 'finish').
      await writer.commit();
      return Buffer.concat(chunks);
    },
  };
}
