import { PassThrough, Readable } from "node:stream";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { queryRows, type Tx } from "~/utils/db.server";
import { drained, neutralizeCell, xlsxHeaders } from "~/utils/excel.server";
import { causeText } from "./import-problems-view";
import { importErrorRowBatches } from "./imports.server";
import { MASTERFILE_SHEETS, type MasterfileSheet } from "./masterfile-spec";

/**
 * The rows in error, as the user wrote them, in a workbook they can fix and upload again: one
 * worksheet per masterfile sheet with errors (its own name, the spec's headers in spec order), each
 * row's stored cells, an "Errors" column and a "Because of" column (the parser ignores columns it
 * does not know). Rows come in the page's order: sheets with root causes first, and in each sheet the
 * rows refused on their own before those refused because of another row (named in "Because of").
 * Problems with a whole sheet have no row to fix here; the import page lists them.
 */

export const ERRORS_COLUMN = "Errors";
export const BECAUSE_OF_COLUMN = "Because of";

type Cell = string | number | boolean | null;
type ErrorRow = { sheet: string; rowNumber: number; cells: Cell[] };

const specOf = (stored: string): MasterfileSheet | undefined => MASTERFILE_SHEETS.find((s) => s.key === stored || s.name === stored);

/** A number a user typed as text ("-1,234.50", "(15)", "+1") is kept as typed; other formula-like text is neutralized. */
const NUMBER_LIKE = /^[-+]?[\d$.,()\s]+%?$/;
function cellValue(value: Cell): Cell {
  if (typeof value !== "string") return value;
  return NUMBER_LIKE.test(value) ? value : neutralizeCell(value);
}

type StoredError = { sheet: string; rowNumber: number; column: string | null; message: string; causeSheet: string | null; causeRow: number | null };

/**
 * For each row of the batch, from the errors recorded for those rows: "Column: message; …" (cell
 * problems in the sheet's column order, then the row's own: duplicate key, unknown reference…) and
 * the refused rows its problems follow from.
 */
async function messagesFor(tx: Tx, importId: string, batch: ErrorRow[]) {
  const wanted = sql.join(
    batch.map((r) => sql`(${r.sheet}::text, ${r.rowNumber}::int)`),
    sql`, `,
  );
  const found = await queryRows<StoredError>(
    tx,
    sql`select e.sheet, e.row_number as "rowNumber", e."column", e.message, e.cause_sheet as "causeSheet", e.cause_row as "causeRow"
      from (values ${wanted}) as wanted (sheet, row_number)
      join import_errors e on e.import_id = ${importId} and e.sheet = wanted.sheet and e.row_number = wanted.row_number`,
  );
  const bySheetRow = new Map<string, { order: number; text: string; cause: string | null }[]>();
  for (const e of found) {
    const columns = specOf(e.sheet)?.columns ?? [];
    const index = e.column === null ? -1 : columns.findIndex((c) => c.key === e.column || c.header === e.column);
    const header = e.column === null ? null : index >= 0 ? columns[index].header : e.column;
    const key = `${e.sheet}\u001f${e.rowNumber}`;
    const entry = {
      order: e.column === null ? Number.MAX_SAFE_INTEGER : index >= 0 ? index : columns.length,
      text: header ? `${header}: ${e.message}` : e.message,
      cause: e.causeSheet === null ? null : causeText(e.causeSheet, e.causeRow),
    };
    const list = bySheetRow.get(key);
    if (list) list.push(entry);
    else bySheetRow.set(key, [entry]);
  }
  return (row: ErrorRow) => {
    const messages = (bySheetRow.get(`${row.sheet}\u001f${row.rowNumber}`) ?? []).sort((a, b) => a.order - b.order || a.text.localeCompare(b.text));
    const causes = [...new Set(messages.flatMap((m) => (m.cause ? [m.cause] : [])))];
    return { errors: messages.map((m) => m.text).join("; "), becauseOf: causes.length ? causes.join("; ") : null };
  };
}

/** Writes the workbook into `output`, reading the rows in error batch by batch inside `tx`. */
export async function writeErrorRowsWorkbook(tx: Tx, importId: string, output: PassThrough): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  type Open = { stored: string; sheet: ExcelJS.Worksheet | null; width: number };
  let current = null as Open | null;
  let sheets = 0;

  const open = (stored: string) => {
    const spec = specOf(stored);
    if (!spec) return { stored, sheet: null, width: 0 }; // not a masterfile sheet: nothing to re-upload
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheets += 1;
    sheet.columns = [...spec.columns.map((c) => ({ width: Math.max(14, c.header.length + 2) })), { width: 60 }, { width: 24 }];
    const header = sheet.addRow([...spec.columns.map((c) => c.header), ERRORS_COLUMN, BECAUSE_OF_COLUMN]);
    header.font = { bold: true };
    header.commit();
    return { stored, sheet, width: spec.columns.length };
  };

  for await (const batch of importErrorRowBatches(tx, importId)) {
    const messageOf = await messagesFor(tx, importId, batch);
    for (const row of batch) {
      if (current?.stored !== row.sheet) {
        current?.sheet?.commit();
        current = open(row.sheet);
      }
      if (!current.sheet) continue;
      const cells = Array.from({ length: current.width }, (_, i) => cellValue(row.cells[i] ?? null));
      const { errors, becauseOf } = messageOf(row);
      current.sheet.addRow([...cells, errors, becauseOf]).commit();
    }
    await drained(output, current?.sheet);
    if (output.destroyed) return; // the client went away
  }
  current?.sheet?.commit();
  if (sheets === 0) {
    // A workbook needs a sheet; say why it is empty rather than sending a broken file.
    const sheet = workbook.addWorksheet("No errors");
    sheet.addRow(["No row of this import has an error."]).commit();
    sheet.commit();
  }
  await workbook.commit();
}

/**
 * The download: `run` holds the tenant transaction while the rows are streamed (they are read in
 * batches of 2,000, and only rows in error, so it stays short for any file a user would fix by hand).
 */
export function errorRowsResponse(run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, importId: string, filename: string): Response {
  const output = new PassThrough();
  run((tx) => writeErrorRowsWorkbook(tx, importId, output)).catch((error: unknown) =>
    output.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return new Response(Readable.toWeb(output) as ReadableStream<Uint8Array>, { headers: xlsxHeaders(filename) });
}
