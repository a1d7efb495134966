import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import type { InspectedSheet } from "./xlsx-inspection.server";

/**
 * Streams the rows of an inspected workbook, one sheet at a time, with exceljs's worksheet parser.
 * exceljs's own streaming reader walks the zip front to back and loses parts stored after the
 * worksheets (exceljs itself writes workbook.xml last: sheet names, date styles and whole sheets go
 * missing, exceljs#3064). Here the zip is opened by its central directory (yauzl) and the parts are
 * fed in the order the parser needs: relationships, workbook, shared strings, styles, then sheets.
 * Each part is inflated as a stream with its declared size enforced, so memory stays bounded.
 */

type ReaderInternals = {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
};

export type SheetRows = { name: string; rows: AsyncIterable<ExcelJS.Row> };

export async function* readSheets(buffer: Buffer, sheets: readonly InspectedSheet[]): AsyncGenerator<SheetRows> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  try {
    const entries = await entriesByName(zip);
    const open = async (name: string) => {
      const entry = entries.get(name);
      return entry ? ((await zip.openReadStreamPromise(entry)) as Readable) : null;
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(null as unknown as Readable, { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "ignore" });
    const internals = reader as unknown as ReaderInternals;
    const required = async (name: string) => {
      const stream = await open(name);
      if (!stream) throw new Error(`the workbook has no ${name}`);
      return stream;
    };
    await internals._parseRels(await required("xl/_rels/workbook.xml.rels"));
    await internals._parseWorkbook(await required("xl/workbook.xml"));
    const sharedStrings = await open("xl/sharedStrings.xml");
    if (sharedStrings) for await (const _ of internals._parseSharedStrings(sharedStrings)); // fills the reader's cache
    const styles = await open("xl/styles.xml");
    if (styles) await internals._parseStyles(styles);
    for (const sheet of sheets) {
      const part = await open(sheet.path);
      if (!part) continue;
      for (const event of internals._parseWorksheet(part, sheet.path.match(/(\d+)\.xml$/)?.[1] ?? "0")) {
        if (event.eventType === "worksheet") yield { name: sheet.name, rows: event.value };
      }
    }
  } finally {
    zip.close();
  }
}

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
