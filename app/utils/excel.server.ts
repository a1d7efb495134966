/**
 * Streams a table export as .xlsx: rows are written and committed batch by batch into exceljs's
 * streaming writer, and production waits whenever the client is not keeping up, so memory stays
 * bounded whatever the row count.
 */
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import Decimal from "decimal.js";
import { cellLabel, shownTotals, type ColumnType, type TableColumn, type TableRow, type TotalsRow } from "./data-table";

export const MONEY_FORMAT = '"$"#,##0.00;[Red]("$"#,##0.00)';
const NUMBER_FORMAT = "#,##0.########";
const PERCENT_FORMAT = "0.00%";
const DATE_FORMAT = "yyyy-mm-dd";
const DATETIME_FORMAT = "yyyy-mm-dd hh:mm";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const FORMATS: Partial<Record<ColumnType, string>> = {
  money: MONEY_FORMAT,
  number: NUMBER_FORMAT,
  percent: PERCENT_FORMAT,
  date: DATE_FORMAT,
  datetime: DATETIME_FORMAT,
};

/** Spreadsheet apps run text starting with these as a formula (CSV/formula injection). */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Every export's file name: `<what>-<project>-<date>.xlsx` ("wip-2026-12-07.xlsx" without a
 * project, "job-cost-N-2000-2026-12-07.xlsx" with one); the date is today's in UTC unless given.
 */
export function exportFilename(what: string, project?: string | null, day = new Date().toISOString().slice(0, 10)): string {
  return safeFilename([what, project, day].filter(Boolean).join("-"));
}

/** A filename safe for a quoted Content-Disposition value, always ending in .xlsx. */
export function safeFilename(name: string): string {
  const base = name
    .replace(/\.xlsx$/i, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 100);
  return `${base || "export"}.xlsx`;
}

type CellValue = string | number | Date | null;

/**
 * The one place a decimal string becomes a JS number: the spreadsheet cell, which is an IEEE
 * double in Excel anyway (exact for amounts under 2^53 cents). Sums are never computed from it.
 */
export function excelNumber(value: string | number | boolean): number | null {
  const n = Number(value);
  return typeof value !== "boolean" && Number.isFinite(n) ? n : null;
}

function cellValue(column: TableColumn, value: TableRow[string] | undefined): CellValue {
  if (value === null || value === undefined || value === "") return null;
  switch (column.type) {
    case "money":
    case "number": {
      const n = excelNumber(value);
      return n ?? neutralizeCell(String(value));
    }
    case "percent": {
      // percent units ("12.50") → the fraction Excel formats as a percent (0.125)
      const n = excelNumber(value);
      return n === null ? neutralizeCell(String(value)) : new Decimal(String(value)).dividedBy(100).toNumber();
    }
    case "date":
    case "datetime": {
      // Dates arrive as YYYY-MM-DD or ISO UTC; Excel has no time zones, so the UTC wall time is written.
      const d = new Date(column.type === "date" ? `${String(value).slice(0, 10)}T00:00:00Z` : String(value));
      return Number.isNaN(d.getTime()) ? neutralizeCell(String(value)) : d;
    }
    default:
      return neutralizeCell(cellLabel(column, String(value)));
  }
}

function columnWidth(column: TableColumn): number {
  const byType: Record<ColumnType, number> = { text: 30, money: 16, number: 12, percent: 10, date: 12, datetime: 18, status: 14 };
  return Math.max(byType[column.type], column.label.length + 2);
}

type Drainable = Pick<NodeJS.EventEmitter, "on" | "off"> & { _writableState?: { needDrain?: boolean } };

/**
 * exceljs pipes a worksheet into the zip through a (readable-stream v2) PassThrough whose
 * backpressure it ignores, so unless we wait for that buffer and the response to drain, a slow
 * client makes it hold the whole sheet in memory. Reaching for it is exceljs-internal (4.4, pinned).
 */
function sheetBuffer(sheet: ExcelJS.Worksheet): Drainable | undefined {
  const pipe = (sheet as unknown as { _stream?: { pipes?: Drainable[] } })._stream?.pipes?.[0];
  return pipe?._writableState && typeof pipe.on === "function" ? pipe : undefined;
}

/** Waits until both the response and the sheet's internal buffer have room (streaming writers). */
export async function drained(output: PassThrough, sheet?: ExcelJS.Worksheet | null): Promise<void> {
  for (;;) {
    const backlog = sheet ? sheetBuffer(sheet) : undefined;
    const full = output.writableNeedDrain ? output : backlog?._writableState?.needDrain ? backlog : undefined;
    if (!full || output.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        full.off("drain", done);
        output.off("close", done);
        resolve();
      };
      full.on("drain", done);
      output.on("close", done);
    });
  }
}

async function writeWorkbook(output: PassThrough, options: XlsxOptions): Promise<void> {
  const { columns, rows, totals } = options;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.sheetName.replace(/[\\/?*[\]:]/g, " ").slice(0, 31) || "Sheet1", {
    views: [{ state: "frozen", ySplit: 1 }],
    // printed: landscape, as wide as one page, the header row on every page
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" },
  });

  sheet.columns = columns.map((c) => ({ key: c.key, width: columnWidth(c), style: FORMATS[c.type] ? { numFmt: FORMATS[c.type] } : {} }));

  const header = sheet.addRow(columns.map((c) => neutralizeCell(c.label)));
  header.font = { bold: true };
  header.commit();

  let lastRow = 1;
  for await (const batch of rows) {
    for (const row of batch) sheet.addRow(columns.map((c) => cellValue(c, row[c.key]))).commit();
    lastRow += batch.length;
    await drained(output, sheet);
    if (output.destroyed) return; // the client went away: stop fetching rows
  }

  // a filter on every header, over the rows (not the totals rows); written when the sheet commits
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: columns.length } };
  for (const total of shownTotals(totals, options.totalRows, options.totalsLabel)) {
    const values = columns.map((c, i) => (c.total && total.values[c.key] !== undefined ? cellValue(c, total.values[c.key]) : i === 0 ? neutralizeCell(total.label) : null));
    const totalRow = sheet.addRow(values);
    totalRow.font = { bold: true };
    totalRow.commit();
  }
  sheet.commit();
  await workbook.commit();
}

export type XlsxOptions = {
  filename: string;
  sheetName: string;
  columns: TableColumn[];
  rows: AsyncIterable<TableRow[]>;
  totals?: Record<string, string> | null;
  /** The totals row's first cell (default "Total"), e.g. to say which rows it leaves out. */
  totalsLabel?: string;
  /** Labelled totals rows (a definition's `totalRows`), written instead of the one "Total" row. */
  totalRows?: TotalsRow[] | null;
};

export function xlsxResponse(options: XlsxOptions): Response {
  const output = new PassThrough();
  writeWorkbook(output, options).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return new Response(Readable.toWeb(output) as ReadableStream<Uint8Array>, { headers: xlsxHeaders(options.filename) });
}

/** Download headers of every .xlsx export. */
export const xlsxHeaders = (filename: string) => ({
  "Content-Type": XLSX_TYPE,
  "Content-Disposition": `attachment; filename="${safeFilename(filename)}"`,
  "Cache-Control": "no-store",
});
