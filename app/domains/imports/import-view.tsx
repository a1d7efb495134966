import { DateTime, StatusBadge } from "~/components/data-table/cells";
import { IMPORT_STATUS_LABELS, type ImportStatusKey as ImportStatus } from "./import-status";
import { MASTERFILE_SHEETS } from "./masterfile-spec";

/**
 * The import page's pieces that need no router (browser-safe, rendered in tests as they are):
 * status, progress with its self-refresh, the preview counts, the committed counts (the problems
 * are in import-problems-view.tsx).
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

/** The classes of the page's tables (shared with import-problems-view.tsx). */
export const cell = "px-3 py-2";
export const num = `${cell} text-right tabular-nums`;
export const tableClass = "min-w-full divide-y divide-slate-200 text-sm";
export const frame = "overflow-x-auto rounded border border-slate-200 bg-white";

type CountColumn<R> = { label: string; value: (row: R) => number; alert?: boolean };

/** Per-sheet counts: a row per sheet, optionally a totals row. */
function CountsTable<R extends { key: string; name: string }>(props: { testId: string; rows: R[]; columns: CountColumn<R>[]; empty?: string; totals?: boolean }) {
  const { testId, rows, columns, empty, totals } = props;
  const sum = (c: CountColumn<R>) => rows.reduce((n, r) => n + c.value(r), 0);
  return (
    <div className={frame}>
      <table className={tableClass} data-testid={testId}>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={`${cell} text-left font-semibold`}>Sheet</th>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={`${num} font-semibold`}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length + 1} className="px-3 py-6 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" className={`${cell} text-left font-normal`}>{r.name}</th>
                {columns.map((c) => (
                  <td key={c.label} className={`${num} ${c.alert && c.value(r) > 0 ? "font-medium text-red-700" : ""}`}>{formatCount(c.value(r))}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {totals ? (
          <tfoot className="bg-slate-50 font-semibold">
            <tr>
              <th scope="row" className={`${cell} text-left`}>Total</th>
              {columns.map((c) => (
                <td key={c.label} className={num}>{formatCount(sum(c))}</td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

const SHEET_COUNT_COLUMNS: CountColumn<SheetCounts>[] = [
  { label: "Rows", value: (s) => s.rows },
  { label: "To create", value: (s) => s.create },
  { label: "To update", value: (s) => s.update },
  { label: "In error", value: (s) => s.error, alert: true },
];

/** What the import would do, sheet by sheet, with totals. */
export function SheetCountsTable({ sheets }: { sheets: SheetCounts[] }) {
  return <CountsTable testId="sheet-counts" rows={sheets} columns={SHEET_COUNT_COLUMNS} empty="The workbook has no masterfile sheet with rows." totals />;
}

export type CommittedCounts = { key: string; name: string; created: number; updated: number };

const COMMITTED_COLUMNS: CountColumn<CommittedCounts>[] = [
  { label: "Created", value: (s) => s.created },
  { label: "Updated", value: (s) => s.updated },
];

export function CommittedCountsTable({ sheets }: { sheets: CommittedCounts[] }) {
  return <CountsTable testId="committed-counts" rows={sheets} columns={COMMITTED_COLUMNS} />;
}

/** "Import 120 rows" or, with errors, "Import 120 valid rows, skip 3 rows with errors". */
export function confirmLabel(valid: number, inError: number): string {
  if (inError === 0) return `Import ${rows(valid)}`;
  return `Import ${formatCount(valid)} valid ${valid === 1 ? "row" : "rows"}, skip ${rows(inError)} with errors`;
}

export function Uploaded({ at, by }: { at: string; by: string | null }) {
  return (
    <>
      Uploaded <DateTime value={at} />
      {by ? ` by ${by}` : ""}
    </>
  );
}
