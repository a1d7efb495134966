import { formatDateTime, StatusBadge } from "~/components/data-table/cells";
import { IMPORT_STATUS_LABELS, type ImportStatusKey as ImportStatus } from "./import-status";
import { MASTERFILE_SHEETS } from "./masterfile-spec";

/**
 * The import page's pieces that need no router (browser-safe, rendered in tests as they are):
 * status, progress with its self-refresh, the preview counts, the committed counts, the errors.
 */

/** The sheet's worksheet name, whether stored by key ("costCodes") or by name. */
export function sheetName(stored: string): string {
  return MASTERFILE_SHEETS.find((s) => s.key === stored || s.name === stored)?.name ?? stored;
}

/** The column's header on that sheet (stored by key or header); null stays null. */
export function columnHeader(sheet: string, column: string | null): string | null {
  if (column === null) return null;
  const spec = MASTERFILE_SHEETS.find((s) => s.key === sheet || s.name === sheet);
  return spec?.columns.find((c) => c.key === column || c.header === column)?.header ?? column;
}

const count = new Intl.NumberFormat("en-US");
export const formatCount = (n: number) => count.format(n);
const rows = (n: number) => `${formatCount(n)} ${n === 1 ? "row" : "rows"}`;

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  return <StatusBadge value={IMPORT_STATUS_LABELS[status]} />;
}

/**
 * Reloads the page every 2 seconds in a browser without JavaScript. Inside <noscript> a browser
 * running scripts never applies it (those poll through the revalidator instead), so it cannot fire twice.
 */
export function RefreshWithoutScript({ seconds = 2 }: { seconds?: number }) {
  return (
    <noscript>
      <meta httpEquiv="refresh" content={String(seconds)} />
    </noscript>
  );
}

const PHASE_TEXT: Partial<Record<ImportStatus, string>> = {
  queued: "Waiting for a worker to pick the file up…",
  parsing: "Reading and checking every row…",
  committing: "Writing the rows…",
};

export function ImportProgress({ status, done, total }: { status: ImportStatus; done: number; total: number }) {
  const shown = Math.min(done, total);
  return (
    <div className="space-y-1" data-testid="import-progress">
      <p className="text-sm text-slate-700">{PHASE_TEXT[status] ?? ""}</p>
      {total > 0 ? (
        <progress className="h-3 w-full max-w-xl" value={shown} max={total} aria-label="Rows processed">
          {formatCount(shown)} of {formatCount(total)}
        </progress>
      ) : (
        <progress className="h-3 w-full max-w-xl" aria-label="Rows processed" />
      )}
      <p className="text-sm text-slate-600 tabular-nums">{total > 0 ? `${formatCount(shown)} of ${rows(total)}` : `${rows(done)} processed`}</p>
    </div>
  );
}

export type SheetCounts = { key: string; name: string; rows: number; create: number; update: number; error: number };

const cell = "px-3 py-2";
const num = `${cell} text-right tabular-nums`;
const tableClass = "min-w-full divide-y divide-slate-200 text-sm";
const frame = "overflow-x-auto rounded border border-slate-200 bg-white";

/** What the import would do, sheet by sheet, with totals. */
export function SheetCountsTable({ sheets }: { sheets: SheetCounts[] }) {
  const total = sheets.reduce((t, s) => ({ rows: t.rows + s.rows, create: t.create + s.create, update: t.update + s.update, error: t.error + s.error }), {
    rows: 0,
    create: 0,
    update: 0,
    error: 0,
  });
  return (
    <div className={frame}>
      <table className={tableClass} data-testid="sheet-counts">
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={`${cell} text-left font-semibold`}>Sheet</th>
            <th scope="col" className={`${num} font-semibold`}>Rows</th>
            <th scope="col" className={`${num} font-semibold`}>To create</th>
            <th scope="col" className={`${num} font-semibold`}>To update</th>
            <th scope="col" className={`${num} font-semibold`}>In error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sheets.length === 0 ? (
            <tr>
              <td colSpan={5} className="px-3 py-6 text-center text-slate-500">
                The workbook has no masterfile sheet with rows.
              </td>
            </tr>
          ) : (
            sheets.map((s) => (
              <tr key={s.key}>
                <th scope="row" className={`${cell} text-left font-normal`}>{s.name}</th>
                <td className={num}>{formatCount(s.rows)}</td>
                <td className={num}>{formatCount(s.create)}</td>
                <td className={num}>{formatCount(s.update)}</td>
                <td className={`${num} ${s.error > 0 ? "font-medium text-red-700" : ""}`}>{formatCount(s.error)}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="bg-slate-50 font-semibold">
          <tr>
            <th scope="row" className={`${cell} text-left`}>Total</th>
            <td className={num}>{formatCount(total.rows)}</td>
            <td className={num}>{formatCount(total.create)}</td>
            <td className={num}>{formatCount(total.update)}</td>
            <td className={num}>{formatCount(total.error)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export type CommittedCounts = { key: string; name: string; created: number; updated: number };

export function CommittedCountsTable({ sheets }: { sheets: CommittedCounts[] }) {
  return (
    <div className={frame}>
      <table className={tableClass} data-testid="committed-counts">
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={`${cell} text-left font-semibold`}>Sheet</th>
            <th scope="col" className={`${num} font-semibold`}>Created</th>
            <th scope="col" className={`${num} font-semibold`}>Updated</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sheets.map((s) => (
            <tr key={s.key}>
              <th scope="row" className={`${cell} text-left font-normal`}>{s.name}</th>
              <td className={num}>{formatCount(s.created)}</td>
              <td className={num}>{formatCount(s.updated)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type ImportErrorView = { id: string; sheet: string; rowNumber: number | null; column: string | null; value: string | null; message: string };
export type ImportErrorsPage = { rows: ImportErrorView[]; total: number; page: number; pages: number };

const pageLink = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";

/** The problems found, 100 a page (`?page=N` links, so it pages without JavaScript). */
export function ImportErrorsTable({ errors, pathname }: { errors: ImportErrorsPage; pathname: string }) {
  const { page, pages } = errors;
  return (
    <div className="space-y-3">
      <div className={frame}>
        <table className={tableClass} data-testid="import-errors">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={`${cell} text-left font-semibold`}>Sheet</th>
              <th scope="col" className={`${num} font-semibold`}>Row</th>
              <th scope="col" className={`${cell} text-left font-semibold`}>Column</th>
              <th scope="col" className={`${cell} text-left font-semibold`}>Value</th>
              <th scope="col" className={`${cell} text-left font-semibold`}>Problem</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {errors.rows.map((e) => (
              <tr key={e.id}>
                <td className={cell}>{e.sheet}</td>
                <td className={num}>{e.rowNumber === null ? <span className="text-slate-500">whole sheet</span> : e.rowNumber}</td>
                <td className={cell}>{e.column ?? <span className="text-slate-400">—</span>}</td>
                <td className={`${cell} max-w-xs truncate font-mono text-xs`} title={e.value ?? undefined}>
                  {e.value ?? <span className="text-slate-400">—</span>}
                </td>
                <td className={cell}>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Error pages" className="flex items-center justify-end gap-2 text-sm">
          {page > 1 ? (
            <a className={pageLink} href={`${pathname}?page=${page - 1}`} rel="prev">
              Previous
            </a>
          ) : null}
          <span className="text-slate-600">
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <a className={pageLink} href={`${pathname}?page=${page + 1}`} rel="next">
              Next
            </a>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

/** "Import 120 rows" or, with errors, "Import 120 valid rows, skip 3 rows with errors". */
export function confirmLabel(valid: number, inError: number): string {
  if (inError === 0) return `Import ${rows(valid)}`;
  return `Import ${formatCount(valid)} valid ${valid === 1 ? "row" : "rows"}, skip ${rows(inError)} with errors`;
}

export const uploadedText = (at: string, by: string | null) => `Uploaded ${formatDateTime(at)}${by ? ` by ${by}` : ""}`;
