import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import type { InspectedSheet } from "./xlsx-inspection.server";

/**
 * Streams the rows of an inspected workbook, one sheet at a time, with a small scanner of the
 * worksheet XML (SpreadsheetML is machine-written: rows, cells and values are found with indexOf
 * and a few regular expressions, several times faster than a general SAX parser feeding exceljs's
 * row model). The zip is opened by its central directory (yauzl), so parts stored after the
 * worksheets are found too; each part is inflated as a stream with its declared size enforced.
 * Memory: the shared strings and the date styles are held (as exceljs's "cache" mode did), a
 * sheet is never held whole, only the chunk being scanned.
 *
 * The values are what exceljs 4.4 hands over for the same cells, so the cell parsers see no
 * difference: numbers, strings, booleans, `{ error }` for error cells, a Date for a number whose
 * style is a date format (exceljs's rule: its format code, without quoted text and [...] parts,
 * holds one of y m d h M s b; style 0 is never a date), a formula's cached result. Two
 * differences, both on cells exceljs read wrongly: rich inline strings give all their runs (exceljs
 * kept the last), and phonetic runs (<rPh>) of shared strings are left out (exceljs returned them).
 */

export type SheetRow = {
  /** The worksheet's row number (1-based, as Excel shows it). */
  number: number;
  /** Cell values by column, 0-based (column A is index 0); gaps are undefined. */
  cells: unknown[];
};

export type SheetRows = { name: string; rows: AsyncIterable<SheetRow> };

const SHARED_STRINGS = "xl/sharedStrings.xml";
const STYLES = "xl/styles.xml";
const WORKBOOK = "xl/workbook.xml";

export async function* readSheets(buffer: Buffer, sheets: readonly InspectedSheet[]): AsyncGenerator<SheetRows> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  try {
    const entries = await entriesByName(zip);
    const open = async (name: string) => {
      const entry = entries.get(name);
      return entry ? ((await zip.openReadStreamPromise(entry)) as Readable) : null;
    };
    const workbook = await open(WORKBOOK);
    if (!workbook) throw new Error(`the workbook has no ${WORKBOOK}`);
    const date1904 = /<workbookPr\b[^>]*\bdate1904\s*=\s*["']1["']/.test(await readWhole(workbook));
    const sharedStringsPart = await open(SHARED_STRINGS);
    const sharedStrings = sharedStringsPart ? await readSharedStrings(sharedStringsPart) : [];
    const stylesPart = await open(STYLES);
    const dateStyles = stylesPart ? dateStyleIds(await readWhole(stylesPart)) : new Set<number>();
    const context: SheetContext = { sharedStrings, dateStyles, date1904 };
    for (const sheet of sheets) {
      const part = await open(sheet.path);
      if (!part) continue;
      yield { name: sheet.name, rows: sheetRows(part, context) };
    }
  } finally {
    zip.close();
  }
}

/**
 * How many rows `readSheets` will yield for each sheet, in a pass that inflates the sheets and finds
 * their row tags in the bytes (no text decoding, no cell): what a progress bar needs to know its
 * total before it starts.
 */
export async function countSheetRows(buffer: Buffer, sheets: readonly InspectedSheet[]): Promise<number[]> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  try {
    const entries = await entriesByName(zip);
    const counts: number[] = [];
    for (const sheet of sheets) {
      const entry = entries.get(sheet.path);
      counts.push(entry ? await countRows((await zip.openReadStreamPromise(entry)) as Readable) : 0);
    }
    return counts;
  } finally {
    zip.close();
  }
}

const ROW_TAG = Buffer.from("<row");
const SHEET_DATA_END = Buffer.from("</sheetData>");
/** After `<row`: whitespace, `>` or `/` (not `<rowBreaks` and the like). */
const endsTagName = (byte: number) => byte === 0x20 || byte === 0x3e || byte === 0x2f || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/** The `<row …>` tags (not `<row …/>`, which `sheetRows` skips) before `</sheetData>`, read chunk by chunk. */
async function countRows(stream: Readable): Promise<number> {
  let rows = 0;
  let carry: Buffer | null = null; // a tag (or the end marker) cut by the chunk boundary
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = null;
    const end = data.indexOf(SHEET_DATA_END);
    const limit = end === -1 ? data.length : end;
    let at = 0;
    for (;;) {
      const start = data.indexOf(ROW_TAG, at);
      if (start === -1 || start >= limit) break;
      if (start + ROW_TAG.length >= data.length) {
        carry = data.subarray(start);
        break;
      }
      if (!endsTagName(data[start + ROW_TAG.length])) {
        at = start + ROW_TAG.length;
        continue;
      }
      const tagEnd = data.indexOf(0x3e, start);
      if (tagEnd === -1) {
        carry = data.subarray(start);
        break;
      }
      if (data[tagEnd - 1] !== 0x2f) rows += 1;
      at = tagEnd + 1;
    }
    if (end !== -1) {
      stream.destroy();
      return rows;
    }
    carry ??= data.subarray(Math.max(at, data.length - SHEET_DATA_END.length));
  }
  return rows;
}

/** A `<row …/>` has no cells and is not yielded. */
const hasCells = (rowXml: string) => rowXml.charCodeAt(rowXml.indexOf(">") - 1) !== 0x2f;

type SheetContext = { sharedStrings: readonly string[]; dateStyles: ReadonlySet<number>; date1904: boolean };

function entriesByName(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on("entry", (entry: Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", reject);
    zip.readEntry();
  });
}

async function readWhole(stream: Readable): Promise<string> {
  const decoder = new StringDecoder("utf8");
  let text = "";
  for await (const chunk of stream as AsyncIterable<Buffer>) text += decoder.write(chunk);
  return text + decoder.end();
}

/**
 * The complete `<tag …>…</tag>` (or `<tag …/>`) elements of the stream, in order, one array per
 * inflated chunk: only the current chunk and the incomplete element at its end are held. The
 * element must not contain itself; another element whose name starts with `tag` is skipped.
 * Scanning ends at `stopAt` (e.g. `</sheetData>`) when given.
 */
async function* elements(stream: Readable, tag: string, stopAt?: string): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let pending = "";
  let stopped = false;
  const scan = (final: boolean): string[] => {
    const found: string[] = [];
    let at = 0;
    const stop = stopAt ? pending.indexOf(stopAt) : -1;
    for (;;) {
      const start = pending.indexOf(open, at);
      if (stop !== -1 && (start === -1 || stop < start)) {
        stopped = true;
        return found;
      }
      if (start === -1) {
        // keep a tail that may hold the start of a tag cut by the chunk boundary
        pending = final ? "" : pending.slice(Math.max(at, pending.length - Math.max(open.length, stopAt?.length ?? 0)));
        return found;
      }
      const next = pending.charCodeAt(start + open.length);
      if (Number.isNaN(next)) break;
      if (next !== 0x20 && next !== 0x3e && next !== 0x2f && next !== 0x09 && next !== 0x0a && next !== 0x0d) {
        at = start + open.length; // another element whose name starts the same way
        continue;
      }
      const tagEnd = pending.indexOf(">", start);
      if (tagEnd === -1) break;
      let end: number;
      if (pending.charCodeAt(tagEnd - 1) === 0x2f) end = tagEnd + 1; // <tag …/>
      else {
        const closeAt = pending.indexOf(close, tagEnd);
        if (closeAt === -1) break;
        end = closeAt + close.length;
      }
      found.push(pending.slice(start, end));
      at = end;
    }
    pending = pending.slice(at); // an element cut by the chunk boundary: wait for the rest
    return found;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending += decoder.write(chunk);
    const found = scan(false);
    if (found.length) yield found;
    if (stopped) {
      stream.destroy();
      return;
    }
  }
  pending += decoder.end();
  const found = scan(true);
  if (found.length) yield found;
}

/** Each shared string's text: its `<t>` runs joined, phonetic runs left out. */
async function readSharedStrings(stream: Readable): Promise<string[]> {
  const strings: string[] = [];
  for await (const items of elements(stream, "si")) for (const si of items) strings.push(textRuns(withoutPhonetic(si)));
  return strings;
}

const withoutPhonetic = (xml: string) => (xml.includes("<rPh") ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "") : xml);

const T_RUN = /<t(?:\s[^>]*)?>([^<]*)<\/t>/g;

function textRuns(xml: string): string {
  let text = "";
  for (const match of xml.matchAll(T_RUN)) text += match[1];
  return decodeText(text);
}

/** The cellXfs indexes (cell style ids) whose number format is a date format, by exceljs's rule. */
function dateStyleIds(stylesXml: string): Set<number> {
  const custom = new Map<number, string>();
  for (const [, attributes] of stylesXml.matchAll(/<numFmt\s([^>]*?)\/?>/g)) {
    const id = attribute(attributes, "numFmtId");
    const code = attribute(attributes, "formatCode");
    if (id !== null && code !== null) custom.set(parseInt(id, 10), decodeText(code).replace(/[\\](.)/g, "$1"));
  }
  const ids = new Set<number>();
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? "";
  let index = 0;
  for (const [, attributes] of cellXfs.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const numFmtId = parseInt(attribute(attributes, "numFmtId") ?? "0", 10);
    if (numFmtId && index > 0) { // exceljs never styles a cell with style 0
      const code = custom.get(numFmtId) ?? BUILT_IN_FORMATS[numFmtId];
      if (code && isDateFormat(code)) ids.add(index);
    }
    index += 1;
  }
  return ids;
}

/** The built-in formats exceljs knows without a locale (the others it leaves unformatted). */
const BUILT_IN_FORMATS: Record<number, string> = {
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
};

const isDateFormat = (code: string) => /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));

const ATTRIBUTES = new Map<string, RegExp>();

function attribute(attributes: string, name: string): string | null {
  // Fast path: the form every writer uses, name="value" after a space.
  const at = attributes.indexOf(` ${name}="`);
  if (at !== -1) {
    const from = at + name.length + 3;
    return attributes.slice(from, attributes.indexOf('"', from));
  }
  if (!attributes.includes(name)) return null;
  let pattern = ATTRIBUTES.get(name);
  if (!pattern) ATTRIBUTES.set(name, (pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const match = pattern.exec(attributes);
  return match ? (match[1] ?? match[2]) : null;
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML text as a parser gives it: entities decoded, line ends normalized. */
function decodeText(raw: string): string {
  let text = raw.includes("&")
    ? raw.replace(ENTITY, (whole, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
        if (name) return NAMED[name];
        const code = decimal ? parseInt(decimal, 10) : parseInt(hex!, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      })
    : raw;
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  return text;
}

/** exceljs decodes the text of str and inlineStr cells a second time (named entities only). */
const decodeAgain = (text: string) => (text.includes("&") ? text.replace(/&(lt|gt|amp|apos|quot);/g, (_, name: string) => NAMED[name]) : text);

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const VALUE = /<v(?:\s[^>]*)?>([^<]*)<\/v>/;

async function* sheetRows(stream: Readable, context: SheetContext): AsyncGenerator<SheetRow> {
  let previous = 0;
  for await (const items of elements(stream, "row", "</sheetData>")) {
    for (const xml of items) {
      const tagEnd = xml.indexOf(">");
      const r = attribute(xml.slice(4, tagEnd), "r");
      const number = r === null ? previous + 1 : parseInt(r, 10);
      previous = number;
      if (!hasCells(xml)) continue;
      yield { number, cells: rowCells(xml.slice(tagEnd + 1), context) };
    }
  }
}

function rowCells(xml: string, context: SheetContext): unknown[] {
  const cells: unknown[] = [];
  let column = 0;
  for (const match of xml.matchAll(CELL)) {
    const attributes = match[1];
    const ref = attribute(attributes, "r");
    column = ref === null ? column + 1 : columnNumber(ref);
    if (column < 1) continue;
    cells[column - 1] = cellValue(attributes, match[2], context);
  }
  return cells;
}

/** "AB12" → 28. */
function columnNumber(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    n = n * 26 + (code - 0x60);
  }
  return n;
}

function cellValue(attributes: string, inner: string | undefined, context: SheetContext): unknown {
  if (!inner) return null;
  const type = attribute(attributes, "t");
  const raw = VALUE.exec(inner)?.[1];
  if (inner.includes("<f")) {
    if (raw === undefined) return null; // a formula without a cached result
    const text = decodeText(raw);
    return type === "str" ? decodeAgain(text) : parseFloat(text);
  }
  if (type === "inlineStr") return inner.includes("<is") ? decodeAgain(textRuns(withoutPhonetic(inner))) : null;
  if (raw === undefined) return null;
  switch (type) {
    case "s":
      return context.sharedStrings[parseInt(raw, 10)];
    case "str":
      return decodeAgain(decodeText(raw));
    case "e":
      return { error: decodeText(raw) };
    case "b":
      return parseInt(raw, 10) !== 0;
    default: {
      const number = parseFloat(raw);
      const style = attribute(attributes, "s");
      if (style !== null && context.dateStyles.has(parseInt(style, 10))) {
        return new Date(Math.round((number - 25569 + (context.date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
      }
      return number;
    }
  }
}
